/**
 * @kiosk/central-ingest: every store's sales, kitchen and telemetry streams at the hub -> central Postgres,
 * exactly once (keyed by globalId / event id), with DESIGN.md's conflict rules; receipts and decisions go back
 * to each store through the hub's CENTRAL_TO_<ID> streams. Run N replicas: they share one durable consumer
 * per stream.
 */
import { fileURLToPath } from 'node:url';
import { consumers as consumerNames, streams } from '@kiosk/contracts';
import { OutboxRelay, errorFields, registerConsumerMetrics, startService, type RunningService } from '@kiosk/kit';
import { centralIngestConfig, type CentralIngestConfig } from './config.js';
import { Ingest } from './app/ingest.js';
import { ingestOutbox } from './adapters/decisions.js';
import { ingestMetrics } from './adapters/metrics.js';
import { centralRoutes } from './transport/central.routes.js';
import { StoreStreamConsumer } from './transport/store-stream.consumer.js';

export { centralIngestConfig, type CentralIngestConfig };

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export async function startCentralIngestService(config: CentralIngestConfig): Promise<RunningService<CentralIngestConfig>> {
  return startService(config, {
    migrations: { schema: 'central', folder: migrationsFolder },
    async setup(ctx, app) {
      const ingest = new Ingest({ pool: ctx.pool, logger: ctx.logger, nats: ctx.nats, metrics: ingestMetrics(ctx.metrics) });
      app.use(centralRoutes({ pool: ctx.pool, stores: config.CENTRAL_STORES, staleSeconds: config.HEARTBEAT_STALE_SECONDS }));

      const consumers = config.CENTRAL_STORES.flatMap((storeId) => {
        const one = (stream: string, commit: (batch: Parameters<Ingest['commitSales']>[1]) => Promise<void>) =>
          new StoreStreamConsumer({ natsReady: ctx.natsReady, stream, batch: config.INGEST_BATCH, logger: ctx.logger, commit });
        return [
          one(streams.sales(storeId), (b) => ingest.commitSales(storeId, b)),
          one(streams.kitchen(storeId), (b) => ingest.commitKitchen(storeId, b)),
          one(streams.telemetry(storeId), (b) => ingest.commitTelemetry(storeId, b)),
        ];
      });
      for (const c of consumers) c.start();
      const ingested = config.CENTRAL_STORES.flatMap((s) => [streams.sales(s), streams.kitchen(s), streams.telemetry(s)]);
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, ingested.map((stream) => ({ stream, consumer: consumerNames.centralIngest })));
      const relay = new OutboxRelay({ pool: ctx.pool, ...ingestOutbox, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      const retry = setInterval(() => {
        ingest.retryReceipts().catch((err: unknown) => ctx.logger.warn('receipt retry failed', errorFields(err)));
      }, 2_000);
      ctx.shutdown.add('outbox relay', () => relay.stop());
      ctx.shutdown.add('ingest consumers', async () => {
        clearInterval(retry);
        await Promise.all(consumers.map((c) => c.stop()));
      });
    },
  });
}
