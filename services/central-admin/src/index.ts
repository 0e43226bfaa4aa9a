/**
 * @kiosk/central-admin: central's one HTTP API behind sign-in (people, tokens, audit, catalog, orders, stores,
 * conflicts, reports). Each catalog change is committed with its versioned CatalogChanged event (transactional
 * outbox) and relayed to the hub's CATALOG stream, from which every store's catalog stream sources its share.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, OutboxRelay, startService, type Logger, type RunningService } from '@kiosk/kit';
import { centralAdminConfig, type CentralAdminConfig } from './config.js';
import { demoOwner } from './domain/sign-in.js';
import { AccountsRepo } from './adapters/accounts.repo.js';
import { CatalogService } from './app/catalog.js';
import { adminOutbox } from './adapters/catalog-events.js';
import { Api } from './transport/api.js';
import { adminRoutes } from './transport/admin.routes.js';
import { authRoutes } from './transport/auth.routes.js';
import { peopleRoutes } from './transport/people.routes.js';
import { openApiRoute } from './transport/openapi.js';
import { centralRoutes } from './transport/central.routes.js';
import { ConflictsRepo } from './adapters/conflicts.repo.js';
import { ReportsRepo } from './adapters/reports.repo.js';
import { reportRoutes } from './transport/reports.routes.js';
import { StoresService } from './app/stores.js';
import { storesRoutes } from './transport/stores.routes.js';
import { MediaService } from './app/media.js';
import { mediaRoutes } from './transport/media.routes.js';

export { centralAdminConfig, type CentralAdminConfig };
export { Api, type RouteSpec } from './transport/api.js';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The demo (`make demo`, ops/stack's startCentral; DEMO_MODE=1 as on a demo box): it has the demo owner, owner / owner-demo. */
const inDemo = (config: CentralAdminConfig) => config.DEMO_MODE === '1';

/**
 * The demo creates its published owner; anywhere else central will not serve an API nobody can sign in to
 * (create the first owner with `npm run -w services/central-admin create-user`).
 */
async function ensureSomeoneCanSignIn(accounts: AccountsRepo, config: CentralAdminConfig, logger: Logger): Promise<void> {
  if (inDemo(config)) {
    if (!(await accounts.userForSignIn(demoOwner.username))) {
      await accounts.createUser({ ...demoOwner, role: 'owner' }, { name: 'demo-setup', role: null, ip: null, userAgent: null });
      logger.info('demo owner created', { username: demoOwner.username });
    }
    return;
  }
  if ((await accounts.countUsers()) === 0) {
    throw new ConfigError(['no user can sign in to central: create the first owner with `npm run -w services/central-admin create-user -- --username <name> --role owner`']);
  }
}

export async function startCentralAdminService(config: CentralAdminConfig): Promise<RunningService<CentralAdminConfig>> {
  return startService(config, {
    migrations: { schema: 'central_admin', folder: migrationsFolder },
    async setup(ctx, app) {
      app.set('trust proxy', config.TRUST_PROXY);
      const accounts = new AccountsRepo(ctx.pool);
      await ensureSomeoneCanSignIn(accounts, config, ctx.logger);
      const api = new Api(accounts);
      authRoutes(api, accounts, {
        demoMode: inDemo(config), sessionTtlSeconds: config.SESSION_TTL_SECONDS,
        perAccount: { maxFailures: config.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowSeconds: config.LOGIN_WINDOW_SECONDS },
        perClient: { maxFailures: config.LOGIN_MAX_FAILURES_PER_CLIENT, windowSeconds: config.LOGIN_WINDOW_SECONDS },
      });
      peopleRoutes(api, accounts, ctx.pool, inDemo(config));
      adminRoutes(api, new CatalogService(ctx.pool));
      mediaRoutes(api, new MediaService(ctx.pool));
      const stores = new StoresService(ctx.pool);
      storesRoutes(api, stores);
      centralRoutes(api, {
        pool: ctx.pool, stores: async () => [...new Set([...config.CENTRAL_STORES, ...await stores.ids()])].sort(), staleSeconds: config.HEARTBEAT_STALE_SECONDS, prometheusUrl: config.PROMETHEUS_URL, logger: ctx.logger,
      }, new ConflictsRepo(ctx.pool));
      reportRoutes(api, new ReportsRepo(ctx.pool), config.CENTRAL_REPORT_TIME_ZONE);
      openApiRoute(api, process.env.APP_VERSION ?? '0.1.0');
      app.use(api.router);
      const relay = new OutboxRelay({ pool: ctx.pool, ...adminOutbox, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      ctx.shutdown.add('outbox relay', () => relay.stop());
    },
  });
}
