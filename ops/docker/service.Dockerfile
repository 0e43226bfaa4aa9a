# syntax=docker/dockerfile:1
# One recipe for every Node service image of the store box and of central; SERVICE picks the workspace
# (catalog, order, kitchen, ...). The image runs the same bundle the native stack and the tests run
# (ops/stack/src/bundle.ts: the service plus the @kiosk workspace packages, third-party packages external),
# with plain node, so what CI exercises is what ships.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
# Every workspace's manifest is needed for `npm ci` to resolve the workspace graph.
COPY package.json package-lock.json ./
COPY proto/package.json proto/
COPY services/kit/package.json services/kit/
COPY services/catalog/package.json services/catalog/
COPY services/order/package.json services/order/
COPY services/kitchen/package.json services/kitchen/
COPY services/uplink/package.json services/uplink/
COPY services/sync/package.json services/sync/
COPY services/central-ingest/package.json services/central-ingest/
COPY services/central-admin/package.json services/central-admin/
COPY services/central-fleet/package.json services/central-fleet/
COPY ops/stack/package.json ops/stack/
COPY bench/package.json bench/
COPY web/kiosk/package.json web/kiosk/
COPY web/kitchen/package.json web/kitchen/

# Only SERVICE's production dependencies: what the bundle loads from node_modules at run time.
FROM manifests AS deps
ARG SERVICE
RUN npm ci --omit=dev --no-audit --no-fund -w "services/${SERVICE}" -w services/kit -w proto

# The bundler (esbuild, in ops/stack) and the sources.
FROM manifests AS build
ARG SERVICE
RUN npm ci --no-audit --no-fund --include-workspace-root -w ops/stack -w "services/${SERVICE}" -w services/kit -w proto
COPY tsconfig.base.json ./
COPY proto proto
COPY services services
COPY ops ops
RUN node --import tsx ops/stack/src/cli/bundle.ts "${SERVICE}"

FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE} HTTP_HOST=0.0.0.0 HTTP_PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
# The service folder for what the bundle reads next to it (drizzle migrations, media), then the bundle.
COPY services/${SERVICE} services/${SERVICE}
COPY --from=build /app/services/${SERVICE}/dist services/${SERVICE}/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.mjs"]
