#!/usr/bin/env bash
# Latency of contact search and list queries at scale, as the service runs them (the SQL of ContactRepository, one
# client, prepared statements; the tag filter is a bound parameter as the JDBC driver sends it, the other values are
# literals so each of the 20 scripts is planned for its own).
#   bench/search.sh [-d DATABASE] [-s before|after|words] [-t TRANSACTIONS] [-q SLOW_TRANSACTIONS]
# DATABASE is seeded by bench/data/seed.sh (default atrium_bench, 1M contacts). -s picks the SQL: bench/sql/before
# (main before issue 15), bench/sql/after (the trigram-driven search) or bench/sql/words (search by words, per-owner
# pages: needs contact-service's V35-V37 migrations). A workload whose template is missing from the set is skipped;
# a team workload uses TEMPLATE-team.sql when the set has one.
# WORKLOADS (environment) picks some of them by name. -q is the count for the searches and the rare-tag lists (seconds each before the fix). Prints p50/p95/p99 in ms per workload; each workload cycles through 20 fixed values (typos, cursors) with a fixed
# pgbench seed. Scope "all" is record access level all; "team" is a 5-subject scope (coalesce(owner, creator) in ...).
set -euo pipefail
db=atrium_bench sql=words t=200 tq=
while getopts d:s:t:q: o; do
    case $o in
        d) db=$OPTARG ;; s) sql=$OPTARG ;; t) t=$OPTARG ;; q) tq=$OPTARG ;;
        *) exit 2 ;;
    esac
done
tq=${tq:-$t}
here=$(cd "$(dirname "$0")" && pwd)
templates=$here/sql/$sql
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

typos=(jonhson wiliams rodriquez thompsen mitchel hernandes robinsn schmitt wagener kowalsky yamamto
    gonzales martines fisher takahasi johanson okafr garcai cristina jenifer)
prefixes=(smi joh wil rod tho mit her rob sch wag kow yam gon mar fis tak jon oka gar cri)
twos=("mary smith" "john johnson" "james wiliams" "linda garcia" "robert jonhson" "patricia brown" "michael jones"
    "jennifer davis" "david miller" "maria rodriguez" "sarah wilson" "thomas moore" "karen taylor" "nancy lee"
    "daniel white" "lisa harris" "paul clark" "emma lewis" "kevin young" "anna king")
phones=(5550100 5551234 5559876 5550042 5557777 5552020 5553141 5552718 5551618 5554242 5550007 5551010
    5556543 5558888 5551357 5552468 5559999 5550505 5556060 5553333)
companies=(globx nortwind fabrikm umbrela initec cyberdine vandeley aperure falcn granit
    quantm summitt pionner harbr nimbos pacifc atlantc golden silvr contso)
scope_all=true company_all=true
subjects="'user-1','user-2','user-3','user-4','user-5'"
scope_team="coalesce(owner_id, created_by) in ($subjects)"
company_team="coalesce(co.owner_id, co.created_by) in ($subjects)"
subject_array="user-1,user-2,user-3,user-4,user-5"
mapfile -t cursors < <(psql -X -d "$db" -At -F '|' -c \
    "select sort_name, created_at, updated_at, id from contact where deleted_at is null order by id limit 20")

# render WORKLOAD TEMPLATE SCOPE COMPANY_SCOPE VALUE-KIND: 20 scripts, one per value.
render() {
    local name=$1 template=$templates/$2.sql scope=$3 company=$4 kind=$5 i q text=search_text
    local posting=true check=true
    if [ "$scope" != true ]; then
        text="(search_text || '')" # as the trigram-driven searchSql did for a narrower scope
        posting="p.owner in ($subjects)"
        check="(not p.via_company or exists (select 1 from contact c2 join company co on co.id = c2.company_id where c2.id = p.contact_id and $company))"
        [ -f "$templates/$2-team.sql" ] && template=$templates/$2-team.sql
    fi
    [ -f "$template" ] || return 0
    echo "$name" >>"$work/rendered"
    mkdir -p "$work/$name"
    echo "$kind" >"$work/$name.tag"
    local count=20
    [ "$2" = tag ] && count=1 # one prepared statement, executed again and again with its parameter
    for i in $(seq 0 $((count - 1))); do
        IFS='|' read -r cname ccreated cupdated cid <<<"${cursors[$i]}"
        case $kind in
            person) q=${typos[$i]} ;;
            company) q=${companies[$i]} ;;
            prefix) q=${prefixes[$i]} ;;
            two) q=${twos[$i]} ;;
            phone) q=${phones[$i]} ;;
            *) q= ;;
        esac
        sed -e "s/@Q@/$q/g" -e "s/@TERMS@/${q// /,}/g" -e "s/@PATTERN@/%$q%/g" -e "s/@TAG@/$kind/g" \
            -e "s/@TEXT@/$text/g" -e "s/@POSTING_SCOPE@/$posting/g" -e "s/@COMPANY_CHECK@/$check/g" \
            -e "s/@SUBJECTS@/$subject_array/g" -e "s/@COMPANY_SCOPE_BARE@/${company//co./}/g" \
            -e "s/@SCOPE@/$scope/g" -e "s/@COMPANY_SCOPE@/$company/g" \
            -e "s/@NAME@/$cname/g" -e "s/@CREATED@/$ccreated/g" -e "s/@UPDATED@/$cupdated/g" -e "s/@ID@/$cid/g" \
            "$template" >"$work/$name/$i.sql"
    done
}

