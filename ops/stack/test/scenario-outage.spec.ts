import { expect } from 'chai';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streams, type CentralStoresView, type ProductView } from '@kiosk/contracts';
import { catalogPathState, linkDown, linkUp, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, client, until } from './link-support.js';
import { centralGet, centralSend, centralSql, placeOrder, storeCatalog } from './central-support.js';
import { boxHealth, bump, pairKitchen, productKnownCentrally, tickets, untilLevelled } from './scenario-support.js';

/**
 * Seed scenario "outage during service": the link is severed for real (the leaf remote disabled + SIGHUP), the
 * store keeps selling and cooking, central changes a price meanwhile; when the link returns central has every
 * order exactly once with its payment and kitchen events, the store has the new price and nothing pending.
 */
describe('scenario: an internet outage during service loses nothing and counts nothing twice', function () {
  this.timeout(300_000);
  let central: Central;
  let s1: StoreBox;
  let nc: NatsConnection;
  let product: ProductView;
  let token: string;

  before(async function () {
    central = await startCentral({ stores: ['s1'] });
    s1 = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000 });
    nc = await client(s1.natsUrl);
    product = await productKnownCentrally(central, s1);
    token = await pairKitchen(s1);
  });

  after(async function () {
    await nc?.close();
    await s1?.stop();
    await central?.stop();
  });

  it('takes 47 orders and kitchen bumps offline, then brings central and the store level when the link returns', async () => {
    await until('link up and nothing pending before the cut', async () => {
      const h = await boxHealth(s1);
      return h.link === 'up' && h.pending_sync === 0;
    });
    await linkDown(s1);
    await until('the box reports the link down', async () => (await boxHealth(s1)).link === 'down', 15_000);

    const placed: { globalId: string; method: 'card' | 'cash' }[] = [];
    for (let i = 0; i < 47; i++) {
      const method = i % 3 === 0 ? 'card' : 'cash';
      placed.push({ globalId: (await placeOrder(s1, product, method)).globalId, method });
    }
    const ours = new Set(placed.map((p) => p.globalId));
    let board: Awaited<ReturnType<typeof tickets>> = [];
    await until('47 tickets in the kitchen', async () => {
      board = (await tickets(s1, token)).filter((t) => ours.has(t.globalId));
      return board.length === 47;
    });
    const started = board.slice(0, 20);
    for (const t of started) await bump(s1, token, t.id, 'start');
    for (const t of started.slice(0, 8)) await bump(s1, token, t.id, 'ready');

    const newPrice = product.price + 2_500;
    expect((await centralSend(central, 'PUT', `/api/admin/products/${product.id}/price`, { price: newPrice })).status).to.equal(200);
    const jsm = await jetstreamManager(nc);
    const kitchenEvents = async () => (await jsm.streams.info(streams.kitchen('s1'))).state.messages;
    await until('every bump in the store kitchen stream', async () => (await kitchenEvents()) >= 28);

    expect((await boxHealth(s1)).pending_sync, 'every order of the cut is pending, exactly').to.equal(47);
    const atCentral = () => centralSql<{ global_id: string }>(central.databaseUrl, `SELECT global_id FROM central.orders WHERE store_id = 's1'`);
    expect(await atCentral(), 'nothing crossed a cut link').to.have.length(0);
    expect((await storeCatalog(s1)).products.find((p) => p.id === product.id)?.price, 'the old price until the link returns').to.equal(product.price);

    await linkUp(s1);
    const confirmedAfter = await untilLevelled(central, s1, 'the store confirms every order synced', async () => (await boxHealth(s1)).pending_sync === 0, 60_000);
    console.log(`      47 orders confirmed back at the store (receipts applied) ${Math.round(confirmedAfter)} ms after link-up`);
    const storeKitchenEvents = await kitchenEvents();
    await until('every kitchen event at central', async () => {
      const rows = await centralSql<{ n: number }>(central.databaseUrl, `SELECT count(*)::int AS n FROM central.kitchen_events WHERE store_id = 's1'`);
      return rows[0]!.n === storeKitchenEvents;
    }, 60_000);

    const orders = await atCentral();
    expect(orders.map((r) => r.global_id).sort(), 'exactly those 47 orders, once each').to.deep.equal([...ours].sort());
    const payments = await centralSql<{ global_id: string; method: string }>(central.databaseUrl,
      `SELECT global_id::text, method FROM central.payments WHERE global_id = ANY($1::uuid[])`, [[...ours]]);
    expect(payments, 'one payment per order').to.have.length(47);
    expect(payments.map((p) => `${p.global_id}:${p.method}`).sort()).to.deep.equal(placed.map((p) => `${p.globalId}:${p.method}`).sort());
    const bumped = await centralSql<{ global_id: string; statuses: string[] }>(central.databaseUrl,
      `SELECT global_id, array_agg(status ORDER BY version) AS statuses FROM central.kitchen_events WHERE store_id = 's1' GROUP BY global_id`);
    const byOrder = new Map(bumped.map((r) => [r.global_id, r.statuses]));
    for (const t of started.slice(0, 8)) expect(byOrder.get(t.globalId), `ticket of ${t.globalId}`).to.include.members(['preparing', 'ready']);
    for (const t of started.slice(8)) expect(byOrder.get(t.globalId), `ticket of ${t.globalId}`).to.include('preparing').and.not.include('ready');

    await until('the new price at the store', async () => (await storeCatalog(s1)).products.find((p) => p.id === product.id)?.price === newPrice, centralChangeAtStoreMs)
      .catch(async (err: Error) => {
        throw new Error(`${err.message}: ${await catalogPathState(central.hub, s1)}`);
      });
    const health = await boxHealth(s1);
    expect(health).to.include({ link: 'up', pending_sync: 0 });
    expect(health.last_sync).to.be.a('string');
    // The sync service's heartbeat carries the same figures to central's fleet view.
    await until('a heartbeat at central saying online with nothing pending', async () => {
      const store = (await centralGet<CentralStoresView>(central, `/api/stores`)).body.stores.find((s) => s.storeId === 's1');
      return store?.link === 'online' && store.pendingUpload === 0;
    }, 30_000);
  });
});
