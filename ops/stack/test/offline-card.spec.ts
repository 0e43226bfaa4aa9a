import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ProductView } from '@kiosk/contracts';
import { catalogPathState, killBox, SimAcquirer, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, until } from './link-support.js';
import { centralGet, centralSend, centralSql, storeCatalog } from './central-support.js';
import { simpleProduct } from './scenario-support.js';

interface Placed { status: number; body: { globalId?: string; status?: string; total?: number; payment?: { status: string; offline?: boolean }; error?: { code: string; message: string; details?: Record<string, unknown> } } }
interface FleetStore { storeId: string; offlineCardsPending: number | null; offlineCardsPendingAmount: number | null }

/**
 * Issue 12 item 5 through the whole chain: a store box attached to central by its real leaf link, its simulated
 * card terminal talking to an acquirer (SimAcquirer) that the test stops for the outage. The rules come from
 * central's store settings; the box is SIGKILLed whole with every offline approval still pending; when the
 * acquirer is back each is forwarded exactly once, and the failures reach central's conflicts and reports.
 */
describe('offline card payments: acquirer down, kill -9 of the box, forwarded exactly once, failures at central', function () {
  this.timeout(600_000);
  const storeId = 's1';
  let central: Central;
  let box: StoreBox;
  let acquirer: SimAcquirer;
  let baseDir: string;
  let product: ProductView;

  const boxOptions = () => ({
    storeId, baseDir, hub: central.hub.leafFor(storeId), heartbeatMs: 1_000,
    // The terminal's acquirer is the box's configuration (the operator's), never the kiosk's request.
    env: { PAYMENT_SIM_ACQUIRER_URL: acquirer.url, OFFLINE_CARD_FORWARD_INTERVAL_MS: '500', PAYMENT_TIMEOUT_MS: '3000' },
  });

  before(async () => {
    acquirer = await new SimAcquirer().start();
    central = await startCentral({ stores: [storeId] });
    baseDir = mkdtempSync(join(tmpdir(), 'offline-card-s1-'));
    box = await startStoreBox(boxOptions());
    product = await simpleProduct(box, 60_000);
  });
  after(async () => {
    await box?.stop();
    await central?.stop();
    await acquirer?.stop();
    if (baseDir) rmSync(baseDir, { recursive: true, force: true });
  });

  async function cardOrder(quantity = 1): Promise<Placed> {
    const res = await fetch(`${box.gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId: randomUUID(), kioskId: 'kiosk-card', mode: 'takeaway', lines: [{ productId: product.id, quantity, optionIds: [] }], payment: { method: 'card' } }),
    });
    return { status: res.status, body: (await res.json()) as Placed['body'] };
  }
  const storeSql = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => centralSql<T>(box.databaseUrl, sql, params);
  const cardRows = () => storeSql<{ global_id: string; status: string; amount: number }>(
    'SELECT global_id::text, status, amount::float8 AS amount FROM orders.offline_card_payments ORDER BY approved_at');
  const fleetRow = async () => (await centralGet<{ stores: FleetStore[] }>(central, '/api/stores')).body.stores.find((s) => s.storeId === storeId);

  it('approves 50 cards offline, refuses one over the limit, keeps them through kill -9 and forwards each exactly once; the late decline and an expiry reach central', async () => {
    // Online first: the acquirer answers and nothing is stored for later.
    const online = await cardOrder();
    expect(online.status, JSON.stringify(online.body)).to.equal(201);
    expect(online.body.payment).to.deep.equal({ ...online.body.payment, status: 'approved' });
    expect(online.body.payment?.offline).to.equal(undefined);
    expect(acquirer.authorisations).to.equal(1);
    const price = online.body.total!;

    // Central's rules for the store: one order of one item fits, three do not; the total leaves room for all of them.
    const rules = { perPaymentLimit: 2 * price, totalLimit: 60 * price, expiryHours: 24 };
    const { settings: s, currency } = await storeCatalog(box);
    const put = await centralSend(central, 'PUT', `/api/admin/stores/${storeId}/settings`, {
      storeName: s.storeName, currency, taxRateBps: s.taxRateBps, serviceChargeBps: s.serviceChargeBps, locale: s.locale, timeZone: s.timeZone, offlineCard: rules,
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    let atBox: unknown;
    await until('central\'s offline card rules at the box', async () => {
      atBox = (await storeCatalog(box)).settings;
      const o = (atBox as { offlineCard?: Record<string, unknown> }).offlineCard;
      return !!o && Number(o.perPaymentLimit) === rules.perPaymentLimit && Number(o.totalLimit) === rules.totalLimit && Number(o.expiryHours) === rules.expiryHours;
    }, centralChangeAtStoreMs).catch(async (err: Error) => {
      throw new Error(`${err.message}; the box has ${JSON.stringify(atBox)}; ${await catalogPathState(central.hub, box)}`);
    });

    await acquirer.stop();
    // 50 to forward, and one more that the box will hold past its expiry (the box stays off for over a day).
    const placed: Placed[] = [];
    for (let wave = 0; wave < 51; wave += 17) placed.push(...await Promise.all(Array.from({ length: 17 }, () => cardOrder())));
    expect(placed.map((p) => p.status)).to.deep.equal(Array<number>(51).fill(201));
    for (const p of placed) {
      expect(p.body.status).to.equal('paid');
      expect(p.body.payment).to.deep.include({ status: 'approved', offline: true });
    }
    const ordersBefore = (await storeSql<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders'))[0]!.n;
    const refused = await cardOrder(3);
    expect(refused.status).to.equal(402);
    expect(refused.body.error?.code).to.equal('offline_card_limit');
    expect(refused.body.error?.details).to.deep.include({ rule: 'per_payment', limit: 2 * price });
    expect(refused.body.error?.message).to.equal(
      `the card network is unreachable and ${refused.body.error?.details?.amount as number} is above the ${2 * price} a card may pay offline; pay cash or a smaller order`);
    expect((await storeSql<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders'))[0]!.n, 'nothing ordered by the refused card').to.equal(ordersBefore);

    const pendingAmount = placed.reduce((sum, p) => sum + p.body.total!, 0);
    expect((await cardRows()).filter((r) => r.status === 'pending')).to.have.length(51);
    // The manager's status view and central's fleet view (from the heartbeat over the leaf link) show them.
    await until('the box\'s status view shows the pending cards', async () => {
      const view = (await (await fetch(`${box.gatewayUrl}/api/sync/status`)).json()) as FleetStore;
      return view.offlineCardsPending === 51 && view.offlineCardsPendingAmount === pendingAmount;
    }, 30_000);
    await until('central\'s fleet view shows the pending cards', async () => {
      const row = await fleetRow();
      return row?.offlineCardsPending === 51 && row.offlineCardsPendingAmount === pendingAmount;
    }, 60_000);

    // The power goes: every process of the box at once, the 51 approvals still pending.
    await killBox(box);
    box = await startStoreBox({ ...boxOptions(), ports: box.ports, seed: false });
    expect((await cardRows()).filter((r) => r.status === 'pending').map((r) => r.global_id).sort(), 'every offline approval survived')
      .to.deep.equal(placed.map((p) => p.body.globalId).sort());

    // The box was off for more than a day for one of them: its approval and expiry move back 25 h.
    const stale = placed[0]!.body.globalId!;
    await storeSql(`UPDATE orders.offline_card_payments SET approved_at = approved_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE global_id = $1`, [stale]);
    await until('the card past its expiry flagged, not forwarded', async () => (await cardRows()).find((r) => r.global_id === stale)?.status === 'expired', 30_000);
    expect(acquirer.captures.size).to.equal(0);

    const lateDecline = placed[17]!.body.globalId!;
    acquirer.declineGlobalIds.add(lateDecline);
    await acquirer.start();
    await until('every offline card answered', async () => (await cardRows()).every((r) => r.status !== 'pending'), 60_000);

    const forwarded = placed.slice(1);
    expect(acquirer.captures.size, 'captures at the acquirer').to.equal(50);
    expect([...acquirer.captures.values()].map((c) => c.globalId).sort()).to.deep.equal(forwarded.map((p) => p.body.globalId).sort());
    expect([...acquirer.captures.values()].every((c) => c.requests === 1), 'each capture asked once').to.equal(true);
    expect([...acquirer.captures.values()].reduce((sum, c) => sum + c.amount, 0)).to.equal(forwarded.reduce((sum, p) => sum + p.body.total!, 0));
    const rows = await cardRows();
    expect(rows.filter((r) => r.status === 'forwarded')).to.have.length(49);
    expect(rows.filter((r) => r.status === 'declined').map((r) => r.global_id)).to.deep.equal([lateDecline]);

    // Central: every order once, the late decline and the expiry as conflicts, neither counted as approved money.
    const conflicts = () => centralSql<{ kind: string; global_id: string }>(central.databaseUrl,
      `SELECT kind, global_id::text FROM central.conflicts WHERE store_id = $1 AND kind IN ('offline_card_declined', 'offline_card_expired') ORDER BY kind`, [storeId]);
    await until('both failures in central\'s conflicts', async () => (await conflicts()).length === 2, 90_000);
    expect(await conflicts()).to.deep.equal([{ kind: 'offline_card_declined', global_id: lateDecline }, { kind: 'offline_card_expired', global_id: stale }]);
    const storeOrders = (await storeSql<{ global_id: string }>('SELECT global_id::text FROM orders.orders')).map((r) => r.global_id).sort();
    await until('every order of the box at central', async () =>
      (await centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE store_id = $1', [storeId]))[0]!.n >= storeOrders.length, 90_000);
    const atCentral = await centralSql<{ global_id: string }>(central.databaseUrl, 'SELECT global_id::text FROM central.orders WHERE store_id = $1', [storeId]);
    expect(atCentral.map((r) => r.global_id).sort(), 'central holds exactly the box\'s orders, once each').to.deep.equal(storeOrders);
    const payments = await centralSql<{ status: string; count: number }>(central.databaseUrl,
      `SELECT status, sum(count)::int AS count FROM central.payment_daily WHERE store_id = $1 AND method = 'card' GROUP BY 1 HAVING sum(count) <> 0 ORDER BY 1`, [storeId]);
    expect(payments).to.deep.equal([{ status: 'approved', count: 50 }, { status: 'offline_declined', count: 1 }, { status: 'offline_expired', count: 1 }]);
    await until('central\'s fleet view: nothing left to forward', async () => (await fleetRow())?.offlineCardsPending === 0, 60_000);
  });
});
