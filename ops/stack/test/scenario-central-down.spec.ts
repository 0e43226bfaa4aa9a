import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streams, type CentralStoresView, type ProductView } from '@kiosk/contracts';
import { httpOk, startCentral, startStoreBox, waitFor, type Central, type StoreBox } from '../src/index.js';
import { client, until } from './link-support.js';
import { centralGet, centralSql, placeOrder, storeCatalog } from './central-support.js';
import { boxHealth, bump, pairKitchen, tickets } from './scenario-support.js';

/** How long all of central stays down once the store has noticed: long enough for the uplink's retries and
 * the leaf's redials to pile up, short enough for make test. */
const CENTRAL_DOWN_MS = 10_000;

/**
 * Seed scenario "central down": not one store's link but the whole of central goes away - the three hub
 * nodes, central-ingest, central-admin and central Postgres - while the store keeps selling and cooking.
 * When central comes back, every order reaches central Postgres exactly once, the receipts come back down
 * (nothing pending, orders synced) and central's fleet view shows the store online again.
 */
describe('scenario: central down for a while, then back, loses nothing and counts nothing twice', function () {
  this.timeout(180_000);
  let central: Central;
  let s1: StoreBox;
  let nc: NatsConnection;
  let product: ProductView;
  let token: string;

  before(async function () {
    central = await startCentral({ stores: ['s1'] });
    s1 = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000 });
    nc = await client(s1.natsUrl);
    product = (await storeCatalog(s1)).products.find((p) => p.available)!;
    token = await pairKitchen(s1);
  });

  after(async function () {
    await nc?.close();
    await s1?.stop();
    await central?.stop();
  });

  /** Every process of central except its gateway (which holds nothing): a data-centre outage. */
  async function stopCentral(c: Central): Promise<void> {
    await Promise.all([c.admin.stop(), ...c.ingest.map((p) => p.stop())]);
    await Promise.all([...c.hub.nodes.map((n) => n.proc.stop()), c.postgres.proc.stop()]);
  }

  /** Same processes, same ports and data, the services started as soon as the hub nodes answer /healthz -
   * before the three have a JetStream meta leader, as after a real data-centre restart (the kit waits for
   * JetStream to answer). Returns once each service is healthy, with the seconds that took. */
  async function restartCentral(c: Central): Promise<{ hubSeconds: number }> {
    const started = performance.now();
    await Promise.all([...c.hub.nodes.map((n) => n.restart()), c.postgres.restart()]);
    // Admin first, as startCentral does: its migrations own the tables ingest reads.
    c.admin.start();
    await waitFor('central-admin back', () => httpOk(`${c.adminUrl}/health`), 60_000, c.admin);
    c.ingest.forEach((p) => p.start());
    await Promise.all(c.ingest.map((p, i) => waitFor(`central-ingest-${i + 1} back`, () => httpOk(`${c.ingestUrls[i]}/health`), 60_000, p)));
    return { hubSeconds: (performance.now() - started) / 1000 };
  }

  const centralOrders = () => centralSql<{ global_id: string }>(central.databaseUrl, `SELECT global_id::text FROM central.orders WHERE store_id = 's1'`);

  it('keeps taking and cooking orders while central is gone, and levels up once central is back', async () => {
    // One order before the outage, so the path is proven warm and the later figures are about the backlog.
    const warm = (await placeOrder(s1, product, 'card')).globalId;
    await until('the warm-up order at central and confirmed back', async () =>
      (await centralOrders()).some((r) => r.global_id === warm) && (await boxHealth(s1)).pending_sync === 0, 60_000);

    await stopCentral(central);
    await until('the box reports the link down', async () => (await boxHealth(s1)).link === 'down', 15_000);
    const downAt = performance.now();

    const placed: { globalId: string; method: 'card' | 'cash' }[] = [];
    const pendingSeen: number[] = [];
    for (let i = 0; i < 40; i++) {
      const method = i % 3 === 0 ? 'card' : 'cash';
      placed.push({ globalId: (await placeOrder(s1, product, method)).globalId, method });
      if (i % 10 === 9) pendingSeen.push((await boxHealth(s1)).pending_sync ?? -1);
    }
    expect(pendingSeen, 'pending upload grows with every order taken while central is down').to.deep.equal([10, 20, 30, 40]);
    const ours = new Set(placed.map((p) => p.globalId));
    let board: Awaited<ReturnType<typeof tickets>> = [];
    await until('a kitchen ticket for every order', async () => {
      board = (await tickets(s1, token)).filter((t) => ours.has(t.globalId));
      return board.length === placed.length;
    });
    for (const t of board.slice(0, 12)) await bump(s1, token, t.id, 'start');
    for (const t of board.slice(0, 5)) await bump(s1, token, t.id, 'ready');

    const jsm = await jetstreamManager(nc);
    const kitchenEvents = async () => (await jsm.streams.info(streams.kitchen('s1'))).state.messages;
    await until('every bump in the store kitchen stream', async () => (await kitchenEvents()) >= 17);
    await sleep(Math.max(0, CENTRAL_DOWN_MS - (performance.now() - downAt)));
    const during = await boxHealth(s1);
    expect(during, 'still down, everything of the outage pending').to.include({ link: 'down', pending_sync: placed.length });

    const restartAt = performance.now();
    const { hubSeconds } = await restartCentral(central);
    const backAt = performance.now();
    console.log(`      central down ${((restartAt - downAt) / 1000).toFixed(1)} s; restart took ${((backAt - restartAt) / 1000).toFixed(1)} s (services healthy on the hub's JetStream after ${hubSeconds.toFixed(1)} s)`);
    const committedAfter = await until('every order of the outage committed at central', async () =>
      (await centralOrders()).filter((r) => ours.has(r.global_id)).length === placed.length, 60_000);
    const confirmedAfter = await until('receipts back: nothing pending at the store', async () => (await boxHealth(s1)).pending_sync === 0, 60_000);
    console.log(`      from central back: all ${placed.length} committed in ${(committedAfter / 1000).toFixed(2)} s, pending 0 at the store after ${((performance.now() - backAt) / 1000).toFixed(2)} s (${(confirmedAfter / 1000).toFixed(2)} s later)`);

    const atCentral = (await centralOrders()).map((r) => r.global_id);
    expect(atCentral.sort(), 'exactly the orders of the store, once each').to.deep.equal([warm, ...ours].sort());
    const payments = await centralSql<{ global_id: string; method: string }>(central.databaseUrl,
      `SELECT global_id::text, method FROM central.payments WHERE global_id = ANY($1::uuid[])`, [[...ours]]);
    expect(payments.map((p) => `${p.global_id}:${p.method}`).sort(), 'one payment per order, with its method')
      .to.deep.equal(placed.map((p) => `${p.globalId}:${p.method}`).sort());
    const statuses = await centralSql<{ sync_status: string; n: number }>(s1.databaseUrl,
      `SELECT sync_status, count(*)::int AS n FROM orders.orders GROUP BY sync_status`);
    expect(statuses, 'every order at the store marked synced by central\'s receipts').to.deep.equal([{ sync_status: 'synced', n: placed.length + 1 }]);

    const storeKitchenEvents = await kitchenEvents();
    await until('every kitchen event at central, once', async () => {
      const rows = await centralSql<{ n: number }>(central.databaseUrl, `SELECT count(*)::int AS n FROM central.kitchen_events WHERE store_id = 's1'`);
      return rows[0]!.n === storeKitchenEvents;
    }, 30_000);
    await until('central\'s fleet view shows the store online with nothing pending', async () => {
      const store = (await centralGet<CentralStoresView>(central, `/api/stores`)).body.stores.find((s) => s.storeId === 's1');
      return store?.link === 'online' && store.pendingUpload === 0 && store.ordersCommitted === placed.length + 1;
    }, 30_000);
    expect(await boxHealth(s1)).to.include({ link: 'up', pending_sync: 0 });
  });
});
