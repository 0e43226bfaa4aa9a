import { expect } from 'chai';
import type { ProductView } from '@kiosk/contracts';
import { residentMiB, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { until } from './link-support.js';
import { centralSql, placeOrder } from './central-support.js';
import { boxHealth, pairKitchen, simpleProduct, tickets } from './scenario-support.js';

/**
 * The store box in monolithic mode (services/box): catalog, order, kitchen, sync and uplink in one Node
 * process, behind the same gateway, linked to central. An order goes to the kitchen and to central as with one
 * process per service, and a kill -9 of the one process loses nothing acknowledged.
 */
describe('a store box with every service in one process', function () {
  this.timeout(300_000);
  let central: Central;
  let box: StoreBox;
  let product: ProductView;
  const placed: string[] = [];

  before(async () => {
    central = await startCentral({ stores: ['s1'] });
    box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000, oneProcess: true });
    product = await simpleProduct(box, 60_000);
  });
  after(async () => {
    await box?.stop();
    await central?.stop();
  });

  const atCentral = async () => new Set((await centralSql<{ global_id: string }>(central.databaseUrl,
    `SELECT global_id::text FROM central.orders WHERE store_id = 's1'`)).map((r) => r.global_id));

  it('runs the five services in one process: an order reaches the kitchen display and central, and comes back confirmed', async () => {
    const proc = box.services.order;
    for (const name of ['catalog', 'kitchen', 'sync'] as const) expect(box.services[name], name).to.equal(proc);
    expect(box.uplink, 'the uplink too').to.equal(proc);

    const token = await pairKitchen(box);
    for (let i = 0; i < 3; i++) placed.push((await placeOrder(box, product, i % 2 ? 'card' : 'cash')).globalId);
    await until('tickets on the kitchen display', async () => {
      const ids = new Set((await tickets(box, token)).map((t) => t.globalId));
      return placed.every((id) => ids.has(id));
    }, 30_000);
    await until('orders at central, confirmed back at the store', async () => {
      const ids = await atCentral();
      return placed.every((id) => ids.has(id)) && (await boxHealth(box)).pending_sync === 0;
    }, 60_000);
    const health = await boxHealth(box);
    expect(health).to.include({ link: 'up' });
    console.log(`      one process for the box's five services: ${residentMiB(proc.pid)} MiB resident`);
  });

  it('keeps every acknowledged order through kill -9 of the one process, and syncs each once', async () => {
    for (let i = 0; i < 3; i++) placed.push((await placeOrder(box, product)).globalId);
    await box.killService('order');
    await box.startService('order');
    placed.push((await placeOrder(box, product)).globalId);
    await until('every order at central after the restart', async () => {
      const ids = await atCentral();
      return placed.every((id) => ids.has(id));
    }, 60_000);
    const rows = await centralSql<{ n: number; d: number }>(central.databaseUrl,
      `SELECT count(*)::int AS n, count(DISTINCT global_id)::int AS d FROM central.orders WHERE store_id = 's1'`);
    expect(rows[0], 'each order once at central').to.deep.equal({ n: placed.length, d: placed.length });
    const atStore = await centralSql<{ n: number }>(box.databaseUrl, 'SELECT count(*)::int AS n FROM orders.orders');
    expect(atStore[0]!.n).to.equal(placed.length);
  });
});
