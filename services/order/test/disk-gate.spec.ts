import { expect } from 'chai';
import { cashOrder, startHarness, type OrderHarness } from './support.js';

/** The intake's disk gate with a threshold the test's real disk is below (refuse under 100 % free). */
describe('order service: refuses new orders while the disk is full', function () {
  this.timeout(60_000);
  let h: OrderHarness;
  before(async () => { h = await startHarness({ env: { DISK_REFUSE_PERCENT: '100', DISK_REFUSE_BYTES: String(Number.MAX_SAFE_INTEGER), RETENTION_DAYS: '0' } }); });
  after(async () => { await h?.close(); });

  it('answers 503 disk_full with Retry-After, writes nothing, and says so in /health', async () => {
    const before = await h.orderCount();
    const res = await fetch(`${h.service.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cashOrder()) });
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('30');
    const body = (await res.json()) as { error: { code: string; details: { freeBytes: number } } };
    expect(body.error.code).to.equal('disk_full');
    expect(body.error.details.freeBytes).to.be.a('number');
    expect(await h.orderCount()).to.equal(before);
    const health = (await (await fetch(`${h.service.url}/health`)).json()) as { disk_level: string; disk_free_bytes: number };
    expect(health.disk_level).to.equal('full');
    expect(health.disk_free_bytes).to.be.greaterThan(0);
    // Reading an order and the menu still work: only new orders are refused.
    expect((await h.get('/api/orders/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
  });
});
