#!/bin/sh
# Run by the build stage of the images: lays out under OUT what each runtime image copies in one layer (every
# COPY is a full copy of the root filesystem on the vfs storage driver, so each image takes one):
#   OUT/services   the service bundles (bundle.ts --image) with their migrations and media
#   OUT/gateway    nginx's template, the web apps, the menu images, the CA page and the start scripts
#   OUT/postgres   the Postgres entrypoint and central's backup agent
set -eu
src="$1"; out="$2"
g="$out/gateway"
mkdir -p "$g/etc/nginx/templates" "$g/srv" "$g/usr/local/lib/kiosk" "$g/usr/local/bin"
cp "$src/ops/nginx/store.conf.template" "$g/etc/nginx/templates/nginx.conf.template"
cp -r "$src/web/kiosk/dist" "$g/srv/kiosk"
cp -r "$src/web/kitchen/dist" "$g/srv/kds"
cp -r "$src/web/admin/dist" "$g/srv/admin"
cp -r "$src/services/catalog/media" "$g/srv/media"
cp -r "$src/ops/nginx/ca" "$g/srv/ca"
cp "$src/ops/nginx/local-ca.sh" "$g/usr/local/lib/kiosk/local-ca.sh"
cp "$src/ops/docker/gateway-entrypoint.sh" "$g/usr/local/bin/gateway-entrypoint"
p="$out/postgres"
mkdir -p "$p/usr/local/lib/kiosk" "$p/usr/local/bin"
cp "$src/ops/docker/postgres-entrypoint.sh" "$p/usr/local/bin/postgres-entrypoint"
mv "$out/backup-agent.mjs" "$p/usr/local/lib/kiosk/backup-agent.mjs"
