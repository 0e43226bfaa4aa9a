import type { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { HealthSyncFigures, HealthView } from '@kiosk/contracts/api';
import { loadConfig, type BaseConfig } from './config.js';
import { ConfigError } from './errors.js';
import { HealthChecks, diskSpace } from './health.js';
import { createHttpApp, finishHttpApp, listen } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { connectNats, type Nats } from './nats.js';
import { applyMigrations, createPool, untilPostgresAnswers, type Pool } from './postgres.js';
import { connectRedis, type Redis } from './redis.js';
import { Shutdown } from './shutdown.js';

export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  config: C;
  logger: Logger;
  metrics: Metrics;
  health: HealthChecks;
  pool: Pool;
  redis: Redis | null;
  /** Resolves once NATS is connected (services start and take requests before that). */
  natsReady: Promise<Nats>;
  /** The NATS connection if it is up right now. */
  nats(): Nats | null;
  shutdown: Shutdown;
}

export interface ServiceDefinition<C extends BaseConfig> {
  /** The service's own Postgres schema(s) and drizzle-kit migrations folder(s), applied in this order. */
  migrations?: { schema: string; folder: string } | { schema: string; folder: string }[];
  poolSize?: number;
  bodyLimit?: string;
  /** Sync figures for `/health` (the services that know them; others answer null), plus any of their own. */
  syncFigures?: (ctx: ServiceContext<C>) => Promise<SyncFigures>;
  /** Mounts routes and starts workers; register their stop steps on ctx.shutdown. */
  setup(ctx: ServiceContext<C>, app: Express): Promise<void>;
}

/** The sync fields a service adds to `/health` (the contract's HealthSyncFigures). */
export type SyncFigures = HealthSyncFigures;

export interface RunningService<C extends BaseConfig = BaseConfig> {
  ctx: ServiceContext<C>;
  server: Server;
  url: string;
  /** Graceful stop: HTTP first, then workers, NATS drain, pools. */
  close(): Promise<void>;
}

const version = process.env.APP_VERSION ?? '0.1.0';

/**
 * Boots a service the same way every time: logs, metrics, Postgres (migrations applied), Redis, NATS (in the
 * background, so a box whose NATS is still starting or down keeps taking requests), HTTP with /health and
 * /metrics, and a shutdown sequence in reverse order.
 */
export async function startService<C extends BaseConfig>(config: C, def: ServiceDefinition<C>): Promise<RunningService<C>> {
  const logger = createLogger({ service: config.SERVICE_NAME, storeId: config.STORE_ID, level: config.LOG_LEVEL });
  const metrics = createMetrics(config.SERVICE_NAME, config.STORE_ID);
  const shutdown = new Shutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  const health = new HealthChecks();

  const pool = createPool({ url: config.DATABASE_URL, max: def.poolSize, applicationName: config.SERVICE_NAME, logger });
  shutdown.add('postgres', () => pool.end());
  health.add('database', () => pool.query('SELECT 1'));
  // A service that owns tables waits for Postgres to migrate them; one that owns none (the uplink, sync, the
  // fleet exporter) starts at once and its /health says the database is down until it answers.
  const migrations = [def.migrations ?? []].flat();
  if (migrations.length > 0) await untilPostgresAnswers(pool, logger);
  for (const m of migrations) await applyMigrations(pool, { schema: m.schema, migrationsFolder: m.folder, logger });

  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger, { name: config.SERVICE_NAME }) : null;
  if (redis) {
    shutdown.add('redis', () => redis.quit().catch(() => redis.disconnect()));
    health.add('redis', () => redis.ping(), { required: false });
  }

  let nats: Nats | null = null;
  const natsReady = connectNats({ servers: config.NATS_URL, name: `${config.STORE_ID}-${config.SERVICE_NAME}`, logger }).then((n) => {
    nats = n;
    return n;
  });
  natsReady.catch((err: unknown) => {
    logger.error('nats unusable', { err: (err as Error).message });
    process.exitCode = 1;
  });
  shutdown.add('nats', async () => {
    if (nats && !nats.nc.isClosed()) await nats.nc.drain();
  });
  health.add('nats', async () => {
    if (!nats || nats.nc.isClosed()) throw new Error('not connected');
    await nats.nc.flush();
  });

  const ctx: ServiceContext<C> = { config, logger, metrics, health, pool, redis, natsReady, nats: () => nats, shutdown };
  const app = createHttpApp({ metrics, bodyLimit: def.bodyLimit });
  // Only the gateway may tell the client's address (clientAddress(req), the PIN throttle's key).
  app.set('trust proxy', config.TRUST_PROXY.split(',').map((s) => s.trim()));
  app.get('/health', (_req, res, next) => {
    healthView(ctx, def).then((view) => res.status(view.status === 'down' ? 503 : 200).json(view), next);
  });
  await def.setup(ctx, app);
  finishHttpApp(app, logger);

  const server = await listen(app, config.HTTP_HOST, config.HTTP_PORT);
  shutdown.addHttpServer(server);
  const { port } = server.address() as AddressInfo;
  logger.info('listening', { port });
  return { ctx, server, url: `http://${config.HTTP_HOST}:${port}`, close: () => shutdown.run() };
}

async function healthView<C extends BaseConfig>(ctx: ServiceContext<C>, def: ServiceDefinition<C>): Promise<HealthView> {
  const [{ status, components }, disk, sync] = await Promise.all([
    ctx.health.run(),
    diskSpace(process.cwd()),
    def.syncFigures ? def.syncFigures(ctx).catch((): SyncFigures => ({ last_sync: null, pending_sync: null })) : { last_sync: null, pending_sync: null },
  ]);
  return {
    status,
    service: ctx.config.SERVICE_NAME,
    storeId: ctx.config.STORE_ID,
    database: components.database ?? 'down',
    redis: components.redis ?? 'down',
    nats: components.nats ?? 'down',
    // What a service checks besides them (the order service: catalog and sales stream; sync: the order service).
    ...Object.fromEntries(Object.entries(components).filter(([name]) => !['database', 'redis', 'nats'].includes(name))),
    disk_space: disk,
    ...sync,
    uptime: ctx.health.uptimeSeconds(),
    version,
  };
}

/**
 * A service process's entry point: reads the config (every bad variable listed on stderr, exit 1), starts the
 * service, and stops it gracefully on SIGTERM/SIGINT.
 */
export async function runMain<S extends z.ZodType>(schema: S, start: (config: Readonly<z.infer<S>>) => Promise<{ ctx: { shutdown: Shutdown } }>): Promise<void> {
  let config: Readonly<z.infer<S>>;
  try {
    config = loadConfig(schema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const running = await start(config);
  running.ctx.shutdown.onSignals();
}
