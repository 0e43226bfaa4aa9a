import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjects } from '@kiosk/contracts';
import { bundleService, freePort, ManagedProcess, repoRoot } from '@kiosk/stack';
import { cashOrder, orderEnv, salesStreamMessages, startHarness, waitUntil, type OrderHarness } from './support.js';

/** Outbox rows of this service's database: every event that must reach the sales stream exactly once. */
async function outboxIds(h: OrderHarness): Promise<string[]> {
  const { rows } = await h.db.query<{ event_id: string }>('SELECT event_id FROM orders.outbox ORDER BY id');
  return rows.map((r) => r.event_id);
}

async function expectStreamHoldsEachEventOnce(h: OrderHarness) {
  const ids = await outboxIds(h);
  await waitUntil(async () => (await salesStreamMessages(h.tb.nats.url, h.storeId)).length >= ids.length, 50_000, 'events in the sales stream');
  const msgs = await salesStreamMessages(h.tb.nats.url, h.storeId);
  expect(msgs.map((m) => m.msgId).sort()).to.deep.equal([...ids].sort());
  return msgs;
}

describe('order service: events reach the sales stream exactly once', function () {
  let h: OrderHarness;
  before(async () => { h = await startHarness(); });
  after(async () => {
    if (!h.tb.nats.proc.running) await h.tb.nats.restart();
    await h?.close();
  });

  it('publishes OrderCreated and PaymentRecorded for each order to the sales stream', async () => {
    const placed = await h.post(cashOrder());
    const msgs = await expectStreamHoldsEachEventOnce(h);
    expect(msgs.map((m) => m.subject)).to.have.members([subjects.orderCreated(h.storeId), subjects.paymentRecorded(h.storeId)]);
    expect(placed.status).to.equal(201);
  });

  it('accepts orders while NATS is down and publishes them once it is back', async () => {
    await h.tb.nats.proc.stop();
    try {
      const placed = await Promise.all([h.post(cashOrder()), h.post(cashOrder()), h.post(cashOrder())]);
      expect(placed.map((p) => p.status)).to.deep.equal([201, 201, 201]);
      const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL');
      expect(rows[0]!.n).to.equal(6);
    } finally {
      await h.tb.nats.restart();
    }
    await expectStreamHoldsEachEventOnce(h);
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM orders.outbox WHERE published_at IS NULL')).rowCount === 0, 10_000, 'outbox marked');
  });

  it('republishes after a relay crash between publish and mark, and JetStream keeps one copy', async () => {
    await h.post(cashOrder());
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM orders.outbox WHERE published_at IS NULL')).rowCount === 0, 10_000, 'outbox drained');
    const before = await expectStreamHoldsEachEventOnce(h);
    // What a crash after the PubAck and before the UPDATE leaves behind: published events still unmarked.
    await h.db.query('UPDATE orders.outbox SET published_at = NULL');
    await h.service.relay.drain();
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL');
    expect(rows[0]!.n).to.equal(0);
    const after = await salesStreamMessages(h.tb.nats.url, h.storeId);
    expect(after).to.deep.equal(before);
  });
});

describe('order service: kill -9 between commit and publish', function () {
  let h: OrderHarness;
  let proc: ManagedProcess | null = null;
  before(async () => {
    h = await startHarness();
    await h.service.close(); // this suite runs the service as a real child process instead
  });
  after(async () => {
    await proc?.kill();
    if (!h.tb.nats.proc.running) await h.tb.nats.restart();
    await h.db.end();
    await h.catalog.stop();
  });

  afterEach(function () {
    // A failure here is about a child process: show the end of its log rather than a bare timeout.
    const log = join(h.tb.dir, `order-${h.storeId}.log`);
    if (this.currentTest?.state === 'failed' && existsSync(log)) console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
  });

  async function spawnService(port: number) {
    const env = { PATH: process.env.PATH ?? '', ...orderEnv(h, { HTTP_PORT: String(port), LOG_LEVEL: 'info' }) };
    proc = new ManagedProcess('order', process.execPath, [await bundleService('order')], {
      cwd: repoRoot, logFile: join(h.tb.dir, `order-${h.storeId}.log`), env,
    }).start();
    // /health answers 503 while NATS is down, so wait for the API itself: the catalog loaded and orders accepted.
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status === 400
      && (await fetch(`${url}/health`)).status > 0, 60_000, 'order service up');
    return url;
  }

  it('loses nothing and duplicates nothing when the service is SIGKILLed with events unpublished', async function () {
    this.timeout(120_000); // two cold starts of a child process; slow only on a box that is busy with other work
    await h.tb.nats.proc.stop();
    const port = await freePort();
    try {
      const url = await spawnService(port);
      const posts = await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/api/orders`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cashOrder()),
      })));
      expect(posts.map((p) => p.status)).to.deep.equal(Array<number>(10).fill(201));
      await proc!.kill();
      const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL');
      expect(rows[0]!.n).to.equal(20);
    } finally {
      await h.tb.nats.restart();
    }
    await spawnService(port);
    await expectStreamHoldsEachEventOnce(h);
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders');
    expect(rows[0]!.n).to.equal(10);
  });
});
