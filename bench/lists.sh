#!/usr/bin/env bash
# Latency of deal-service's and activity-service's list, board, search and timeline queries at scale, as their
# repositories build them (bench/sql/lists/before: main before issue 15's list work; bench/sql/lists/after: with it),
# one client, pgbench, fixed seed. Prints p50/p95/p99 in ms per workload.
#   bench/lists.sh [-s before|after] [-t TRANSACTIONS] [-q SLOW_TRANSACTIONS] [-d DEAL_DB] [-a ACTIVITY_DB]
# The databases are seeded by bench/data/seed-service.sh (deal: 100,000 deals, atrium_bench_deal; activity: 1,000,000
# activities, 200,000 tasks, 100,000 tickets, atrium_bench_activity); "after" needs the V30 migrations applied
# (seed-service.sh --migrate). WORKLOADS (environment) picks some by name (file names in bench/sql/lists/after).
# Scope "all" is record access level all; "team" 5 owners or authors (user-1..user-5), "own" one (user-7).
# -q is the count for the workloads that took seconds before (rare and absent words, small filters).
set -euo pipefail
sql=after t=100 tq= deal_db=atrium_bench_deal activity_db=atrium_bench_activity
while getopts s:t:q:d:a: o; do
    case $o in
        s) sql=$OPTARG ;; t) t=$OPTARG ;; q) tq=$OPTARG ;; d) deal_db=$OPTARG ;; a) activity_db=$OPTARG ;;
        *) exit 2 ;;
    esac
done
tq=${tq:-$t}
here=$(cd "$(dirname "$0")" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
slow=" deal-tag-rare deal-tag-nobody deal-stage-small deal-amount-range deal-close-week deal-board-all deal-board-team
    act-q-rare act-q-none act-q-phrase act-created-all task-created-all task-assignee-any-status ticket-updated-all
    ticket-assignee ticket-breached-due "
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); SQL $sql"
for f in "$here"/sql/lists/$sql/*.sql; do
    name=$(basename "$f" .sql)
    [ -z "${WORKLOADS:-}" ] || [[ " $WORKLOADS " == *" $name "* ]] || continue
    case $name in deal-*) db=$deal_db ;; *) db=$activity_db ;; esac
    n=$t
    [[ "$slow" == *" $name "* ]] && n=$tq
    (cd "$work" && rm -f lat.* && pgbench -n -M prepared -c 1 -t "$n" --random-seed=42 -l --log-prefix=lat -f "$f" \
        "$db" >"$work/out" 2>&1) || { cat "$work/out" >&2; exit 1; }
    cat "$work"/lat.* | awk '{print $3 / 1000}' | sort -n | awk -v name="$name" '
        { v[NR] = $1 }
        END {
            p = (NR * 0.50 == int(NR * 0.50)) ? NR * 0.50 : int(NR * 0.50) + 1; p50 = v[p]
            p = (NR * 0.95 == int(NR * 0.95)) ? NR * 0.95 : int(NR * 0.95) + 1; p95 = v[p]
            p = (NR * 0.99 == int(NR * 0.99)) ? NR * 0.99 : int(NR * 0.99) + 1; p99 = v[p]
            printf "| %s | %d | %.2f | %.2f | %.2f |\n", name, NR, p50, p95, p99
        }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
