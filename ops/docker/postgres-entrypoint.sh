#!/bin/sh
# Postgres as the official image starts it, run as the postgres user: at the first start (an empty PGDATA)
# initdb with POSTGRES_PASSWORD for the superuser (password sign-in over TCP, trust only on the local socket),
# the database POSTGRES_DB, and every /docker-entrypoint-initdb.d/*.sh and *.sql; then the command.
set -eu
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
  pwfile="$(mktemp)"; printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  # The other containers reach it over the compose network (initdb's default is localhost only).
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then createdb -U postgres "$POSTGRES_DB"; fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "postgres-entrypoint: $f"; PGDATA="$PGDATA" sh "$f" ;;
      *.sql) echo "postgres-entrypoint: $f"; psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "${POSTGRES_DB:-postgres}" -f "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec "$@"
