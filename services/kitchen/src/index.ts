/**
 * @kiosk/kitchen: order events become kitchen tickets; displays move them through new -> preparing -> ready ->
 * served (plus recall and cancel) with optimistic versions; every change is published through the outbox and
 * pushed over socket.io to kitchen displays and the pickup board.
 */
import { fileURLToPath } from 'node:url';
import { consumers, streams } from '@kiosk/contracts';
import { OutboxRelay, prom, registerConsumerMetrics, startService, type RunningService } from '@kiosk/kit';
import { TicketService } from './app/ticket.service.js';
import { kitchenOutbox } from './adapters/ticket-events.js';
import type { KitchenConfig } from './config.js';
import { deviceRoutes } from './transport/device.routes.js';
import { OrderConsumer } from './transport/order.consumer.js';
import { SocketHub } from './transport/socket.hub.js';
import { pickupRoutes, ticketRoutes } from './transport/ticket.routes.js';

export { kitchenConfig, type KitchenConfig } from './config.js';

export interface RunningKitchen extends RunningService<KitchenConfig> {
  hub: SocketHub;
  tickets: TicketService;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the kitchen service (HTTP, socket.io on the same server, order consumer, outbox relay). */
export async function startKitchenService(config: KitchenConfig): Promise<RunningKitchen> {
  const parts: { hub?: SocketHub; tickets?: TicketService } = {};
  const running = await startService(config, {
    migrations: { schema: 'kitchen', folder: migrationsFolder },
    async setup(ctx, app) {
      // nginx on the same box forwards the client's address; the PIN throttle counts per real client.
      app.set('trust proxy', 'loopback');
      const hub = new SocketHub({ pool: ctx.pool, redisUrl: config.REDIS_URL, logger: ctx.logger });
      const tickets = new TicketService({
        pool: ctx.pool, storeId: config.STORE_ID, logger: ctx.logger, notifier: hub,
        managerPin: config.MANAGER_PIN, lateAfterSeconds: config.KITCHEN_LATE_AFTER_SECONDS,
      });
      Object.assign(parts, { hub, tickets });
      app.use(deviceRoutes({ pool: ctx.pool, staffPin: config.STAFF_PIN }));
      app.use(pickupRoutes({ tickets }));
      app.use(ticketRoutes({ pool: ctx.pool, tickets }));

      const relay = new OutboxRelay({ pool: ctx.pool, ...kitchenOutbox, jetstream: () => ctx.nats()?.js ?? null, logger: ctx.logger, metrics: ctx.metrics }).start();
      const consumer = new OrderConsumer({ natsReady: ctx.natsReady, storeId: config.STORE_ID, tickets, logger: ctx.logger }).start();
      registerConsumerMetrics(ctx.metrics, () => ctx.nats()?.jsm ?? null, [{ stream: streams.sales(config.STORE_ID), consumer: consumers.kitchenOrders }]);
      new prom.Gauge({
        name: 'socketio_connected_clients', help: 'Kitchen displays and pickup boards connected over socket.io to this instance',
        registers: [ctx.metrics.registry], collect() { this.set(hub.io.engine.clientsCount); },
      });
      // Registered before NATS' drain step runs (steps run in reverse): stop taking orders, then flush the outbox.
      ctx.shutdown.add('outbox relay', () => relay.stop());
      ctx.shutdown.add('order consumer', () => consumer.stop());
    },
  });
  // socket.io needs the HTTP server, which exists only once startService listened. Its shutdown step is added
  // last, so it runs first: displays are disconnected before HTTP stops.
  const { hub, tickets } = parts;
  if (!hub || !tickets) throw new Error('kitchen setup did not run');
  hub.attach(running.server);
  running.ctx.shutdown.add('socket.io', () => hub.close());
  return { ...running, hub, tickets };
}
