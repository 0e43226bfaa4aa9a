import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { ProductView } from '@kiosk/contracts';
import { httpOk, startCentral, startStoreBox, waitFor, type Central, type StoreBox } from '../src/index.js';
import { until } from './link-support.js';
import { centralSql, storeCatalog } from './central-support.js';
import { boxHealth, untilLevelled } from './scenario-support.js';
import { LossyLink } from './lossy-link.js';

/**
 * Seed scenario "chaos at central": central is not stopped politely but killed (SIGKILL) piece by piece - one
 * hub node, then two (the JetStream quorum is gone), a central-ingest replica while a backlog drains, central
 * Postgres - while two stores keep taking orders and uploading. s1's leaf link is direct; s2's goes through a
 * lossy, slow link (a TCP proxy that delays every chunk, drops connections and stalls). Afterwards every order
 * of each store is at central exactly once, the receipts are back (nothing pending) and every order is synced.
 */
/** CHAOS_ROUNDS repeats each test's faults (1 in make test; `make bench-chaos` runs 5). */
const rounds = Number(process.env.CHAOS_ROUNDS ?? 1);

describe('scenario: central killed piece by piece while stores upload, over a good link and a lossy one', function () {
  this.timeout(600_000);
  let central: Central;
  let s1: StoreBox;
  let s2: StoreBox;
  const links: LossyLink[] = [];
  const products = new Map<string, ProductView>();

  before(async function () {
    central = await startCentral({ stores: ['s1', 's2'] });
    const lossy = central.hub.leafFor('s2');
    for (const url of lossy.urls) links.push(await new LossyLink({ host: '127.0.0.1', port: Number(new URL(url).port) }).start());
    [s1, s2] = await Promise.all([
      startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1') }),
      startStoreBox({ storeId: 's2', hub: { ...lossy, urls: links.map((l) => `tls://127.0.0.1:${l.port}`) } }),
    ]);
    for (const box of [s1, s2]) products.set(box.storeId, (await storeCatalog(box)).products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!);
  });

  after(async function () {
    await Promise.all([s1?.stop(), s2?.stop()]);
    await Promise.all(links.map((l) => l.close()));
    await central?.stop();
  });

  /** Kiosks ordering at every box until stopped; the globalIds answered 201, per store. */
  function kiosks(boxes: StoreBox[], perBox: number) {
    const acked = new Map<string, string[]>(boxes.map((b) => [b.storeId, []]));
    let stopped = false;
    const loops = boxes.flatMap((box) => Array.from({ length: perBox }, async () => {
      while (!stopped) {
        const globalId = randomUUID();
        const res = await fetch(`${box.gatewayUrl}/api/orders`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000),
          body: JSON.stringify({ globalId, kioskId: 'chaos', mode: 'takeaway', lines: [{ productId: products.get(box.storeId)!.id, quantity: 1, optionIds: [] }], payment: { method: 'card' } }),
        });
        expect(res.status, `the store takes orders whatever central does: ${await res.clone().text()}`).to.equal(201);
        await res.body?.cancel();
        acked.get(box.storeId)!.push(globalId);
        await sleep(100); // a few hundred orders in all: make test's budget
      }
    }));
    return { acked, total: () => [...acked.values()].reduce((n, ids) => n + ids.length, 0), stop: async () => { stopped = true; await Promise.all(loops); } };
  }

  const centralCount = async () => (await centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders'))[0]!.n;

  /** Every order of the box at central once, lines once, receipts back: nothing pending, every order synced. */
  async function expectLevelled(box: StoreBox, acked: string[], timeoutMs: number): Promise<number> {
    const took = await untilLevelled(central, box, `${box.storeId}: receipts back, nothing pending`, async () => (await boxHealth(box)).pending_sync === 0, timeoutMs);
    const atStore = (await centralSql<{ global_id: string }>(box.databaseUrl, 'SELECT global_id::text FROM orders.orders')).map((r) => r.global_id).sort();
    const atCentral = (await centralSql<{ global_id: string }>(central.databaseUrl, 'SELECT global_id::text FROM central.orders WHERE store_id = $1', [box.storeId])).map((r) => r.global_id).sort();
    expect(atStore, `${box.storeId}: every acknowledged order at the store`).to.include.members(acked);
    expect(atCentral, `${box.storeId}: central holds exactly the store's orders, once each`).to.deep.equal(atStore);
    const lines = await centralSql<{ n: number }>(central.databaseUrl,
      'SELECT count(*)::int AS n FROM central.order_lines l JOIN central.orders o USING (global_id) WHERE o.store_id = $1', [box.storeId]);
    expect(lines[0]!.n, `${box.storeId}: one line per order at central (none twice)`).to.equal(atStore.length);
    const unsynced = await centralSql<{ n: number }>(box.databaseUrl, `SELECT count(*)::int AS n FROM orders.orders WHERE sync_status <> 'synced'`);
    expect(unsynced[0]!.n, `${box.storeId}: every order marked synced by central's receipts`).to.equal(0);
    return took;
  }

  it('commits every order at central exactly once through kill -9 of one hub node, two, an ingest replica mid-batch and central Postgres', async () => {
    const orders = kiosks([s1, s2], 2);
    await until('orders flowing to central', async () => (await centralCount()) >= 20, 60_000);
    const [n1, n2] = central.hub.nodes;
    for (let round = 0; round < rounds; round++) {
      await n1!.proc.kill();
      await sleep(3_000);
      await n1!.restart();

      await Promise.all([n1!.proc.kill(), n2!.proc.kill()]);
      await sleep(5_000); // no JetStream quorum: the stores' uploads pile up
      await Promise.all([n1!.restart(), n2!.restart()]);

      // The backlog of the quorum loss drains in batches: kill a replica while it does.
      const before = await centralCount();
      await until('the backlog draining into central', async () => (await centralCount()) > before, 120_000);
      const ingest = central.ingest[round % central.ingest.length]!;
      await ingest.kill();
      await sleep(2_000);
      ingest.start();
      await waitFor('central-ingest back', () => httpOk(`${central.ingestUrls[round % central.ingest.length]}/health`), 60_000, ingest);

      await central.postgres.proc.kill();
      await sleep(3_000);
      await central.postgres.restart();
      await sleep(3_000);
    }
    await orders.stop();
    // Only the replica killed on purpose was restarted: the others must have ridden out every fault.
    expect(central.ingest.filter((p) => !p.running).map((p) => `${p.name}:\n${p.logTail(12)}`), 'central-ingest replicas that died').to.deep.equal([]);

    for (const box of [s1, s2]) {
      const took = await expectLevelled(box, orders.acked.get(box.storeId)!, 180_000);
      console.log(`      ${box.storeId}: ${orders.acked.get(box.storeId)!.length} orders, levelled ${(took / 1000).toFixed(1)} s after the kiosks stopped`);
    }
    expect(orders.total(), 'a few hundred orders went through the chaos').to.be.at.least(100);
  });

  it('levels every order over a link that delays, drops its connections and stalls, exactly once', async () => {
    const orders = kiosks([s2], 3);
    for (let i = 0; i < 4 * rounds; i++) {
      await sleep(3_000);
      if (i % 2 === 0) links.forEach((l) => l.dropAll());
      else links.forEach((l) => l.stall(7_000)); // longer than the leaf's ping timeout (2 s x 2)
    }
    await sleep(7_000); // the last stall runs out
    links.forEach((l) => l.heal());
    await orders.stop();
    const took = await expectLevelled(s2, orders.acked.get('s2')!, 180_000);
    console.log(`      s2: ${orders.total()} orders over the lossy link (${links[0]!.drops} drops, ${links[0]!.stalls} stalls per hub node), levelled ${(took / 1000).toFixed(1)} s after the link healed`);
    expect(orders.total()).to.be.at.least(50);
  });
});
