#!/bin/bash
# Initialises the data directory on first start (password authentication over TCP, the databases named in
# POSTGRES_DATABASES), then runs the server in the foreground. Settings: POSTGRES_PASSWORD (required),
# POSTGRES_DATABASES (comma-separated), POSTGRES_MAX_CONNECTIONS (300), POSTGRES_SHARED_BUFFERS (128MB).
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "atrium-postgres: initialising $PGDATA"
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  IFS=',' read -ra databases <<< "${POSTGRES_DATABASES:-}"
  for db in "${databases[@]}"; do
    [ -n "$db" ] || continue
    echo "atrium-postgres: creating database $db"
    psql -v ON_ERROR_STOP=1 -q -U postgres -d postgres -c "create database \"$db\""
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' \
  -c max_connections="${POSTGRES_MAX_CONNECTIONS:-300}" -c shared_buffers="${POSTGRES_SHARED_BUFFERS:-128MB}" \
  -c unix_socket_directories=/var/run/postgresql
