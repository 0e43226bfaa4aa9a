/**
 * @kiosk/central-fleet: the fleet exporter. It follows every store's heartbeats on the hub and exposes them on
 * `/metrics` as one series per store (label `store`): reachable or not, link, last sync age, pending upload,
 * sync errors, database, disk, uptime, version. Prometheus scrapes it; ops/prometheus alerts on it.
 */
import { startService, type RunningService } from '@kiosk/kit';
import { centralFleetConfig, type CentralFleetConfig } from './config.js';
import { registerFleetMetrics } from './adapters/fleet.collector.js';
import { HeartbeatReader } from './transport/heartbeat.reader.js';

export { centralFleetConfig, type CentralFleetConfig };
export { fleetSamples, type LatestBeat } from './domain/fleet.js';

export async function startCentralFleetService(config: CentralFleetConfig): Promise<RunningService<CentralFleetConfig>> {
  return startService(config, {
    async setup(ctx) {
      const reader = new HeartbeatReader({ nats: () => ctx.natsReady, stores: config.CENTRAL_STORES, logger: ctx.logger }).start();
      registerFleetMetrics(ctx.metrics, { stores: config.CENTRAL_STORES, latest: reader.latest, staleSeconds: config.FLEET_STALE_SECONDS });
      ctx.shutdown.add('heartbeat reader', () => reader.stop());
    },
  });
}
