#!/bin/sh
# First start of a store box or of central (the `preflight` service of both compose files, before any
# server): refuses to go on while a secret still has the example value of .env.example, is shorter than 16
# characters, or holds anything but letters, digits, - and _ (secrets go into URLs and JSON as they are).
# PREFLIGHT_SECRETS names the variables to check.
set -eu
bad=0
for name in $PREFLIGHT_SECRETS; do
  value="$(printenv "$name" || true)"
  case "$value" in
    "") echo "preflight: $name is not set" ;;
    *change-me*|*changeme*|*example*|*demo*) echo "preflight: $name still has the example value: make one with openssl rand -hex 24" ;;
    *[!A-Za-z0-9_-]*) echo "preflight: $name may hold letters, digits, - and _ only" ;;
    *) [ "${#value}" -ge 16 ] && continue; echo "preflight: $name is shorter than 16 characters" ;;
  esac
  bad=1
done
[ "$bad" = 0 ] && echo "preflight: secrets ok"
exit "$bad"