# run WORKLOAD TRANSACTIONS: one client, fixed seed; prints the percentiles of the logged latencies.
run() {
    local name=$1 n=$2 files=()
    for f in "$work/$name"/*.sql; do files+=(-f "$f"); done
    (cd "$work/$name" && pgbench -n -M prepared -c 1 -t "$n" --random-seed=42 -l --log-prefix=lat "${files[@]}" \
        -D tag="{$(cat "$work/$name.tag")}" -D lim=51 "$db" >"$work/$name.out" 2>&1) || { cat "$work/$name.out" >&2; exit 1; }
    grep -q "number of failed transactions: 0 " "$work/$name.out" || { grep -iE "error|failed" "$work/$name.out" | head -3 >&2; }
    cat "$work/$name"/lat.* >"${BENCH_LOG:-/dev/null}"
    cat "$work/$name"/lat.* | awk '{print $3 / 1000}' | sort -n | awk -v name="$name" '
        { v[NR] = $1 }
        END {
            p = (NR * 0.50 == int(NR * 0.50)) ? NR * 0.50 : int(NR * 0.50) + 1; p50 = v[p]
            p = (NR * 0.95 == int(NR * 0.95)) ? NR * 0.95 : int(NR * 0.95) + 1; p95 = v[p]
            p = (NR * 0.99 == int(NR * 0.99)) ? NR * 0.99 : int(NR * 0.99) + 1; p99 = v[p]
            printf "%-28s n=%-5d p50=%9.2f ms  p95=%9.2f ms  p99=%9.2f ms\n", name, NR, p50, p95, p99
        }'
}

: >"$work/rendered"
echo "database $db ($(psql -X -d "$db" -Atc 'select count(*) from contact') contacts), SQL $sql"
render search-person-all search "$scope_all" "$company_all" person
render search-person-team search "$scope_team" "$company_team" person
render search-company-all search "$scope_all" "$company_all" company
render tag-rare-all tag "$scope_all" "$company_all" nobody-has-this
render tag-rare-team tag "$scope_team" "$company_team" nobody-has-this
render tag-board-all tag "$scope_all" "$company_all" board-member
render tag-common-all tag "$scope_all" "$company_all" vip
render page-name-all name "$scope_all" "$company_all" none
render page-name-team name "$scope_team" "$company_team" none
render page-created-all created "$scope_all" "$company_all" none
render page-updated-all updated "$scope_all" "$company_all" none
render page-created-team created "$scope_team" "$company_team" none
render page-updated-team updated "$scope_team" "$company_team" none
render search-prefix-all search "$scope_all" "$company_all" prefix
render search-two-words-all search-words "$scope_all" "$company_all" two
render search-two-words-team search-words "$scope_team" "$company_team" two
render search-phone-all search-phone "$scope_all" "$company_all" phone
render stage-all stage "$scope_all" "$company_all" none
render stage-team stage "$scope_team" "$company_team" none
render company-q-all company-q "$scope_all" "$company_all" company
render company-q-team company-q "$scope_team" "$company_team" company
slow="search-person-all search-person-team search-company-all tag-rare-all tag-rare-team"
fast="tag-board-all tag-common-all page-name-all page-name-team page-created-all page-updated-all"
fast="$fast page-created-team page-updated-team search-prefix-all search-two-words-all search-two-words-team"
fast="$fast search-phone-all stage-all stage-team company-q-all company-q-team"
for w in ${WORKLOADS:-$slow $fast}; do
    grep -qx "$w" "$work/rendered" || continue
    case " $slow " in *" $w "*) run "$w" "$tq" ;; *) run "$w" "$t" ;; esac
done
