# One image for every Node service of the store box and of central (kiosk/services): each compose service
# runs its own bundle, `node services/<name>/dist/main.mjs`, the TypeScript the tests run bundled by esbuild
# (ops/stack/src/bundle.ts; the store box's services carry their third-party packages, central's load them
# from node_modules). NODE_BASE: node:24-bookworm-slim (official, the default) or kiosk-base:trixie
# (Debian's nodejs 20.19, no registry needed).
ARG NODE_BASE=node:24-bookworm-slim

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

FROM node
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=8080
# wget for the healthcheck: a node process per check costs ~0.3 s of CPU, every 5 s in every service container,
# which on a small box (or ten services on two cores) is most of a core; wget costs milliseconds.
RUN install-packages wget:wget
COPY --from=build /out/services /app/services
WORKDIR /app
USER node
# Healthy means "can take an order": the service's /health answers 200 only with its database, NATS and
# (where used) Redis reachable.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD wget -qO /dev/null "http://127.0.0.1:$HTTP_PORT/health" || exit 1
CMD ["node", "-e", "console.error('name the service: node services/<name>/dist/main.mjs'); process.exit(2)"]
