/**
 * @kiosk/kitchen: order events become kitchen tickets; displays move them through new -> preparing -> ready ->
 * served (plus recall and cancel) with optimistic versions; every change is published through the outbox and
 * pushed over socket.io to kitchen displays and the pickup board.
 */
import { fileURLToPath } from 'node:url';
import { consumers, streams } from '@kiosk/contracts';
import { DeviceRegistry, OutboxRelay, PinGuard, RetentionJob, RouteTable, mountOpenApiPart, prom, registerConsumerMetrics, startService, type RunningService, type StoreRouteDoc } from '@kiosk/kit';
import { TicketRetentionRepo } from './adapters/ticket-retention.repo.js';
import { kitchenReceiptMark, prunableOrders } from './adapters/order-retention.client.js';
import { outboxRetentionStep, ticketRetentionStep } from './app/ticket-retention.js';
import { TicketService } from './app/ticket.service.js';
import { kitchenOutbox } from './adapters/ticket-events.js';
import type { KitchenConfig } from './config.js';
import { deviceRoutes } from './transport/device.routes.js';
import { OrderConsumer } from './transport/order.consumer.js';
import { PaymentConsumer } from './transport/payment.consumer.js';
import { SocketHub } from './transport/socket.hub.js';
import { pickupRoutes, ticketRoutes } from './transport/ticket.routes.js';

export { kitchenConfig, type KitchenConfig } from './config.js';

export interface RunningKitchen extends RunningService<KitchenConfig> {
  hub: SocketHub;
  tickets: TicketService;
  retention: RetentionJob;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
/** The shared staff schema (@kiosk/kit/staff-tables): this service owns and migrates it. */
const staffMigrationsFolder = fileURLToPath(new URL('../drizzle-staff', import.meta.url));

/** Starts the kitchen service (HTTP, socket.io on the same server, order consumer, outbox relay). */
export async function startKitchenService(config: KitchenConfig): Promise<RunningKitchen> {
  const parts: { hub?: SocketHub; tickets?: TicketService; retention?: RetentionJob } = {};
  const running = await startService(config, {
    // The staff schema first: this service owns it, and kitchen's 0002 moves the old kitchen.devices into it.
    migrations: [{ schema: 'staff', folder: staffMigrationsFolder }, { schema: 'kitchen', folder: migrationsFolder }],
    async setup(ctx, app) {
      const registry = new DeviceRegistry(ctx.pool);
      const guard = new PinGuard({ pool: ctx.pool, logger: ctx.logger });
      const hub = new SocketHub({ registry, redisUrl: config.REDIS_URL, logger: ctx.logger, recheckEveryMs: config.KITCHEN_SOCKET_RECHECK_SECONDS * 1000 });
      const tickets = new TicketService({
        pool: ctx.pool, storeId: config.STORE_ID, logger: ctx.logger, notifier: hub, lateAfterSeconds: config.KITCHEN_LATE_AFTER_SECONDS, cookOn: config.COOK_ON,
      });
      Object.assign(parts, { hub, tickets });
      const table = new RouteTable<StoreRouteDoc>();
      app.use(deviceRoutes({
        registry, guard, staffPin: config.STAFF_PIN, managerPin: config.MANAGER_PIN, logger: ctx.logger, onRevoked: (id) => hub.dropDevice(id),
      }, table));
      app.use(pickupRoutes({ tickets }, table));
      app.use(ticketRoutes({ registry, guard, managerPin: config.MANAGER_PIN, tickets }, table));
      mountOpenApiPart(app, table, { service: 'kitchen' });

      const relay = new OutboxRelay({ pool: ctx.pool, ...kitchenOutbox, recordSequence: true, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      const consumer = new OrderConsumer({ natsReady: ctx.natsReady, storeId: config.STORE_ID, tickets, logger: ctx.logger }).start();
      const payments = new PaymentConsumer({ natsReady: ctx.natsReady, storeId: config.STORE_ID, tickets, logger: ctx.logger }).start();
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, [
        { stream: streams.sales(config.STORE_ID), consumer: consumers.kitchenOrders },
        { stream: streams.sales(config.STORE_ID), consumer: consumers.kitchenPayments },
      ]);
      new prom.Gauge({
        name: 'socketio_connected_clients', help: 'Kitchen displays and pickup boards connected over socket.io to this instance',
        registers: [ctx.metrics.registry], collect() { this.set(hub.io.engine.clientsCount); },
      });
      // Registered before NATS' drain step runs (steps run in reverse): stop taking orders, then flush the outbox.
      ctx.shutdown.add('outbox relay', () => relay.stop());
      ctx.shutdown.add('order consumer', () => consumer.stop());
      ctx.shutdown.add('payment consumer', () => payments.stop());

      const orderUrl = config.ORDER_URL;
      const retentionRepo = new TicketRetentionRepo(ctx.pool);
      const retention = new RetentionJob({
        logger: ctx.logger, metrics: ctx.metrics,
        steps: () => (orderUrl ? [
          ...ticketRetentionStep({ repo: retentionRepo, days: config.RETENTION_DAYS, now: () => new Date(), prunable: (ids) => prunableOrders(orderUrl, ids) }),
          ...outboxRetentionStep({ repo: retentionRepo, days: config.RETENTION_DAYS, now: () => new Date(), receiptMark: () => kitchenReceiptMark(orderUrl) }),
        ] : []),
      });
      if (orderUrl && config.RETENTION_DAYS > 0) retention.start();
      ctx.shutdown.add('retention', () => retention.stop());
      parts.retention = retention;
    },
  });
  // socket.io needs the HTTP server, which exists only once startService listened. Its shutdown step is added
  // last, so it runs first: displays are disconnected before HTTP stops.
  const { hub, tickets, retention } = parts;
  if (!hub || !tickets || !retention) throw new Error('kitchen setup did not run');
  hub.attach(running.server);
  running.ctx.shutdown.add('socket.io', () => hub.close());
  return { ...running, hub, tickets, retention };
}
