#!/bin/sh
# The store database's nightly backup to a second disk path: pg_dump (custom format, restorable with
# pg_restore) written under a temporary name, flushed to disk, then renamed, so a dump cut short by a power
# cut never looks like a backup; the newest STORE_BACKUP_KEEP are kept. The `db-backup` service of
# docker-compose.yml runs it nightly at STORE_BACKUP_AT (UTC); the native stack and its test run it `--once`
# (ops/stack/src/store-backup.ts), so both run this one script.
set -eu
: "${DATABASE_URL:?set DATABASE_URL}" "${STORE_BACKUP_DIR:?set STORE_BACKUP_DIR (a second disk)}"
keep=${STORE_BACKUP_KEEP:-7}
at=${STORE_BACKUP_AT:-03:00}

backup_once() {
  mkdir -p "$STORE_BACKUP_DIR"
  name="store-$(date -u +%Y%m%dT%H%M%S%3NZ).dump"
  partial="$STORE_BACKUP_DIR/.$name.partial"
  pg_dump --format=custom --dbname="$DATABASE_URL" --file="$partial"
  sync "$partial"
  mv "$partial" "$STORE_BACKUP_DIR/$name"
  sync "$STORE_BACKUP_DIR"
  # Rotation: names sort by time; everything past the newest $keep goes (and any partial left by a crash).
  ls -1 "$STORE_BACKUP_DIR" | grep -E '^store-[0-9]{8}T[0-9]{9}Z\.dump$' | sort -r | tail -n +"$((keep + 1))" |
    while read -r old; do rm -f "$STORE_BACKUP_DIR/$old"; done
  find "$STORE_BACKUP_DIR" -maxdepth 1 -name '.store-*.partial' ! -name ".$name.partial" -delete
  echo "$STORE_BACKUP_DIR/$name"
}

if [ "${1:-}" = "--once" ]; then backup_once; exit 0; fi
while :; do
  now=$(date -u +%s)
  next=$(date -u -d "today $at" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $at" +%s)
  sleep $((next - now))
  backup_once || echo "store backup failed; next try tomorrow at $at UTC" >&2
done
