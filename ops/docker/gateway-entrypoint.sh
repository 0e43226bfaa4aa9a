#!/bin/sh
# The gateway's start: the box's own CA and certificate on a store box (GATEWAY_TLS_DIR set, local-ca.sh),
# then the nginx template rendered with the variables this container has (only those, as the official image's
# envsubst does: nginx's own $variables stay), then nginx in the foreground. Writes only under NGINX_RUN_DIR
# (a tmpfs) and the TLS volume: the root filesystem may be read-only.
set -eu
if [ -n "${GATEWAY_TLS_DIR:-}" ]; then sh /usr/local/lib/kiosk/local-ca.sh; fi
mkdir -p "$NGINX_RUN_DIR"
defined="$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')"
envsubst "$defined" < /etc/nginx/templates/nginx.conf.template > "$NGINX_RUN_DIR/nginx.conf"
exec nginx -e stderr -c "$NGINX_RUN_DIR/nginx.conf"
