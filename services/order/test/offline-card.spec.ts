import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBinary, pb, subjects } from '@kiosk/contracts';
import { bundleService, freePort, ManagedProcess, repoRoot, SimAcquirer } from '@kiosk/stack';
import { cashOrder, orderEnv, startHarness, waitUntil, type Answer, type OrderHarness, type Reply } from './support.js';
import { pairCounter } from './counter.support.js';

/**
 * Store-and-forward of card payments, with the order service as a real child process and the simulated
 * terminal's acquirer as a real HTTP server that is stopped for the outage (the terminal's requests are refused).
 */
describe('order service: card payments while the acquirer is unreachable', function () {
  this.timeout(180_000);
  let h: OrderHarness;
  let acquirer: SimAcquirer;
  let proc: ManagedProcess | null = null;
  let url = '';
  let port = 0;
  const limits = { perPaymentLimit: 200_000, totalLimit: 4_000_000, expiryHours: 24 };

  before(async () => {
    acquirer = await new SimAcquirer().start();
    h = await startHarness();
    await h.service.close(); // run as a child process, so it can be killed with SIGKILL
    // Central's rules for this store, as the catalog service serves them from the store settings.
    h.catalog.update((c) => { c.settings.offlineCard = limits; });
    port = await freePort();
    url = await spawnService();
  });
  after(async () => {
    await proc?.kill();
    await acquirer?.stop();
    await h?.db.end();
    await h?.catalog.stop();
  });
  afterEach(function () {
    const log = join(h.tb.dir, `order-offline-${h.storeId}.log`);
    if (this.currentTest?.state === 'failed' && existsSync(log)) console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
  });

  async function spawnService(): Promise<string> {
    const env = {
      PATH: process.env.PATH ?? '',
      ...orderEnv(h, { HTTP_PORT: String(port), LOG_LEVEL: 'info', PAYMENT_SIM_ACQUIRER_URL: acquirer.url, OFFLINE_CARD_FORWARD_INTERVAL_MS: '300', PAYMENT_TIMEOUT_MS: '3000' }),
    };
    proc = new ManagedProcess('order', process.execPath, [await bundleService('order')], {
      cwd: repoRoot, logFile: join(h.tb.dir, `order-offline-${h.storeId}.log`), env,
    }).start();
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status === 400, 60_000, 'order service up');
    // The price book (with central's offline card rules) is loaded once an order prices.
    await waitUntil(async () => (await post(cashOrder())).status === 201, 30_000, 'catalog loaded');
    return base;
  }

  async function post(body: unknown): Promise<Answer> {
    const res = await fetch(`http://127.0.0.1:${port}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Reply };
  }
  const card = (quantity = 1) => cashOrder({ kioskId: 'kiosk-7', payment: { method: 'card' }, lines: [{ productId: 'p-burger', quantity, optionIds: ['o-large', 'o-cheese'] }] });
  const offlineRows = async () => (await h.db.query<{ global_id: string; status: string; amount: string }>(
    'SELECT global_id, status, amount FROM orders.offline_card_payments ORDER BY approved_at')).rows;
  const health = async () => await (await fetch(`${url}/health`)).json() as Record<string, unknown>;

  it('authorises online while the acquirer answers, with nothing left to forward', async () => {
    const res = await post(card());
    expect(res.status).to.equal(201);
    expect(res.body.payment).to.include({ status: 'approved' });
    expect(res.body.payment?.offline).to.equal(undefined);
    expect(acquirer.authorisations).to.equal(1);
    expect(await offlineRows()).to.have.length(0);
  });

  it('approves 50 cards offline within the limits, refuses one above, survives kill -9, and forwards each exactly once when the acquirer is back', async () => {
    await acquirer.stop();
    const placed: Answer[] = [];
    for (let wave = 0; wave < 5; wave++) placed.push(...await Promise.all(Array.from({ length: 10 }, () => post(card()))));
    expect(placed.map((p) => p.status)).to.deep.equal(Array<number>(50).fill(201));
    for (const p of placed) {
      expect(p.body.status).to.equal('paid');
      expect(p.body.payment).to.include({ status: 'approved', offline: true });
    }
    const total = placed.reduce((s, p) => s + p.body.total!, 0);

    const before = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders');
    const refused = await post(card(5));
    expect(refused.status).to.equal(402);
    expect(refused.body.error?.code).to.equal('offline_card_limit');
    expect(refused.body.error?.message).to.match(/above the 200000 a card may pay offline/);
    expect(refused.body.error?.details).to.deep.include({ rule: 'per_payment', limit: 200_000 });
    expect((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders')).rows[0]!.n).to.equal(before.rows[0]!.n);

    const rows = await offlineRows();
    expect(rows.map((r) => r.global_id).sort()).to.deep.equal(placed.map((p) => p.body.globalId).sort());
    expect(rows.every((r) => r.status === 'pending')).to.equal(true);
    expect(await health()).to.deep.include({ offline_cards_pending: 50, offline_cards_pending_amount: total });

    await proc!.kill(); // SIGKILL with all 50 pending
    await spawnService();
    await waitUntil(async () => (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.offline_card_payments WHERE attempts > 0')).rows[0]!.n > 0,
      20_000, 'forwarder retrying against the stopped acquirer');
    expect((await offlineRows()).filter((r) => r.status === 'pending')).to.have.length(50);

    const lateDecline = placed[17]!.body.globalId!;
    acquirer.declineGlobalIds.add(lateDecline);
    await acquirer.start();
    await waitUntil(async () => (await offlineRows()).every((r) => r.status !== 'pending'), 30_000, 'every offline card forwarded');

    expect(acquirer.captures.size).to.equal(50);
    expect([...acquirer.captures.values()].every((c) => c.requests === 1)).to.equal(true);
    expect([...acquirer.captures.values()].reduce((s, c) => s + c.amount, 0)).to.equal(total);
    const after = await offlineRows();
    expect(after.filter((r) => r.status === 'forwarded')).to.have.length(49);
    expect(after.filter((r) => r.status === 'declined').map((r) => r.global_id)).to.deep.equal([lateDecline]);

    // Flagged to central (an event in the outbox, then the sales stream) and to the manager at the counter.
    const events = await h.db.query<{ subject: string; payload: Buffer }>('SELECT subject, payload FROM orders.outbox WHERE correlation_id = $1 AND subject = $2',
      [lateDecline, subjects.offlineCardFailed(h.storeId)]);
    expect(events.rows).to.have.length(1);
    expect(fromBinary(pb.OfflineCardFailedSchema, events.rows[0]!.payload)).to.deep.include({ globalId: lateDecline, outcome: 'declined', storeId: h.storeId });
    const counter = await pairCounter({ ...h, service: { ...h.service, url } });
    const list = await counter.get('/api/counter/offline-cards');
    expect(list.status).to.equal(200);
    expect(list.body).to.deep.include({ pendingCount: 0, pendingAmount: 0, failedCount: 1 });
    expect((list.body.cards as { globalId: string; status: string }[])[0]).to.deep.include({ globalId: lateDecline, status: 'declined' });
    expect(await health()).to.deep.include({ offline_cards_pending: 0, offline_cards_failed: 1 });
  });
});

/** Expiry with the service's clock moved on: central's expiryHours, not a fixed 24 h, decides when an approval is too old to send. */
describe('order service: an offline card approval past its expiry', function () {
  this.timeout(120_000);
  let h: OrderHarness;
  let acquirer: SimAcquirer;
  let offsetMs = 0;

  before(async () => {
    acquirer = await new SimAcquirer().start();
    h = await startHarness({
      clock: () => new Date(Date.now() + offsetMs),
      env: { PAYMENT_SIM_ACQUIRER_URL: acquirer.url, OFFLINE_CARD_FORWARD_INTERVAL_MS: '200', PAYMENT_TIMEOUT_MS: '3000' },
    });
    h.catalog.update((c) => { c.settings.offlineCard = { perPaymentLimit: 200_000, totalLimit: 4_000_000, expiryHours: 2 }; });
    await waitUntil(async () => h.service.catalog.current()?.offlineCard?.expiryHours === 2, 20_000, 'central\'s rules in the price book');
  });
  after(async () => {
    await h?.close();
    await acquirer?.stop();
  });

  it('is not forwarded once the clock passes its expiry: flagged to the manager and sent to central as expired, the acquirer never asked', async () => {
    await acquirer.stop();
    const kept = await h.post(cashOrder({ kioskId: 'kiosk-9', payment: { method: 'card' } }));
    expect(kept.status, kept.text).to.equal(201);
    expect(kept.body.payment).to.include({ status: 'approved', offline: true });
    const row = async () => (await h.db.query<{ status: string; hours: number }>(
      `SELECT status, extract(epoch FROM expires_at - approved_at)::float8 / 3600 AS hours FROM orders.offline_card_payments WHERE global_id = $1`, [kept.body.globalId])).rows[0]!;
    expect((await row()).hours, 'expiry from central\'s rules').to.be.closeTo(2, 0.01);
    await waitUntil(async () => (await h.db.query<{ n: number }>('SELECT attempts AS n FROM orders.offline_card_payments WHERE global_id = $1', [kept.body.globalId])).rows[0]!.n > 0,
      10_000, 'a forwarding attempt against the stopped acquirer');
    expect((await row()).status, 'within its expiry it waits').to.equal('pending');

    offsetMs = 2 * 3_600_000 + 60_000;
    await waitUntil(async () => (await row()).status === 'expired', 10_000, 'the approval flagged as expired');
    await acquirer.start();
    await new Promise((r) => setTimeout(r, 1_000)); // rounds of the forwarder with the acquirer back
    expect(acquirer.captures.size, 'an expired approval is never sent').to.equal(0);

    const events = await h.db.query<{ payload: Buffer }>('SELECT payload FROM orders.outbox WHERE correlation_id = $1 AND subject = $2',
      [kept.body.globalId, subjects.offlineCardFailed(h.storeId)]);
    expect(events.rows).to.have.length(1);
    expect(fromBinary(pb.OfflineCardFailedSchema, events.rows[0]!.payload)).to.deep.include({ globalId: kept.body.globalId, outcome: 'expired', storeId: h.storeId });
    const counter = await pairCounter(h);
    const list = await counter.get('/api/counter/offline-cards');
    expect(list.body).to.deep.include({ pendingCount: 0, failedCount: 1 });
    expect((list.body.cards as { globalId: string; status: string }[])[0]).to.deep.include({ globalId: kept.body.globalId, status: 'expired' });
  });
});
