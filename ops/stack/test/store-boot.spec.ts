import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { bootCycle, placeOrder, startBootRig, stopBootRig, type BootRig } from '../src/index.js';

const status = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/**
 * A store box whose central is down (issue 16): started with every process at once after a power cut, it takes
 * orders without central, and its /health (the order service's and the gateway's) says ready only when an
 * order can be taken.
 */
describe('store boot: a box with central down is ready to take orders, and says so only then', function () {
  this.timeout(300_000);
  let rig: BootRig;

  before(async function () {
    rig = await startBootRig('s1');
  });

  after(async function () {
    await stopBootRig(rig);
  });

  it('after every process was killed, starts again, takes an order, and its /health was never 200 before it could', async function () {
    const r = await bootCycle(rig);
    expect(r.orderAtFirstHealthy, 'an order placed the moment the gateway said ready').to.equal(201);
    expect(Object.keys(r.healthBeforeReady).length, 'the gateway answered not-ready before it was ready').to.be.greaterThan(0);
    expect(r.healthBeforeReady).to.not.have.property('200');
    const health = await status(`${rig.box.gatewayUrl}/health`);
    expect(health.body).to.include({ link: 'down', order: 'up' });
    console.log(`      power back -> first order ${r.firstOrderMs} ms, gateway healthy ${r.healthyMs} ms (load ${r.loadAverage1m})`);
  });

  it('answers 503 on the order service and the gateway while the order service has no menu, 200 once it has', async function () {
    const { box, product } = rig;
    await box.killService('catalog');
    await box.killService('order');
    // startService waits for the order service to be healthy: it cannot be before the catalog is back.
    const orderBack = box.startService('order');
    orderBack.catch(() => undefined);
    let order = await status(`${box.serviceUrl('order')}/health`).catch(() => null);
    for (let i = 0; !order && i < 300; i++) {
      await sleep(100);
      order = await status(`${box.serviceUrl('order')}/health`).catch(() => null);
    }
    expect(order, 'the order service answering /health').to.not.equal(null);
    expect(order!.status).to.equal(503);
    expect(order!.body).to.include({ catalog: 'down', database: 'up' });
    expect((await status(`${box.gatewayUrl}/health`)).status).to.equal(503);
    const refused = await fetch(`${box.gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId: randomUUID(), kioskId: 'boot-spec', mode: 'takeaway', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' } }),
    });
    expect(refused.status).to.equal(503);

    await box.startService('catalog');
    await orderBack;
    expect((await status(`${box.serviceUrl('order')}/health`)).body).to.include({ status: 'ok', catalog: 'up', sales_stream: 'up' });
    let gateway = await status(`${box.gatewayUrl}/health`);
    for (let i = 0; gateway.status !== 200 && i < 100; i++) {
      await sleep(100);
      gateway = await status(`${box.gatewayUrl}/health`);
    }
    expect(gateway.status).to.equal(200);
    expect(await placeOrder(box.gatewayUrl, product, 'boot-spec')).to.equal(201);
  });
});
