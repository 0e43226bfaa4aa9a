/**
 * @kiosk/order: the store's order service (kiosk API, pricing, numbering, payments, receipts, outbox).
 * `startOrderService` is what main.ts runs and what the integration tests start in-process.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceRegistry, DiskGuard, PinGuard, RetentionJob, RouteTable, diskThresholdsOf, mountOpenApiPart, untilShort, ensureStream, OutboxRelay, prom, registerConsumerMetrics, startService, storeStreams, type Logger, type Nats, type RunningService, type StoreRouteDoc } from '@kiosk/kit';
import { consumers, streams, subjects } from '@kiosk/contracts';
import type { OrderConfig } from './config.js';
import { CatalogClient } from './adapters/catalog.client.js';
import { DaySequences } from './adapters/day-sequence.js';
import { OrderRepo, OUTBOX } from './adapters/order.repo.js';
import { SyncRepo } from './adapters/sync.repo.js';
import { CentralConsumer } from './transport/central.consumer.js';
import { SimulatedTerminal } from './adapters/simulated-terminal.js';
import { OrderService } from './app/order.service.js';
import { orderRoutes } from './transport/order.routes.js';
import { kioskStaffRoutes } from './transport/staff.routes.js';
import { counterRoutes, type CounterAuth } from './transport/counter.routes.js';
import { CounterService, type ManagerApproval } from './app/counter.service.js';
import { DrawerService } from './app/drawer.service.js';
import { staffGate } from './transport/staff.gate.js';
import { businessDay, orderNumber, replacementFirstSequence } from './domain/numbering.js';
import { TerminalBreakers } from './adapters/terminal-breakers.js';
import { paymentSimulatorRoutes } from './transport/payment-sim.routes.js';
import { OfflineCardRepo } from './adapters/offline-card.repo.js';
import { OfflineCardForwarder } from './app/offline-card.forwarder.js';
import { defaultOfflineCardRules } from './domain/offline-card.js';
import { diskGate } from './transport/disk.gate.js';
import { RetentionRepo } from './adapters/retention.repo.js';
import { retentionRoutes } from './transport/retention.routes.js';
import { retentionCutoffDay } from './domain/retention.js';

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

/** The disk guard's verdict in /health: the sync service shows it on the status page and sends it to central. */
function diskFigures(guard: DiskGuard | null) {
  const s = guard?.state();
  return { disk_level: s?.level ?? null, disk_free_bytes: s?.worst?.freeBytes ?? null, disk_total_bytes: s?.worst?.totalBytes ?? null };
}

/** Who may use the counter (a paired `counter` device) and a manager's approval of voids and refunds. */
export interface StaffGate {
  auth: CounterAuth;
  approveByManager: ManagerApproval;
}

export interface RunningOrderService extends RunningService<OrderConfig> {
  catalog: CatalogClient;
  relay: OutboxRelay;
  disk: DiskGuard;
  retention: RetentionJob;
  /** Moves the day's numbering past `sequence` (central asks after a collision); the day defaults to today. */
  moveNumberingPast(sequence: number, day?: string): Promise<number>;
}

