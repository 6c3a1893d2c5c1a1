#!/usr/bin/env bash
# Creates a scratch database with contact-service's schema (its Flyway migrations applied in version order with
# psql) and seeds N contacts (default 1,000,000) with seed-contacts.sql.
#   bench/data/seed.sh [N] [DATABASE]      e.g. bench/data/seed.sh 1000000 atrium_bench
# PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres). Drops DATABASE first.
set -euo pipefail
n=${1:-1000000}
db=${2:-atrium_bench}
root=$(cd "$(dirname "$0")/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
psql -qX -d postgres -v ON_ERROR_STOP=1 -c "drop database if exists $db" -c "create database $db"
for f in $(ls "$root"/contact-service/src/main/resources/db/migration/V*.sql | sort -V); do
    psql -qX -d "$db" -v ON_ERROR_STOP=1 -f "$f"
done
time psql -qX -d "$db" -v ON_ERROR_STOP=1 -v n="$n" -f "$root/bench/data/seed-contacts.sql"
psql -X -d "$db" -Atc "select 'contacts: ' || count(*) from contact; select 'companies: ' || count(*) from company"
