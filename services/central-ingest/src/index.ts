/**
 * @kiosk/central-ingest: every store's sales, kitchen and telemetry streams at the hub -> central Postgres,
 * exactly once (keyed by globalId / event id), with the conflict rules of docs/architecture.md; receipts and decisions go back
 * to each store through the hub's CENTRAL_TO_<ID> streams. Its HTTP side is /health and /metrics only: central's
 * API (orders, stores, conflicts, reports) is central-admin's. Run N replicas: they share one durable consumer
 * per stream.
 */
import { fileURLToPath } from 'node:url';
import { consumers as consumerNames, streams } from '@kiosk/contracts';
import { OutboxRelay, StoreDirectory, errorFields, registerConsumerMetrics, startService, type RunningService } from '@kiosk/kit';
import { centralIngestConfig, type CentralIngestConfig } from './config.js';
import { Ingest } from './app/ingest.js';
import { ingestOutbox } from './adapters/decisions.js';
import { ingestMetrics } from './adapters/metrics.js';
import { StoreStreamConsumer } from './transport/store-stream.consumer.js';
import { CommitSlots } from './transport/commit-slots.js';

export { centralIngestConfig, type CentralIngestConfig };

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
/** Postgres connections per replica; all but two of them commit batches (CommitSlots). */
const poolSize = 10;

export async function startCentralIngestService(config: CentralIngestConfig): Promise<RunningService<CentralIngestConfig>> {
  return startService(config, {
    migrations: { schema: 'central', folder: migrationsFolder },
    poolSize,
    async setup(ctx, _app) {
      const ingest = new Ingest({ pool: ctx.pool, logger: ctx.logger, nats: ctx.nats, metrics: ingestMetrics(ctx.metrics), reportTimeZone: config.CENTRAL_REPORT_TIME_ZONE });

      const consumers: StoreStreamConsumer[] = [];
      const slots = new CommitSlots(poolSize - 2);
      const ingested: { stream: string; consumer: string }[] = [];
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, ingested);
      const one = (stream: string, commit: (batch: Parameters<Ingest['commitSales']>[1]) => Promise<void>) => {
        consumers.push(new StoreStreamConsumer({ natsReady: ctx.natsReady, stream, batch: config.INGEST_BATCH, logger: ctx.logger, slots, commit }).start());
        ingested.push({ stream, consumer: consumerNames.centralIngest });
      };
      // Each store's three streams, from the moment it is known (a store added in the app is picked up live;
      // until the hub has its streams and this service's permissions, its consumers retry).
      const directory = await new StoreDirectory({
        pool: ctx.pool, configured: config.CENTRAL_STORES, everyMs: config.STORE_LIST_POLL_MS, logger: ctx.logger,
        onStore(storeId) {
          ctx.logger.info('ingesting store', { storeId });
          one(streams.sales(storeId), (b) => ingest.commitSales(storeId, b));
          one(streams.kitchen(storeId), (b) => ingest.commitKitchen(storeId, b));
          one(streams.telemetry(storeId), (b) => ingest.commitTelemetry(storeId, b));
        },
      }).start();
      const relay = new OutboxRelay({ pool: ctx.pool, ...ingestOutbox, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      const retry = setInterval(() => {
        ingest.retryReceipts().catch((err: unknown) => ctx.logger.warn('receipt retry failed', errorFields(err)));
      }, 2_000);
      ctx.shutdown.add('outbox relay', () => relay.stop());
      ctx.shutdown.add('ingest consumers', async () => {
        clearInterval(retry);
        directory.stop();
        await Promise.all(consumers.map((c) => c.stop()));
      });
    },
  });
}
