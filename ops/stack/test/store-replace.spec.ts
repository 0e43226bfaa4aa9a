import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { jetstreamManager } from '@nats-io/jetstream';
import { consumers, streams, type ProductView } from '@kiosk/contracts';
import {
  catalogPathState, centralHighestSequence, httpOk, killAndWipeStoreBox, replacementEnv, startCentral, startStoreBox, storeBusinessDay, waitFor,
  type Central, type StoreBox,
} from '../src/index.js';
import { centralChangeAtStoreMs, client, until } from './link-support.js';
import { centralSend, centralSql, placeOrder, storeCatalog } from './central-support.js';
import { boxHealth, pairKitchen, productKnownCentrally } from './scenario-support.js';

/**
 * A store's box dies with its disk; a new box for the same store starts from central alone: menu and settings
 * from central's catalog stream, numbering past every number the dead box used that day, screens paired anew.
 */
describe('replacing a dead store box: a new box starts from central and never reuses an order number', function () {
  this.timeout(300_000);
  let central: Central;
  let box: StoreBox | null = null;
  let baseDir: string;
  let product: ProductView;
  const placed: { globalId: string; orderNumber: string }[] = [];
  const settings = { storeName: 'Replaced Box Test', currency: 'IDR', taxRateBps: 1100, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
  const day = () => storeBusinessDay(new Date(), settings.timeZone);

  const startBox = (env: Record<string, string>, seed: boolean) =>
    startStoreBox({ storeId: 's1', baseDir, seed, hub: central.hub.leafFor('s1'), heartbeatMs: 1_000, env: { STORE_TIME_ZONE: settings.timeZone, ...env } });
  const centralOrders = () => centralSql<{ global_id: string; order_number: string; business_day: string }>(central.databaseUrl,
    `SELECT global_id::text, order_number, business_day FROM central.orders WHERE store_id = 's1'`);
  const sell = async (n: number) => {
    for (let i = 0; i < n; i++) placed.push(await placeOrder(box!, product, i % 2 ? 'card' : 'cash'));
  };
  const allAtCentral = (what: string) => until(what, async () => {
    const ids = new Set((await centralOrders()).map((r) => r.global_id));
    return placed.every((p) => ids.has(p.globalId));
  }, 60_000);
  /**
   * A new box is not seeded: it sells once central's menu and settings have come down its leaf link. Usually
   * seconds; the bound allows for nats-server's retry of a lost source request (30 s, then 10 s x n), and a
   * timeout says where the change stood on the way down.
   */
  const menuFromCentral = () => until('central\'s product and settings on the new box', async () => {
    const catalog = await storeCatalog(box!);
    return catalog.settings?.storeName === settings.storeName && catalog.products.some((p) => p.id === product.id);
  }, centralChangeAtStoreMs).catch(async (err: Error) => {
    throw new Error(`${err.message}: ${await catalogPathState(central.hub, box!)}`);
  });
  /** The dead box's disk is gone, and so is its directory: the replacement starts in an empty one. */
  const replaceBox = async (env: Record<string, string>) => {
    await killAndWipeStoreBox(box!);
    box = null;
    baseDir = mkdtempSync(join(tmpdir(), 'store-s1-replacement-'));
    box = await startBox(env, false);
  };

  before(async () => {
    central = await startCentral({ stores: ['s1'] });
    baseDir = mkdtempSync(join(tmpdir(), 'store-s1-'));
    box = await startBox({}, true);
    product = await productKnownCentrally(central, box);
    expect((await centralSend(central, 'PUT', '/api/admin/stores/s1/settings', settings)).status).to.equal(200);
  });

  after(async () => {
    await box?.stop();
    rmSync(baseDir, { recursive: true, force: true });
    await central?.stop();
  });

  it('gives the new box central\'s menu and settings, a numbering past the dead box, and no old screen', async () => {
    await sell(5);
    await allAtCentral('the first box\'s orders at central');
    const oldToken = await pairKitchen(box!);
    expect(placed.map((p) => p.orderNumber)).to.deep.equal(['A-001', 'A-002', 'A-003', 'A-004', 'A-005']);

    const highest = await centralHighestSequence(central.databaseUrl, 's1', day());
    expect(highest, "central's highest sequence of the day for s1").to.equal(5);
    await replaceBox(replacementEnv(day(), highest));

    // Not seeded: whatever the new box shows came down from central.
    await menuFromCentral();
    const catalog = await storeCatalog(box!);
    expect(catalog.settings).to.include({ taxRateBps: 1100, serviceChargeBps: 500 });

    const stale = await fetch(`${box!.gatewayUrl}/api/kitchen/tickets`, { headers: { authorization: `Bearer ${oldToken}` } });
    expect(stale.status, 'a screen paired with the dead box').to.equal(401);
    const fresh = await pairKitchen(box!);
    expect((await fetch(`${box!.gatewayUrl}/api/kitchen/tickets`, { headers: { authorization: `Bearer ${fresh}` } })).status).to.equal(200);

    // Central is not committing anything: the dead box's receipts still come down to the new box, and must
    // mark none of its orders synced (its stream starts above the dead box's count).
    await Promise.all(central.ingest.map((p) => p.stop()));
    try {
      await sell(3);
      await until('the new box read every receipt central holds for the store', async () => {
        const nc = await client(box!.natsUrl);
        try {
          const jsm = await jetstreamManager(nc);
          const [stream, reader] = await Promise.all([jsm.streams.info(streams.central('s1')), jsm.consumers.info(streams.central('s1'), consumers.orderCentralSync)]);
          return stream.state.messages > 0 && reader.num_pending === 0 && reader.num_ack_pending === 0;
        } finally {
          await nc.close();
        }
      }, 30_000);
      expect((await boxHealth(box!)).pending_sync, 'the dead box\'s receipts mark nothing on the new one').to.equal(3);
    } finally {
      for (const [i, p] of central.ingest.entries()) {
        p.start();
        await waitFor('central-ingest back', () => httpOk(`${central.ingestUrls[i]}/health`), 60_000, p);
      }
    }
    await until('the new box\'s orders confirmed by central', async () => (await boxHealth(box!)).pending_sync === 0, 60_000);
    expect(placed.slice(5).map((p) => p.orderNumber)).to.deep.equal(['B-001', 'B-002', 'B-003']);
    // The replacement settings stay in the box's environment: a restart must not move the numbering again.
    await box!.stopService('order');
    await box!.startService('order');
    await sell(1);
    expect(placed[8]!.orderNumber, 'after a restart of the order service').to.equal('B-004');
    await allAtCentral('both boxes\' orders at central');
    await expectEachOnceAndNoNumberTwice();
  });

  it('numbers from Z-001 when central cannot be asked at the replacement, and central still keeps every order once', async () => {
    await central.postgres.proc.stop();
    try {
      const highest = await centralHighestSequence(central.databaseUrl, 's1', day(), 2_000);
      expect(highest, 'central unreachable').to.equal(null);
      await replaceBox(replacementEnv(day(), highest));
      await menuFromCentral(); // central's Postgres is down, its catalog stream is not
      await sell(3);
    } finally {
      await central.postgres.restart();
    }
    expect(placed.slice(9).map((p) => p.orderNumber)).to.deep.equal(['Z-001', 'Z-002', 'Z-003']);
    await allAtCentral('the orders of all three boxes at central');
    await expectEachOnceAndNoNumberTwice();
  });

  async function expectEachOnceAndNoNumberTwice(): Promise<void> {
    const rows = await centralOrders();
    expect(rows.map((r) => r.global_id).sort(), 'every order of every box, once').to.deep.equal(placed.map((p) => p.globalId).sort());
    const numbers = rows.filter((r) => r.business_day === day()).map((r) => r.order_number);
    expect(new Set(numbers).size, `no number twice for the day: ${numbers.sort().join(' ')}`).to.equal(numbers.length);
  }
});
