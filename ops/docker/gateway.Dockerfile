# The gateway of a store box and of central (kiosk/gateway): nginx with the kiosk, kitchen display, pickup
# board and the admin app built in, and the menu images. Its config is a template of ops/nginx rendered at
# start (gateway-entrypoint.sh): store.conf.template built in, central mounts central.conf.template over it.
# NGINX_BASE: nginx:1.27-bookworm (official, the default) or kiosk-base:bookworm (Debian's nginx 1.22).
ARG NODE_BASE=node:24-bookworm-slim
ARG NGINX_BASE=nginx:1.27-bookworm

# Node: the official image has it; a plain Debian base (kiosk-base:trixie, ops/docker/base-image.sh) gets
# Debian's nodejs. The same two stages open service, gateway and postgres.Dockerfile (a test keeps them
# identical), so the builder runs them once and the three images share them from its cache.
FROM ${NODE_BASE} AS node
COPY ops/docker/install-packages.sh /usr/local/sbin/install-packages
RUN install-packages --user=node node:nodejs

# npm ci once for the whole workspace, then every service bundled with the packages it imports (no
# node_modules in any runtime image), central's backup agent, and the three web apps. The whole context in one
# layer (.dockerignore keeps out node_modules, builds, secrets): few layers, as each costs a full copy on the
# vfs storage driver. No install scripts, as on the development machines (npm 11 runs none unless approved).
# .build-ca.pem: the CAs the building machine trusts (build-images.sh; empty otherwise), for npm only.
FROM node AS build
RUN install-packages npm:npm
COPY . /app
RUN cd /app && if [ -s .build-ca.pem ]; then export NODE_EXTRA_CA_CERTS=/app/.build-ca.pem npm_config_cafile=/app/.build-ca.pem; fi \
 && npm ci --ignore-scripts --no-audit --no-fund \
 && node --import tsx ops/stack/src/cli/bundle.ts --image /out \
 && npm run build -w web/kiosk -w web/kitchen -w web/admin \
 && sh ops/docker/image-files.sh /app /out

FROM ${NGINX_BASE}
COPY ops/docker/install-packages.sh /usr/local/sbin/install-packages
# openssl makes the box's own CA at the first start (local-ca.sh); envsubst renders the template.
RUN install-packages --user=gateway nginx:nginx openssl:openssl envsubst:gettext-base:gettext wget:wget \
 && mkdir -p /etc/nginx/templates /var/lib/gateway/tls && chown gateway:gateway /var/lib/gateway/tls
ENV NGINX_RUN_DIR=/tmp/nginx NGINX_MIME_TYPES=/etc/nginx/mime.types \
    GATEWAY_LISTEN=8080 GATEWAY_TLS_LISTEN=8443 GATEWAY_HTTPS_PUBLIC_PORT=443 GATEWAY_TLS_DIR=/var/lib/gateway/tls \
    TLS_CERT_FILE=/var/lib/gateway/tls/gateway.pem TLS_KEY_FILE=/var/lib/gateway/tls/gateway.key TLS_CA_FILE=/var/lib/gateway/tls/ca.pem \
    CA_PAGE_ROOT=/srv/ca MEDIA_ROOT=/srv/media KIOSK_ROOT=/srv/kiosk KDS_ROOT=/srv/kds ADMIN_WEB_ROOT=/srv/admin
# The web apps, the menu images, the enrollment page, the store template and the start scripts, in one layer.
COPY --from=build /out/gateway /
USER gateway
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/health >/dev/null || exit 1
ENTRYPOINT ["sh", "/usr/local/bin/gateway-entrypoint"]
