import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { io, type Socket } from 'socket.io-client';
import { create, fromBinary, pb, streams, subjects, toBinary, type PairDeviceView } from '@kiosk/contracts';
import { ensureStream, publishEvent, storeStreams } from '@kiosk/kit';
import type { Testbed } from '@kiosk/stack';
import { kitchenConfig, startKitchenService, type RunningKitchen } from '../src/index.js';

/** Starts the real kitchen service in-process against the testbed's servers. */
export async function startKitchen(tb: Testbed, opts: { storeId: string; databaseUrl: string; env?: Record<string, string> }): Promise<RunningKitchen> {
  const config = kitchenConfig.parse({
    SERVICE_NAME: 'kitchen', STORE_ID: opts.storeId, HTTP_PORT: '0', DATABASE_URL: opts.databaseUrl, NATS_URL: tb.nats.url,
    REDIS_URL: tb.redis.url, LOG_LEVEL: 'error', STAFF_PIN: '1234', MANAGER_PIN: '4321', ...opts.env,
  });
  return startKitchenService(config);
}

/** The order service's side of the wire: a client that publishes OrderCreated to the store's sales stream. */
export class FakeOrderPublisher {
  private constructor(readonly nc: NatsConnection, readonly js: JetStreamClient, readonly jsm: JetStreamManager, readonly storeId: string) {}

  static async connect(tb: Testbed, storeId: string): Promise<FakeOrderPublisher> {
    const nc = await connect({ servers: tb.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, storeStreams(storeId).sales);
    await ensureStream(jsm, storeStreams(storeId).kitchen);
    return new FakeOrderPublisher(nc, jetstream(nc), jsm, storeId);
  }

  order(over: Partial<pb.OrderCreated> = {}): pb.OrderCreated {
    const order = create(pb.OrderCreatedSchema, {
      eventId: randomUUID(), globalId: randomUUID(), storeId: this.storeId, kioskId: 'k1',
      orderNumber: `A-${Math.floor(Math.random() * 900 + 100)}`, businessDay: new Date().toISOString().slice(0, 10),
      mode: pb.OrderMode.DINE_IN, customerName: 'Sari', currency: 'IDR', createdAt: new Date().toISOString(),
      lines: [
        { productId: 'nasi-goreng', name: 'Nasi goreng', quantity: 1, options: [{ id: 'spicy', name: 'Extra spicy' }], station: 'wok', notes: 'no egg' },
        { productId: 'es-teh', name: 'Es teh', quantity: 2, options: [], station: 'drinks' },
      ],
    });
    return Object.assign(order, over);
  }

  /** Publishes with `msgId` as Nats-Msg-Id (a different id per call is what a redelivery past the dedupe looks like). */
  publish(order: pb.OrderCreated, msgId = order.eventId) {
    return publishEvent(this.js, {
      subject: subjects.orderCreated(this.storeId), eventId: msgId, eventType: pb.OrderCreatedSchema.typeName,
      payload: toBinary(pb.OrderCreatedSchema, order), correlationId: order.globalId,
    });
  }

  /** What the order service publishes when an order is paid (a card at the kiosk, or settled at the counter). */
  publishPaid(globalId: string, eventId = randomUUID()) {
    const e = create(pb.PaymentRecordedSchema, {
      eventId, globalId, storeId: this.storeId, recordedAt: new Date().toISOString(),
      payment: { paymentId: randomUUID(), method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.APPROVED, amount: 10_000n, currency: 'IDR' },
    });
    return publishEvent(this.js, {
      subject: subjects.paymentRecorded(this.storeId), eventId, eventType: pb.PaymentRecordedSchema.typeName,
      payload: toBinary(pb.PaymentRecordedSchema, e), correlationId: globalId,
    });
  }

  /** What the order service publishes when the counter closes a business day. */
  publishDayClosed(businessDay: string, eventId = randomUUID()) {
    const e = create(pb.DayClosedSchema, { eventId, storeId: this.storeId, businessDay, closedAt: new Date().toISOString(), currency: 'IDR' });
    return publishEvent(this.js, {
      subject: subjects.dayClosed(this.storeId), eventId, eventType: pb.DayClosedSchema.typeName,
      payload: toBinary(pb.DayClosedSchema, e), correlationId: `z:${this.storeId}:${businessDay}`,
    });
  }

  /** Every TicketStatusChanged on the store's kitchen stream, in stream order. */
  async kitchenEvents(): Promise<pb.TicketStatusChanged[]> {
    const info = await this.jsm.streams.info(streams.kitchen(this.storeId));
    const events: pb.TicketStatusChanged[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await this.jsm.streams.getMessage(streams.kitchen(this.storeId), { seq }).catch(() => null);
      if (m) events.push(fromBinary(pb.TicketStatusChangedSchema, m.data));
    }
    return events;
  }

  close() {
    return this.nc.close();
  }
}

/**
 * Pairs a display. `client` is sent as X-Forwarded-For: the service trusts it from loopback (where the
 * gateway runs), so a test can be several clients of the PIN throttle.
 */
export async function pair(url: string, pin = '1234', name = 'grill display', client?: string): Promise<Response> {
  return fetch(`${url}/api/devices/pair`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(client ? { 'x-forwarded-for': client } : {}) }, body: JSON.stringify({ pin, name, role: 'kitchen' }),
  });
}

export async function pairedToken(url: string): Promise<string> {
  const res = await pair(url);
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status}`);
  return ((await res.json()) as PairDeviceView).token;
}

export function api(url: string, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; details?: { ticket?: { version: number; status: string } } } } };
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown = {}) => call('POST', path, body) };
}

/** A socket.io client that joined `room`; resolves with the socket and the join answer. */
export async function joinedSocket(url: string, room: 'kitchen' | 'pickup', token?: string): Promise<{ socket: Socket; answer: { ok: boolean; error?: { code: string } } }> {
  const socket = io(url, { path: '/socket.io/', transports: ['websocket'], ...(token ? { auth: { token } } : {}), reconnection: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const answer = (await socket.timeout(5_000).emitWithAck('join', room)) as { ok: boolean; error?: { code: string } };
  return { socket, answer };
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Collects the payloads of `event` on a socket, to assert on later. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}