/** Boots the service. `clock` is for tests of the business-day rollover; production uses the system clock. */
export async function startOrderService(config: OrderConfig, opts: { clock?: () => Date } = {}): Promise<RunningOrderService> {
  const clock = opts.clock ?? (() => new Date());
  let parts: Omit<RunningOrderService, keyof RunningService<OrderConfig>> | null = null;
  let diskGuard: DiskGuard | null = null;
  const running = await startService(config, {
    migrations: { schema: 'orders', folder: fileURLToPath(new URL('../drizzle', import.meta.url)) },
    poolSize: config.DATABASE_POOL_SIZE,
    // The status page (sync service) and the heartbeat read these from /health, offline cards included.
    syncFigures: async (ctx) => {
      const [sync, cards] = await Promise.all([new SyncRepo(ctx.pool).syncFigures(streams.sales(config.STORE_ID)), new OfflineCardRepo(ctx.pool, config.STORE_ID).figures()]);
      return { ...sync, offline_cards_pending: cards.pendingCount, offline_cards_pending_amount: cards.pendingAmount,
        offline_cards_failed: cards.failedCount, offline_cards_failed_amount: cards.failedAmount, ...diskFigures(diskGuard) };
    },
    async setup(ctx, app) {
      // Every /api and /internal route, with what the store's OpenAPI document says of it.
      const table = new RouteTable<StoreRouteDoc>();
      const catalog = new CatalogClient({ url: config.CATALOG_URL, pollMs: config.CATALOG_POLL_MS, logger: ctx.logger }).start();
      ctx.shutdown.add('catalog', async () => catalog.stop());
      const sequences = new DaySequences(ctx.pool);
      if (config.REPLACED_ON) {
        // Before the first order is taken; never moves backwards, so every restart may apply it again.
        const first = replacementFirstSequence(config.REPLACED_AFTER_SEQUENCE ?? null);
        await sequences.movePast(config.REPLACED_ON, first - 1);
        ctx.logger.info('replacement box: numbering moved past the dead box', {
          businessDay: config.REPLACED_ON, centralHighest: config.REPLACED_AFTER_SEQUENCE ?? null, firstNumber: orderNumber(first) });
      }
      const repo = new OrderRepo(ctx.pool);
      const simulated = new SimulatedTerminal({
        outcome: config.PAYMENT_SIM_OUTCOME, declineAbove: config.PAYMENT_SIM_DECLINE_ABOVE ?? null, delayMs: config.PAYMENT_SIM_DELAY_MS,
        acquirerUrl: config.PAYMENT_SIM_ACQUIRER_URL ?? null, acquirerTimeoutMs: Math.min(5_000, Math.ceil(config.PAYMENT_TIMEOUT_MS / 2)),
      });
      if (config.PAYMENT_SIM_CONTROL === '1') app.use(paymentSimulatorRoutes(simulated, table));
      const terminal = new TerminalBreakers({
        terminal: simulated, timeoutMs: config.PAYMENT_TIMEOUT_MS, resetTimeoutMs: config.PAYMENT_BREAKER_RESET_MS, logger: ctx.logger, metrics: ctx.metrics,
      });
      const syncRepo = new SyncRepo(ctx.pool);
      const relay = new OutboxRelay({
        pool: ctx.pool, ...OUTBOX, recordSequence: true, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics,
        onPublished: (client, globalIds) => syncRepo.markSyncedByHeldReceipt(client, streams.sales(config.STORE_ID), globalIds).then(() => undefined),
      }).start();
      const accepted = new prom.Counter({ name: 'orders_accepted_total', help: 'Orders committed at this store (each globalId once)', registers: [ctx.metrics.registry] });
      const offlineCards = new OfflineCardRepo(ctx.pool, config.STORE_ID);
      const forwarder = new OfflineCardForwarder({
        repo: offlineCards, forward: (r) => simulated.forward(r), clock, logger: ctx.logger, intervalMs: config.OFFLINE_CARD_FORWARD_INTERVAL_MS,
        onCommitted: () => relay.kick(),
      }).start();
      ctx.shutdown.add('offline card forwarder', () => forwarder.stop());
      const orders = new OrderService({
        storeId: config.STORE_ID, timeZone: config.STORE_TIME_ZONE, clock, catalog, sequences, repo, terminal, logger: ctx.logger,
        onCommitted: () => {
          accepted.inc();
          relay.kick();
        },
        offline: {
          rules: () => catalog.current()?.offlineCard ?? defaultOfflineCardRules,
          pendingAmount: () => offlineCards.pendingAmount(),
          onApproved: () => void forwarder.kick().catch(() => undefined),
        },
      });
      const receiptContext = () => ({ storeName: catalog.current()?.storeName ?? config.STORE_ID, timeZone: config.STORE_TIME_ZONE });
      const committed = () => relay.kick();
      // The staff schema (paired screens, the PIN throttle) is the kitchen service's; this service reads and writes its rows.
      const registry = new DeviceRegistry(ctx.pool);
      const guard = new PinGuard({ pool: ctx.pool, logger: ctx.logger });
      app.use(kioskStaffRoutes({ registry, guard, staffPin: config.STAFF_PIN, logger: ctx.logger }, table));
      const staff = staffGate({ registry, guard, managerPin: config.MANAGER_PIN });
      const counter = new CounterService({
        pool: ctx.pool, storeId: config.STORE_ID, timeZone: config.STORE_TIME_ZONE, clock, logger: ctx.logger, onCommitted: committed,
        cashRounding: { unit: config.CASH_ROUNDING_UNIT, mode: config.CASH_ROUNDING_MODE }, approveByManager: staff.approveByManager,
      });
      const disk = await new DiskGuard({
        paths: config.DISK_PATHS.length > 0 ? config.DISK_PATHS : [process.cwd()], thresholds: diskThresholdsOf(config), everyMs: config.DISK_CHECK_MS,
        onChange: (s, was) => ctx.logger[s.level === 'ok' ? 'info' : 'warn']('disk level changed', { from: was, to: s.level, path: s.worst?.path, freeBytes: s.worst?.freeBytes }),
      }).start();
      diskGuard = disk;
      ctx.shutdown.add('disk guard', async () => disk.stop());
      app.post('/api/orders', diskGate(() => disk.state()));
      app.use(orderRoutes(orders, counter, receiptContext, table));
      const drawer = new DrawerService({
        pool: ctx.pool, storeId: config.STORE_ID, timeZone: config.STORE_TIME_ZONE, clock, logger: ctx.logger, onCommitted: committed,
        currency: () => catalog.current()?.currency ?? 'IDR',
      });
      app.use(counterRoutes({ counter, drawer, auth: staff.auth, receiptContext, offlineCards, settings: () => ({
        storeId: config.STORE_ID, currency: catalog.current()?.currency ?? 'IDR', cashRoundingUnit: config.CASH_ROUNDING_UNIT,
        cashRoundingMode: config.CASH_ROUNDING_MODE, qrisPayload: config.QRIS_PAYLOAD || null, cookOn: config.COOK_ON,
      }) }, table));
      ctx.shutdown.add('outbox relay', () => relay.stop());
      let salesStreamReady = false;
      void ctx.natsReady.then(async (nats) => {
        // The catalog service announces each new version on core NATS: refresh at once instead of at the next poll.
        nats.nc.subscribe(subjects.catalogVersionLive(config.STORE_ID), { callback: () => void catalog.refresh() });
        await ensureSalesStream(nats, config.STORE_ID, ctx.logger);
        salesStreamReady = true;
        relay.kick();
      }, () => undefined);
      // Ready (/health 200) only when an order can be taken and goes on to the kitchen: a price book loaded and
      // the sales stream there (Postgres and NATS are the kit's own checks).
      ctx.health.add('catalog', async () => {
        if (!catalog.current()) throw new Error('no menu loaded yet');
      });
      ctx.health.add('sales_stream', async () => {
        if (!salesStreamReady) throw new Error('sales stream not declared yet');
      });

      const moveNumberingPast = (sequence: number, day?: string) => sequences.movePast(day ?? businessDay(clock(), config.STORE_TIME_ZONE), sequence);
      // Central's receipts and decisions (sourced into CENTRAL_<ID> by the uplink) -> sync metadata on the orders.
      const central = new CentralConsumer({
        natsReady: ctx.natsReady, storeId: config.STORE_ID, repo: syncRepo, logger: ctx.logger, moveNumberingPast,
      }).start();
      ctx.shutdown.add('central sync consumer', () => central.stop());
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, [{ stream: streams.central(config.STORE_ID), consumer: consumers.orderCentralSync }]);
      const retentionRepo = new RetentionRepo(ctx.pool, streams.sales(config.STORE_ID), streams.kitchen(config.STORE_ID));
      app.use(retentionRoutes(retentionRepo, () => retentionCutoffDay(clock(), config.STORE_TIME_ZONE, config.RETENTION_DAYS), table));
      mountOpenApiPart(app, table, { service: 'order' });
      const retention = new RetentionJob({
        logger: ctx.logger, metrics: ctx.metrics,
        steps: () => {
          const cutoff = retentionCutoffDay(clock(), config.STORE_TIME_ZONE, config.RETENTION_DAYS);
          if (cutoff === null) return [];
          const before = new Date(clock().getTime() - config.RETENTION_DAYS * 24 * 60 * 60 * 1000);
          return [
            { table: 'orders', batch: async (n) => untilShort(await retentionRepo.pruneOrders(cutoff, n), n) },
            { table: 'outbox', batch: async (n) => untilShort(await retentionRepo.pruneOutbox(before, n), n) },
          ];
        },
      });
      if (config.RETENTION_DAYS > 0) retention.start();
      ctx.shutdown.add('retention', () => retention.stop());
      parts = { catalog, relay, disk, retention, moveNumberingPast };
    },
  });
  return Object.assign(running, parts!);
}
