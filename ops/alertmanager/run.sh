#!/bin/sh
# docker-compose.central.yml's alertmanager entrypoint: fills the ALERT_* placeholders of alertmanager.yml
# from the environment (a missing one stops the start, never a blank address), then runs Alertmanager with
# the rendered file. The native stack renders the same file in ops/stack/src/alertmanager.ts.
set -eu
here=$(dirname "$0")
out=/tmp/alertmanager.yml
cp "$here/alertmanager.yml" "$out"
for name in $(grep -o '[$]{ALERT_[A-Z_]*}' "$here/alertmanager.yml" | sort -u | tr -d '${}'); do
  eval "value=\${$name:?set $name}"
  escaped=$(printf '%s' "$value" | sed 's/[|&\\]/\\&/g')
  sed -i "s|[\$]{$name}|$escaped|g" "$out"
done
exec /bin/alertmanager --config.file="$out" --storage.path=/alertmanager --cluster.listen-address= "$@"
