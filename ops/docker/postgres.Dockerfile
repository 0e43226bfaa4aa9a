# Postgres 15 for the store box and central (kiosk/postgres), with pgBackRest and central's backup agent
# (ops/stack/src/cli/backup-agent.ts, bundled): the `postgres` and `backup` services of central run the same
# pgBackRest against the same repository; a store box uses the same image without them. The entrypoint
# (postgres-entrypoint.sh) keeps the official image's variables: POSTGRES_PASSWORD, POSTGRES_DB and
# /docker-entrypoint-initdb.d. POSTGRES_BASE: postgres:15-bookworm (official, the default) or
# kiosk-base:bookworm (Debian's postgresql-15, the release the native stack runs).
ARG NODE_BASE=node:24-bookworm-slim
ARG POSTGRES_BASE=postgres:15-bookworm

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

FROM ${POSTGRES_BASE}
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY ops/docker/install-packages.sh /usr/local/sbin/install-packages
# Debian's package would make a cluster of its own at install: the entrypoint makes the one in PGDATA. The
# socket dir is world-writable and sticky as in the official image: a tmpfs mounted over it (the store box's
# read-only root) takes this mode but is owned by root, so Postgres could not write its lock file otherwise.
RUN mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
 && install-packages --user=postgres postgres:postgresql-15 pgbackrest:pgbackrest node:nodejs \
 && mkdir -p "$PGDATA" /var/run/postgresql /var/lib/pgbackrest /var/log/pgbackrest /etc/pgbackrest /docker-entrypoint-initdb.d /backup \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql /var/lib/pgbackrest /var/log/pgbackrest /backup \
 && chmod 700 "$PGDATA" && chmod 3777 /var/run/postgresql
# The entrypoint and the backup agent, in one layer.
COPY --from=build /out/postgres /
USER postgres
STOPSIGNAL SIGINT
ENTRYPOINT ["sh", "/usr/local/bin/postgres-entrypoint"]
CMD ["postgres"]
