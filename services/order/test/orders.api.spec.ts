import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { cashOrder, startHarness, type OrderHarness } from './support.js';

describe('order service: placing orders over HTTP', function () {
  let h: OrderHarness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  it('answers 201 with the server-priced order, its number and a pending cash payment', async () => {
    const res = await h.post(cashOrder({ customerName: 'Budi', notes: 'no onions', expectedTotal: undefined }));
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ storeId: h.storeId, status: 'awaiting_payment', mode: 'dine_in', currency: 'IDR', customerName: 'Budi' });
    expect(res.body).to.include({ subtotal: 59_000, serviceCharge: 2_950, tax: 6_195, total: 68_145, catalogVersion: 1 });
    expect(res.body.orderNumber).to.match(/^A-\d{3}$/);
    expect(res.body.payment).to.deep.equal({ method: 'cash', status: 'pending', amount: 68_145 });
    expect(res.body.lines?.[0]).to.include({ productId: 'p-burger', unitPrice: 43_000, lineTotal: 43_000, station: 'grill' });
    const { rows } = await h.db.query('SELECT status, total, sync_status, origin_store_id, version FROM orders.orders WHERE global_id = $1', [res.body.globalId]);
    expect(rows[0]).to.deep.equal({ status: 'awaiting_payment', total: 68_145, sync_status: 'pending', origin_store_id: h.storeId, version: 1 });
  });

  it('writes the order, its lines, its payment and two outbox events together', async () => {
    const res = await h.post(cashOrder());
    const id = res.body.globalId;
    const counts = await h.db.query<{ lines: number; payments: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM orders.order_lines WHERE global_id = $1) AS lines,
              (SELECT count(*)::int FROM orders.payments WHERE global_id = $1) AS payments,
              (SELECT count(*)::int FROM orders.outbox WHERE correlation_id = $1::text) AS events`, [id]);
    expect(counts.rows[0]).to.deep.equal({ lines: 2, payments: 1, events: 2 });
  });

  it('returns the stored order on GET, 404 for an unknown id and 400 for a malformed one', async () => {
    const placed = await h.post(cashOrder());
    const read = await h.get(`/api/orders/${placed.body.globalId}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.deep.equal(placed.body);
    expect((await h.get(`/api/orders/${randomUUID()}`)).body.error?.code).to.equal('not_found');
    const bad = await h.get('/api/orders/not-a-uuid');
    expect(bad.status).to.equal(400);
    expect(bad.body.error?.code).to.equal('validation_failed');
  });

  it('accepts a total the kiosk computed right and refuses a wrong one with both figures', async () => {
    const ok = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-fries', quantity: 2, optionIds: [] }], expectedTotal: 34_100 }));
    expect(ok.status).to.equal(201);
    const before = await h.orderCount();
    const wrong = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-fries', quantity: 2, optionIds: [] }], expectedTotal: 31_000 }));
    expect(wrong.status).to.equal(409);
    expect(wrong.body.error).to.deep.include({ code: 'total_mismatch', details: { expected: 31_000, actual: 34_100 } });
    expect(await h.orderCount()).to.equal(before);
  });

  it('reports pending uploads and the last sync on /health', async () => {
    const res = await h.get('/health');
    const health = JSON.parse(res.text) as { pending_sync: number; last_sync: string | null; database: string };
    const { rows } = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders.orders WHERE sync_status = 'pending'");
    expect(health.pending_sync).to.equal(rows[0]!.n).and.to.be.greaterThan(0);
    expect(health.last_sync).to.equal(null);
    expect(health.database).to.equal('up');
  });

  it('prints an 80 mm HTML receipt and a 42-column text receipt with the store name from the catalog', async () => {
    const placed = await h.post(cashOrder({ customerName: 'Sari' }));
    const html = await h.get(`/api/orders/${placed.body.globalId}/receipt.html`);
    expect(html.status).to.equal(200);
    expect(html.text).to.include('Warung Uji').and.include('size: 80mm').and.include(placed.body.orderNumber!)
      .and.include('Rp 68.145').and.include('Please pay at the counter').and.include('+ Cheese');
    const txt = await h.get(`/api/orders/${placed.body.globalId}/receipt.txt`);
    expect(txt.status).to.equal(200);
    const lines = txt.text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).to.be.at.most(42);
    expect(txt.text).to.include('Warung Uji').and.include(`ORDER ${placed.body.orderNumber}`).and.include('PAY AT COUNTER');
    expect(lines.find((l) => l.startsWith('TOTAL'))).to.match(/^TOTAL +Rp 68\.145$/).and.have.length(42);
    expect((await h.get(`/api/orders/${randomUUID()}/receipt.txt`)).status).to.equal(404);
  });

  it('prices from a new catalog version once it is published', async () => {
    h.catalog.update((c) => { c.products.find((p) => p.id === 'p-fries')!.price = 20_000; });
    await h.service.catalog.refresh();
    const res = await h.post(cashOrder({ mode: 'takeaway', lines: [{ productId: 'p-fries', quantity: 1, optionIds: [] }] }));
    expect(res.body).to.include({ subtotal: 20_000, catalogVersion: 2 });
  });
});
