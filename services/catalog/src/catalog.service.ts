import { fileURLToPath } from 'node:url';
import { consumers, streams, subjects } from '@kiosk/contracts';
import { DeviceRegistry, RouteTable, mountOpenApiPart, registerConsumerMetrics, startService, type RunningService, type ServiceContext, type StoreRouteDoc } from '@kiosk/kit';
import type { CatalogConfig } from './config.js';
import { applyChange, findMedia } from './adapters/catalog.repo.js';
import { CatalogCache } from './adapters/catalog.cache.js';
import { CatalogReader } from './app/catalog.reader.js';
import { AvailabilityService } from './app/availability.service.js';
import { CatalogApplier } from './transport/catalog.consumer.js';
import { catalogRoutes } from './transport/catalog.routes.js';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Starts the catalog service: applies catalog events from the store's stream (LWW) into Postgres, serves the
 * menu with an ETag from a Redis cache, and takes the manager's sold-out changes.
 */
export function startCatalogService(config: CatalogConfig): Promise<RunningService<CatalogConfig>> {
  return startService(config, {
    migrations: { schema: 'catalog', folder: migrationsFolder },
    async setup(ctx, app) {
      const storeId = config.STORE_ID;
      const cache = new CatalogCache(ctx.redis, storeId, ctx, config.CATALOG_CACHE_TTL_SECONDS);
      const reader = new CatalogReader(ctx.pool, cache, storeId);
      const availability = new AvailabilityService({ storeId, pool: ctx.pool, nats: ctx.nats });
      const table = new RouteTable<StoreRouteDoc>();
      app.use(catalogRoutes({ storeId, registry: new DeviceRegistry(ctx.pool), logger: ctx.logger, reader, availability, media: { find: (sha256) => findMedia(ctx.pool, sha256) } }, table));
      mountOpenApiPart(app, table, { service: 'catalog' });
      startApplier(ctx, cache);
    },
  });
}

/** The consumer starts once NATS is up; until then the box serves the menu it already has. */
function startApplier(ctx: ServiceContext<CatalogConfig>, cache: CatalogCache) {
  const storeId = ctx.config.STORE_ID;
  const applier = new CatalogApplier({
    storeId,
    logger: ctx.logger,
    apply: (change) => applyChange(ctx.pool, change),
    async applied(version) {
      await cache.invalidate(version - 1);
      // Core NATS, fire and forget: the order service refreshes its price book now instead of at its next poll.
      ctx.nats()?.nc.publish(subjects.catalogVersionLive(storeId), String(version));
    },
  });
  registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, [{ stream: streams.catalog(storeId), consumer: consumers.catalogApply }]);
  let started = false;
  ctx.natsReady.then((nats) => {
    if (stopping) return;
    started = true;
    applier.start(nats);
  }, () => undefined);
  let stopping = false;
  ctx.shutdown.add('catalog-applier', async () => {
    stopping = true;
    if (started) await applier.stop();
  });
}
