/**
 * @kiosk/uplink: the store's link to central. It forwards the store's sales and kitchen streams to central's
 * streams of the same name over the leaf node (durable consumer + JetStream publish with the same
 * Nats-Msg-Id, local ack only after central's PubAck), plus its telemetry, and makes the store's catalog and
 * CENTRAL_<ID> (receipts, decisions) streams source central's.
 */
import { consumers } from '@kiosk/contracts';
import { errorFields, readLeafLink, startService, streamStartOf, type Nats, type RunningService, type ServiceContext } from '@kiosk/kit';
import { uplinkConfig, type UplinkConfig } from './config.js';
import { HubPublisher } from './adapters/hub-publisher.js';
import { uplinkMetrics } from './adapters/metrics.js';
import { ensureCatalogFromCentral, ensureCentralFromCentral, ensureForwarding, forwardedStreams, sourcedStreams } from './adapters/store-streams.js';
import { SourceWatch } from './transport/source.watch.js';
import { StreamForwarder } from './transport/stream.forwarder.js';

export { uplinkConfig, type UplinkConfig };

export async function startUplinkService(config: UplinkConfig): Promise<RunningService<UplinkConfig>> {
  const forwarders: StreamForwarder[] = [];
  let watch: SourceWatch | null = null;
  let nats: Nats | null = null;
  /** Events of each forwarded stream central has not acknowledged yet (the uplink's consumer: waiting + held). */
  const pendingByStream = async () => {
    const n = nats;
    if (!n) return null;
    const counts = await Promise.all(forwardedStreams(config).map(async (stream) => {
      const info = await n.jsm.consumers.info(stream, consumers.uplink);
      return [stream, info.num_pending + info.num_ack_pending] as const;
    }));
    return Object.fromEntries(counts);
  };
  const pending = async () => {
    const byStream = await pendingByStream();
    return byStream && Object.values(byStream).reduce((a, b) => a + b, 0);
  };
  const lastSync = () => forwarders.map((f) => f.lastForwardedAt).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;

  return startService(config, {
    syncFigures: async () => ({
      last_sync: lastSync()?.toISOString() ?? null, pending_sync: await pending(),
      sync_errors: forwarders.reduce((n, f) => n + f.stuckEpisodes, 0),
      sync_attempts: Math.max(0, ...forwarders.map((f) => f.heldAttempts)),
    }),
    async setup(ctx: ServiceContext<UplinkConfig>) {
      const metrics = uplinkMetrics(ctx.metrics, pendingByStream);
      const started = ctx.natsReady.then(async (n) => {
        nats = n;
        await ensureForwarding(n, config);
        if (config.UPLINK_CATALOG_DOWN) await ensureCatalogFromCentral(n, config);
        if (config.UPLINK_CENTRAL_DOWN) await ensureCentralFromCentral(n, config);
        const publisher = new HubPublisher(n.nc, n.js, { prefix: config.UPLINK_SUBJECT_PREFIX, timeoutMs: config.UPLINK_PUBLISH_TIMEOUT_MS });
        for (const stream of forwardedStreams(config)) {
          const consumer = await n.js.consumers.get(stream, consumers.uplink);
          const streamStart = streamStartOf((await n.jsm.streams.info(stream)).config);
          forwarders.push(new StreamForwarder({
            stream, streamStart, consumer, publisher, hubDomain: config.UPLINK_HUB_DOMAIN, batch: config.UPLINK_BATCH, atomic: config.UPLINK_ATOMIC_BATCHES,
            retryMaxMs: config.UPLINK_RETRY_MAX_MS, logger: ctx.logger, metrics,
          }).start());
        }
        const monitor = config.NATS_MONITOR_URL;
        if (config.UPLINK_SOURCE_WATCH_MS > 0) {
          watch = new SourceWatch({
            jsm: n.jsm, sources: sourcedStreams(config), everyMs: config.UPLINK_SOURCE_WATCH_MS,
            linkUp: async () => (monitor ? readLeafLink(monitor) : null), logger: ctx.logger, metrics,
          }).start();
        }
        ctx.logger.info('uplink forwarding', { streams: forwardedStreams(config), sourced: sourcedStreams(config).map((s) => s.stream) });
      });
      started.catch((err: unknown) => {
        ctx.logger.error('uplink could not start forwarding', errorFields(err));
        process.exitCode = 1;
      });
      ctx.shutdown.add('uplink forwarders', async () => {
        await Promise.all([...forwarders.map((f) => f.stop()), watch?.stop()]);
      });
    },
  });
}
