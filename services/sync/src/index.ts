/**
 * @kiosk/sync: the store's sync watch. It reads the leaf link from nats-server, pending upload, last sync and
 * the outbox backlog from the order service (which applies central's receipts), forwarding failures from the
 * uplink, and the database size from Postgres. It answers the box's `GET /health` with them, serves them to the
 * store manager's status page (`GET /api/sync/status` and its live stream), and sends them to central as a
 * heartbeat every few seconds.
 */
import { RouteTable, startService, type RunningService, type ServiceContext, type StoreRouteDoc, type SyncFigures } from '@kiosk/kit';
import { syncConfig, type SyncConfig } from './config.js';
import { orderReady, readCatalogVersion, readDatabaseSize, readDisk, readLink, readOrderSync, readUplinkSync } from './adapters/probes.js';
import { LinkWatch } from './domain/link-watch.js';
import { statusViewOf } from './domain/status-view.js';
import { linkState, type SyncSnapshot } from './domain/sync-status.js';
import { HeartbeatPublisher } from './transport/heartbeat.publisher.js';
import { StatusFeed } from './transport/status.feed.js';
import { mountStatusRoutes } from './transport/status.routes.js';
import { mountOpenApiRoutes } from './transport/openapi.routes.js';

export { syncConfig, type SyncConfig };

export interface RunningSyncService extends RunningService<SyncConfig> {
  heartbeats: HeartbeatPublisher;
  statusFeed: StatusFeed;
  /** The figures as of now (what /health, the status page and the next heartbeat report). */
  snapshot(): Promise<SyncSnapshot>;
}

/** Gathers every figure at once; the link watch turns each observation of the link into "since when". */
function snapshotter(config: SyncConfig, ctx: ServiceContext<SyncConfig>, startedAt: number): () => Promise<SyncSnapshot> {
  const linkWatch = new LinkWatch();
  return async () => {
    const [link, order, uplink, dbSizeBytes, disk, databaseUp, catalogVersion] = await Promise.all([
      readLink(config.NATS_MONITOR_URL), readOrderSync(config.ORDER_URL), readUplinkSync(config.UPLINK_URL),
      readDatabaseSize(ctx.pool), readDisk(process.cwd()), ctx.pool.query('SELECT 1').then(() => true, () => false), readCatalogVersion(ctx.pool),
    ]);
    const at = new Date();
    const { orderDisk, ...orderFigures } = order;
    return {
      storeId: config.STORE_ID, at, linkUp: link.up, linkSince: linkWatch.observe(link.up, at), linkRttMs: link.rttMs,
      ...orderFigures, disk: orderDisk ?? disk, ...uplink, databaseUp, dbSizeBytes, uptimeSeconds: Math.round((at.getTime() - startedAt) / 1000), version: config.APP_VERSION,
      catalogVersion,
    };
  };
}

export async function startSyncService(config: SyncConfig): Promise<RunningSyncService> {
  const startedAt = Date.now();
  let heartbeats: HeartbeatPublisher | null = null;
  let statusFeed: StatusFeed | null = null;
  let snapshot: (() => Promise<SyncSnapshot>) | null = null;

  const running = await startService(config, {
    // The kit's /health spreads these figures into its body: the seed's fields plus the link, DB size and errors.
    syncFigures: async () => {
      const s = await snapshot!();
      const figures: SyncFigures = {
        last_sync: s.lastSync, pending_sync: s.pendingUpload, link: linkState(s.linkUp), db_size_bytes: s.dbSizeBytes,
        outbox_pending: s.outboxPending, offline_cards_pending: s.offlineCardsPending, offline_cards_pending_amount: s.offlineCardsPendingAmount, sync_errors: s.syncErrors, sync_attempts: s.syncAttempts,
      };
      return figures;
    },
    async setup(ctx: ServiceContext<SyncConfig>, app) {
      // The box's /health (the gateway's) says ready only when the order service does: the box can take an order.
      if (config.ORDER_URL) ctx.health.add('order', () => orderReady(config.ORDER_URL), { timeoutMs: 2_500 });
      const gather = snapshotter(config, ctx, startedAt);
      snapshot = gather;
      const view = async () => statusViewOf(await gather());
      statusFeed = new StatusFeed({ everyMs: config.STATUS_PUSH_MS, view, logger: ctx.logger, metrics: ctx.metrics }).start();
      const table = new RouteTable<StoreRouteDoc>();
      mountStatusRoutes(app, { view, feed: statusFeed }, table);
      mountOpenApiRoutes(app, table, { order: config.ORDER_URL, catalog: config.CATALOG_URL, kitchen: config.KITCHEN_URL });
      heartbeats = new HeartbeatPublisher({ storeId: config.STORE_ID, everyMs: config.HEARTBEAT_MS, nats: ctx.nats, snapshot: gather, logger: ctx.logger }).start();
      const publisher = heartbeats;
      ctx.shutdown.add('heartbeat', () => publisher.stop());
    },
  });
  // Registered after the kit's HTTP step, so it runs before it: open event streams would keep the server from closing.
  const feed = statusFeed!;
  running.ctx.shutdown.add('status streams', () => feed.close());
  return Object.assign(running, { heartbeats: heartbeats!, statusFeed: feed, snapshot: snapshot! });
}
