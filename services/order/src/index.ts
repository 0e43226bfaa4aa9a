/**
 * @kiosk/order: the store's order service (kiosk API, pricing, numbering, payments, receipts, outbox).
 * `startOrderService` is what main.ts runs and what the integration tests start in-process.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { breaker, ensureStream, OutboxRelay, prom, registerConsumerMetrics, startService, storeStreams, type Logger, type Nats, type RunningService } from '@kiosk/kit';
import { streams, subjects } from '@kiosk/contracts';
import type { OrderConfig } from './config.js';
import { CatalogClient } from './adapters/catalog.client.js';
import { DaySequences } from './adapters/day-sequence.js';
import { OrderRepo, OUTBOX } from './adapters/order.repo.js';
import { SyncRepo } from './adapters/sync.repo.js';
import { CentralConsumer, centralSyncConsumer } from './transport/central.consumer.js';
import { SimulatedTerminal } from './adapters/simulated-terminal.js';
import { OrderService } from './order.service.js';
import { orderRoutes } from './transport/order.routes.js';
import { businessDay } from './domain/numbering.js';
import type { AuthoriseRequest } from './domain/payment.js';

/** Retries until the stream exists: NATS may go away between connecting and this call. Orders wait in the outbox. */
async function ensureSalesStream(nats: Nats, storeId: string, logger: Logger): Promise<void> {
  const { jsm } = nats;
  // Stop once the connection is closed for good (the service is shutting down), or this loop outlives it.
  for (let attempt = 1; !nats.nc.isClosed(); attempt++) {
    try {
      await ensureStream(jsm, storeStreams(storeId).sales);
      return;
    } catch (err) {
      if (attempt === 1 || attempt % 30 === 0) logger.warn('sales stream not ready, retrying', { err: (err as Error).message });
      await sleep(1_000);
    }
  }
}

export { orderConfig, type OrderConfig } from './config.js';

export interface RunningOrderService extends RunningService<OrderConfig> {
  catalog: CatalogClient;
  relay: OutboxRelay;
  /** Moves the day's numbering past `sequence` (central asks after a collision); the day defaults to today. */
  moveNumberingPast(sequence: number, day?: string): Promise<number>;
}

/** Boots the service. `clock` is for tests of the business-day rollover; production uses the system clock. */
export async function startOrderService(config: OrderConfig, opts: { clock?: () => Date } = {}): Promise<RunningOrderService> {
  const clock = opts.clock ?? (() => new Date());
  let parts: Omit<RunningOrderService, keyof RunningService<OrderConfig>> | null = null;
  const running = await startService(config, {
    migrations: { schema: 'orders', folder: fileURLToPath(new URL('../drizzle', import.meta.url)) },
    poolSize: config.DATABASE_POOL_SIZE,
    syncFigures: (ctx) => new SyncRepo(ctx.pool).syncFigures(streams.sales(config.STORE_ID)),
    async setup(ctx, app) {
      const catalog = new CatalogClient({ url: config.CATALOG_URL, pollMs: config.CATALOG_POLL_MS, logger: ctx.logger }).start();
      ctx.shutdown.add('catalog', async () => catalog.stop());
      const sequences = new DaySequences(ctx.pool);
      const repo = new OrderRepo(ctx.pool);
      const simulated = new SimulatedTerminal(config.PAYMENT_SIM_DELAY_MS);
      const terminal = breaker('payment-terminal', (req: AuthoriseRequest) => simulated.authorise(req), ctx, {
        timeout: config.PAYMENT_TIMEOUT_MS,
      });
      const relay = new OutboxRelay({ pool: ctx.pool, ...OUTBOX, recordSequence: true, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      const accepted = new prom.Counter({ name: 'orders_accepted_total', help: 'Orders committed at this store (each globalId once)', registers: [ctx.metrics.registry] });
      const orders = new OrderService({
        storeId: config.STORE_ID, timeZone: config.STORE_TIME_ZONE, clock, catalog, sequences, repo, terminal, logger: ctx.logger,
        onCommitted: () => {
          accepted.inc();
          relay.kick();
        },
      });
      app.use(orderRoutes(orders, () => ({ storeName: catalog.current()?.storeName ?? config.STORE_ID, timeZone: config.STORE_TIME_ZONE })));
      ctx.shutdown.add('outbox relay', () => relay.stop());
      void ctx.natsReady.then(async (nats) => {
        // The catalog service announces each new version on core NATS: refresh at once instead of at the next poll.
        nats.nc.subscribe(subjects.catalogVersionLive(config.STORE_ID), { callback: () => void catalog.refresh() });
        await ensureSalesStream(nats, config.STORE_ID, ctx.logger);
        relay.kick();
      }, () => undefined);

      const moveNumberingPast = (sequence: number, day?: string) => sequences.movePast(day ?? businessDay(clock(), config.STORE_TIME_ZONE), sequence);
      // Central's receipts and decisions (sourced into CENTRAL_<ID> by the uplink) -> sync metadata on the orders.
      const central = new CentralConsumer({
        natsReady: ctx.natsReady, storeId: config.STORE_ID, repo: new SyncRepo(ctx.pool), logger: ctx.logger, moveNumberingPast,
      }).start();
      ctx.shutdown.add('central sync consumer', () => central.stop());
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, [{ stream: streams.central(config.STORE_ID), consumer: centralSyncConsumer }]);
      parts = { catalog, relay, moveNumberingPast };
    },
  });
  return Object.assign(running, parts!);
}
