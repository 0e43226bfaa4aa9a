import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { streams, type OrderView } from '@kiosk/contracts';
import { testbed, type Testbed } from '@kiosk/stack';
import { orderConfig, startOrderService, type RunningOrderService } from '../src/index.js';
import { CatalogFixture } from './fixtures.js';

/** A response as the tests read it: an order, or the contract's error body. */
export type Reply = Partial<OrderView> & { error?: { code: string; message: string; details?: Record<string, unknown> } };
export interface Answer { status: number; body: Reply; text: string }

export interface OrderHarness {
  tb: Testbed;
  storeId: string;
  databaseUrl: string;
  catalog: CatalogFixture;
  catalogUrl: string;
  service: RunningOrderService;
  db: pg.Pool;
  post(body: unknown, init?: RequestInit): Promise<Answer>;
  get(path: string): Promise<Answer>;
  orderCount(): Promise<number>;
  close(): Promise<void>;
}

export function orderEnv(h: { storeId: string; databaseUrl: string; catalogUrl: string; tb: Testbed }, extra: Record<string, string> = {}) {
  return {
    SERVICE_NAME: 'order', STORE_ID: h.storeId, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', DATABASE_URL: h.databaseUrl,
    NATS_URL: h.tb.nats.url, REDIS_URL: h.tb.redis.url, LOG_LEVEL: 'warn', CATALOG_URL: h.catalogUrl,
    PAYMENT_TIMEOUT_MS: '300', CATALOG_POLL_MS: '500', ...extra,
  };
}

/** A real order service on the testbed's Postgres/NATS/Redis, pricing from a real HTTP catalog upstream. */
export async function startHarness(opts: { clock?: () => Date; env?: Record<string, string> } = {}): Promise<OrderHarness> {
  const tb = await testbed();
  const catalog = new CatalogFixture();
  const base = { tb, storeId: tb.freshStoreId('ord'), databaseUrl: await tb.freshDatabase('order'), catalogUrl: await catalog.start() };
  const service = await startOrderService(orderConfig.parse(orderEnv(base, opts.env)), { clock: opts.clock });
  await waitUntil(async () => service.catalog.current() !== null);
  const db = new pg.Pool({ connectionString: base.databaseUrl, max: 2 });
  const call = async (path: string, init?: RequestInit): Promise<Answer> => {
    const res = await fetch(`${harness.service.url}${path}`, init);
    const text = await res.text();
    let body: Reply = {};
    try { body = JSON.parse(text) as Reply; } catch { body = {}; }
    return { status: res.status, body, text };
  };
  const harness: OrderHarness = {
    ...base, catalog, service, db,
    post: (body, init) => call('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init }),
    get: (path) => call(path),
    async orderCount() {
      const { rows } = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM orders.orders) + (SELECT count(*) FROM orders.order_lines) + (SELECT count(*) FROM orders.payments) + (SELECT count(*) FROM orders.outbox) AS n');
      return Number(rows[0]!.n);
    },
    async close() {
      await harness.service.close();
      await db.end();
      await catalog.stop();
    },
  };
  return harness;
}

export function cashOrder(overrides: Record<string, unknown> = {}) {
  return {
    globalId: randomUUID(), kioskId: 'kiosk-1', mode: 'dine_in',
    lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-large', 'o-cheese'] }, { productId: 'p-tea', quantity: 2, optionIds: [] }],
    payment: { method: 'cash' },
    ...overrides,
  };
}

export async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}

/** The highest sales-stream sequence of an order's events, once both (OrderCreated, PaymentRecorded) are published. */
export async function publishedSeq(h: OrderHarness, globalId: string): Promise<number> {
  let seq = 0;
  await waitUntil(async () => {
    const { rows } = await h.db.query<{ n: number; seq: string | null }>(
      'SELECT count(published_seq)::int AS n, max(published_seq) AS seq FROM orders.outbox WHERE correlation_id = $1', [globalId]);
    seq = Number(rows[0]!.seq);
    return rows[0]!.n === 2;
  }, 20_000, `events of ${globalId} published`);
  return seq;
}

/** Every message of the store's sales stream: its Nats-Msg-Id and subject (read with a fresh connection). */
export async function salesStreamMessages(natsUrl: string, storeId: string): Promise<Array<{ msgId: string; subject: string; seq: number }>> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const name = streams.sales(storeId);
    const info = await jsm.streams.info(name);
    const out: Array<{ msgId: string; subject: string; seq: number }> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(name, { seq });
      if (m) out.push({ msgId: m.header.get('Nats-Msg-Id'), subject: m.subject, seq });
    }
    return out;
  } finally {
    await nc.close();
  }
}
