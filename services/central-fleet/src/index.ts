/**
 * @kiosk/central-fleet: the fleet exporter. It follows every store's heartbeats on the hub and exposes them on
 * `/metrics` as one series per store (label `store`): reachable or not, link, last sync age, pending upload,
 * sync errors, database, disk, uptime, version. Prometheus scrapes it; ops/prometheus alerts on it.
 */
import { StoreDirectory, startService, type RunningService } from '@kiosk/kit';
import { centralFleetConfig, type CentralFleetConfig } from './config.js';
import { registerFleetMetrics } from './adapters/fleet.collector.js';
import { HeartbeatReader } from './transport/heartbeat.reader.js';

export { centralFleetConfig, type CentralFleetConfig };
export { fleetSamples, type LatestBeat } from './domain/fleet.js';

export async function startCentralFleetService(config: CentralFleetConfig): Promise<RunningService<CentralFleetConfig>> {
  return startService(config, {
    async setup(ctx) {
      const reader = new HeartbeatReader({ nats: () => ctx.natsReady, logger: ctx.logger });
      // CENTRAL_STORES and every store of central's stores table, a store added in the app within seconds.
      const directory = await new StoreDirectory({
        pool: ctx.pool, configured: config.CENTRAL_STORES, everyMs: config.STORE_LIST_POLL_MS, logger: ctx.logger, onStore: (store) => reader.add(store),
      }).start();
      registerFleetMetrics(ctx.metrics, { stores: reader.stores, latest: reader.latest, staleSeconds: config.FLEET_STALE_SECONDS });
      ctx.shutdown.add('heartbeat reader', async () => {
        directory.stop();
        await reader.stop();
      });
    },
  });
}
