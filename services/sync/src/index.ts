/**
 * @kiosk/sync: the store's sync watch. It reads the leaf link from nats-server, pending upload and last sync
 * from the order service (which applies central's receipts), the database size from Postgres, answers the
 * box's `GET /health` with them and sends them to central as a heartbeat every few seconds.
 */
import { readLeafLink, startService, type RunningService, type ServiceContext } from '@kiosk/kit';
import { syncConfig, type SyncConfig } from './config.js';
import { readDatabaseSize, readDisk, readOrderSync } from './adapters/probes.js';
import { linkState, type SyncSnapshot } from './domain/sync-status.js';
import { HeartbeatPublisher } from './transport/heartbeat.publisher.js';

export { syncConfig, type SyncConfig };

export interface RunningSyncService extends RunningService<SyncConfig> {
  heartbeats: HeartbeatPublisher;
  /** The figures as of now (what /health and the next heartbeat report). */
  snapshot(): Promise<SyncSnapshot>;
}

export async function startSyncService(config: SyncConfig): Promise<RunningSyncService> {
  const startedAt = Date.now();
  let heartbeats: HeartbeatPublisher | null = null;
  let snapshot: (() => Promise<SyncSnapshot>) | null = null;

  const running = await startService(config, {
    // The kit's /health spreads these figures into its body: the seed's fields plus the link and DB size.
    syncFigures: async () => {
      const s = await snapshot!();
      const figures = { last_sync: s.lastSync, pending_sync: s.pendingUpload, link: linkState(s.linkUp), db_size_bytes: s.dbSizeBytes };
      return figures;
    },
    async setup(ctx: ServiceContext<SyncConfig>) {
      snapshot = async () => {
        const [linkUp, order, dbSizeBytes, disk, database] = await Promise.all([
          readLeafLink(config.NATS_MONITOR_URL), readOrderSync(config.ORDER_URL), readDatabaseSize(ctx.pool), readDisk(process.cwd()),
          ctx.pool.query('SELECT 1').then(() => true, () => false),
        ]);
        return {
          storeId: config.STORE_ID, at: new Date(), linkUp, pendingUpload: order.pendingUpload, lastSync: order.lastSync,
          databaseUp: database, disk, dbSizeBytes, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), version: config.APP_VERSION,
        };
      };
      heartbeats = new HeartbeatPublisher({ storeId: config.STORE_ID, everyMs: config.HEARTBEAT_MS, nats: ctx.nats, snapshot, logger: ctx.logger }).start();
      const publisher = heartbeats;
      ctx.shutdown.add('heartbeat', () => publisher.stop());
    },
  });
  return Object.assign(running, { heartbeats: heartbeats!, snapshot: snapshot! });
}
