import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { consumers, create, headers, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { connectNatsUrl } from './store-nats.js';
import { waitFor } from './process.js';

/**
 * A store's offline backlog for the fleet benchmark: the events the order service's outbox relay publishes for
 * each order (OrderCreated, then PaymentRecorded), with the same subjects, headers (event type, correlation id)
 * and Nats-Msg-Id = event id, into the store's own SALES_<ID>. Three products a line each, priced in IDR.
 */

const menu = [
  { productId: 'nasi-goreng-spesial', name: 'Nasi Goreng Spesial', price: 38_000, station: 'wok' },
  { productId: 'es-teh-manis', name: 'Es Teh Manis', price: 8_000, station: 'drinks' },
  { productId: 'sate-ayam', name: 'Sate Ayam', price: 32_000, station: 'grill' },
] as const;

/** The pickup-board number of a day sequence, as the order service derives it: `A-001`..`A-999`, `B-001`, ... */
export function fleetOrderNumber(daySequence: number): string {
  let block = Math.floor((daySequence - 1) / 999);
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (block % 26)) + letters;
    block = Math.floor(block / 26) - 1;
  } while (block >= 0);
  return `${letters}-${String(((daySequence - 1) % 999) + 1).padStart(3, '0')}`;
}

export interface FleetEvent { subject: string; eventId: string; eventType: string; payload: Uint8Array; globalId: string }

/**
 * The two events of one order. `daySequence` must differ between the stores of one run: central renames a
 * number another store already holds that day (the shared pickup board rule), and a fleet whose stores all
 * number from A-001 would measure that rule instead of the drain (docs/scaling.md).
 */
export function fleetOrderEvents(storeId: string, daySequence: number, at: Date): FleetEvent[] {
  const globalId = randomUUID();
  const lines = menu.map((m, i) => create(pb.OrderLineSchema, {
    productId: m.productId, name: m.name, quantity: 1 + ((daySequence + i) % 2), unitPrice: BigInt(m.price), station: m.station,
    lineTotal: BigInt(m.price * (1 + ((daySequence + i) % 2))),
  }));
  const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0n);
  const tax = subtotal / 10n;
  const createdAt = at.toISOString();
  const payment = create(pb.PaymentSchema, {
    paymentId: randomUUID(), method: daySequence % 2 ? pb.PaymentMethod.CASH : pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED,
    amount: subtotal + tax, currency: 'IDR',
  });
  const created = create(pb.OrderCreatedSchema, {
    eventId: randomUUID(), globalId, storeId, kioskId: `k${daySequence % 8}`, orderNumber: fleetOrderNumber(daySequence), businessDay: createdAt.slice(0, 10),
    mode: daySequence % 3 ? pb.OrderMode.DINE_IN : pb.OrderMode.TAKEAWAY, currency: 'IDR', subtotal, tax, serviceCharge: 0n, total: subtotal + tax,
    lines, catalogVersion: 1n, createdAt, payment, daySequence: BigInt(daySequence),
  });
  const recorded = create(pb.PaymentRecordedSchema, { eventId: randomUUID(), globalId, storeId, payment, recordedAt: createdAt });
  return [
    { subject: subjects.orderCreated(storeId), eventId: created.eventId, eventType: pb.OrderCreatedSchema.typeName, payload: toBinary(pb.OrderCreatedSchema, created), globalId },
    { subject: subjects.paymentRecorded(storeId), eventId: recorded.eventId, eventType: pb.PaymentRecordedSchema.typeName, payload: toBinary(pb.PaymentRecordedSchema, recorded), globalId },
  ];
}

/**
 * Publishes `orders` orders into the store's SALES_<ID> (declared by its uplink: waited for), pipelined 256
 * events at a time as the outbox relay does; resolves with the orders' globalIds once every PubAck is in.
 */
export async function publishFleetBacklog(store: { storeId: string; natsUrl: string }, orders: { count: number; firstDaySequence: number; at: Date }): Promise<string[]> {
  const events = Array.from({ length: orders.count }, (_, i) => fleetOrderEvents(store.storeId, orders.firstDaySequence + i, orders.at)).flat();
  // A connection closed under the load of a hundred stores: publish the whole backlog again on a new one (the
  // same events and ids, so the stream's dedupe keeps each once).
  for (let attempt = 1; ; attempt++) {
    try {
      await publishAll(store, events);
      return events.filter((e) => e.subject === subjects.orderCreated(store.storeId)).map((e) => e.globalId);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

async function publishAll(store: { storeId: string; natsUrl: string }, events: FleetEvent[]): Promise<void> {
  const nc = await connectPatiently(store.natsUrl);
  try {
    const jsm = await jetstreamManager(nc);
    const sales = streams.sales(store.storeId);
    await waitFor(`${store.storeId}: the uplink's consumer on ${sales}`, async () => !!(await jsm.consumers.info(sales, consumers.uplink).catch(() => null)), 30_000);
    const js = jetstream(nc);
    for (let i = 0; i < events.length; i += 256) {
      await Promise.all(events.slice(i, i + 256).map((e) => {
        const hdrs = natsHeaders();
        hdrs.set(headers.eventType, e.eventType);
        hdrs.set(headers.correlationId, e.globalId);
        // As the relay does: a publish whose PubAck did not come in time (fsync on every write, a busy machine)
        // is sent again with the same id, and the stream's dedupe stores it once.
        const publish = () => js.publish(e.subject, e.payload, { msgID: e.eventId, headers: hdrs, expect: { streamName: sales }, timeout: 30_000 });
        return publish().catch(publish).catch(publish);
      }));
    }
  } finally {
    await nc.close();
  }
}

/**
 * A connection to a fleet store's nats-server, tried up to five times: with a hundred stores publishing from this
 * one process, its CONNECT can reach a server after the server's 2 s login timeout (the server is not at fault).
 */
async function connectPatiently(natsUrl: string): Promise<Awaited<ReturnType<typeof connectNatsUrl>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Through logins that time out on a starved server too (nats.js gives up after two by default).
      return await connectNatsUrl(natsUrl, { maxReconnectAttempts: -1, ignoreAuthErrorAbort: true });
    } catch (err) {
      if (attempt === 5) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
