import { expect } from 'chai';
import { connect } from '@nats-io/transport-node';
import { subjects } from '@kiosk/contracts';
import { freePort, testbed } from '@kiosk/stack';
import pg from 'pg';
import { orderConfig, startOrderService, type RunningOrderService } from '../src/index.js';
import { cashOrder, orderEnv, startHarness, waitUntil, type OrderHarness } from './support.js';

describe('order service: the price book follows the catalog', function () {
  let h: OrderHarness;
  // No useful poll: only the catalog's "version live" message can make the change visible in time.
  before(async () => { h = await startHarness({ env: { CATALOG_POLL_MS: '600000' } }); });
  after(async () => { await h?.close(); });

  it('reloads at once when the catalog announces a new version on NATS, with If-None-Match', async () => {
    h.catalog.update((c) => { c.products.find((p) => p.id === 'p-tea')!.price = 9_000; });
    const nc = await connect({ servers: h.tb.nats.url });
    try {
      await waitUntil(async () => {
        nc.publish(subjects.catalogVersionLive(h.storeId), '2');
        await nc.flush();
        return h.service.catalog.current()?.version === 2;
      }, 10_000, 'price book version 2');
    } finally {
      await nc.close();
    }
    const res = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-tea', quantity: 1, optionIds: [] }] }));
    expect(res.body).to.include({ subtotal: 9_000, catalogVersion: 2 });
    const seen = h.catalog.requests;
    await h.service.catalog.refresh();
    expect(h.catalog.requests).to.equal(seen + 1);
    expect(h.service.catalog.current()?.version).to.equal(2); // a 304 keeps the loaded book
  });

  it('prices against a fresh read before refusing a product it has not loaded: the kiosk may have the newer menu', async () => {
    const tea = h.catalog.catalog.products.find((p) => p.id === 'p-tea')!;
    h.catalog.update((c) => { c.products.push({ ...structuredClone(tea), id: 'p-new-tea', name: 'New tea' }); });
    const version = h.catalog.catalog.version;
    expect(h.service.catalog.current()?.version, 'no announcement, no poll: the old book').to.be.below(version);
    const res = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-new-tea', quantity: 1, optionIds: [] }] }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ catalogVersion: version });

    const seen = h.catalog.requests;
    const wrong = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-nowhere', quantity: 1, optionIds: [] }] }));
    expect(wrong.status).to.equal(422);
    expect((wrong.body as { error: { code: string } }).error.code).to.equal('unknown_product');
    expect(h.catalog.requests - seen, 'one conditional read for a product on no menu').to.equal(1);
  });
});

describe('order service: no catalog ever loaded', function () {
  let service: RunningOrderService;
  let db: pg.Pool;
  before(async () => {
    const tb = await testbed();
    const deadUpstream = `http://127.0.0.1:${await freePort()}`;
    const env = orderEnv({ tb, storeId: tb.freshStoreId('nocat'), databaseUrl: await tb.freshDatabase('nocat'), catalogUrl: deadUpstream });
    service = await startOrderService(orderConfig.parse(env));
    db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
  });
  after(async () => {
    await service?.close();
    await db?.end();
  });

  it('answers 503 catalog_unavailable and writes nothing, while /health still answers', async () => {
    const res = await fetch(`${service.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cashOrder()) });
    expect(res.status).to.equal(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('catalog_unavailable');
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders');
    expect(rows[0]!.n).to.equal(0);
    const health = (await (await fetch(`${service.url}/health`)).json()) as { database: string };
    expect(health.database).to.equal('up');
  });
});
