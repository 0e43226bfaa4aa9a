/**
 * @kiosk/central-admin: central's catalog (products, prices, availability, categories, store settings) behind
 * an admin API. Each change is committed with its versioned CatalogChanged event (transactional outbox) and
 * relayed to the hub's CATALOG stream, from which every store's catalog stream sources its share.
 */
import { fileURLToPath } from 'node:url';
import { OutboxRelay, startService, type RunningService } from '@kiosk/kit';
import { centralAdminConfig, type CentralAdminConfig } from './config.js';
import { CatalogRepo } from './adapters/catalog.repo.js';
import { adminOutbox } from './adapters/catalog-events.js';
import { adminRoutes } from './transport/admin.routes.js';

export { centralAdminConfig, type CentralAdminConfig };

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export async function startCentralAdminService(config: CentralAdminConfig): Promise<RunningService<CentralAdminConfig>> {
  return startService(config, {
    migrations: { schema: 'central_admin', folder: migrationsFolder },
    async setup(ctx, app) {
      app.use(adminRoutes(new CatalogRepo(ctx.pool)));
      const relay = new OutboxRelay({ pool: ctx.pool, ...adminOutbox, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      ctx.shutdown.add('outbox relay', () => relay.stop());
    },
  });
}
