#!/usr/bin/env bash
# Creates a scratch database with deal-service's or activity-service's schema (its Flyway migrations, then the
# platform's, applied in version order with psql) and seeds it with bench/data/seed-deals.sql or seed-activities.sql.
#   bench/data/seed-service.sh deal [N] [DATABASE]        N deals (default 100,000), DATABASE default atrium_bench_deal
#   bench/data/seed-service.sh activity [N] [DATABASE]    N activities (default 1,000,000; N/5 tasks, N/10 tickets)
#   bench/data/seed-service.sh deal|activity --migrate DATABASE
#                                  applies the service's migrations V30 and later to a database seeded with BEFORE=1
# BEFORE=1 applies only the migrations before V30 (the schema before issue 15's list and search indexes), so the same
# data can be measured before and after them. PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432,
# postgres). Drops DATABASE first.
set -euo pipefail
service=${1:?deal or activity}
root=$(cd "$(dirname "$0")/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
migrations=$root/$service-service/src/main/resources/db/migration
version() { basename "$1" | sed -E 's/^V([0-9]+).*/\1/'; }
if [ "${2:-}" = --migrate ]; then
    db=${3:?database}
    for f in $(ls "$migrations"/V*.sql | sort -V); do
        [ "$(version "$f")" -ge 30 ] || continue
        echo "applying $(basename "$f")"
        time psql -qX -d "$db" -v ON_ERROR_STOP=1 -f "$f"
    done
    psql -qX -d "$db" -c "analyze"
    exit 0
fi
case $service in
    deal) n=${2:-100000} seed=seed-deals.sql ;;
    activity) n=${2:-1000000} seed=seed-activities.sql ;;
    *) echo "deal or activity" >&2; exit 2 ;;
esac
db=${3:-atrium_bench_$service}
psql -qX -d postgres -v ON_ERROR_STOP=1 -c "drop database if exists $db" -c "create database $db"
for f in $(ls "$migrations"/V*.sql | sort -V); do
    [ -z "${BEFORE:-}" ] || [ "$(version "$f")" -lt 30 ] || continue
    psql -qX -d "$db" -v ON_ERROR_STOP=1 -f "$f"
done
for f in $(for f in "$root"/platform/*/src/main/resources/db/atrium-platform/V*.sql; do
    echo "$(basename "$f" | sed -E 's/^V([0-9_]+)__.*/\1/' | tr _ .) $f"; done | sort -V | cut -d' ' -f2); do
    psql -qX -d "$db" -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done
time psql -qX -d "$db" -v ON_ERROR_STOP=1 -v n="$n" -f "$root/bench/data/$seed"
psql -X -d "$db" -Atc "select relname || ': ' || n_live_tup from pg_stat_user_tables
    where relname in ('deal', 'deal_stage_change', 'activity', 'task', 'ticket') order by 1"
