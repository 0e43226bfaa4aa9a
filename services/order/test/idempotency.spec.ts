import { expect } from 'chai';
import { cashOrder, startHarness, type OrderHarness } from './support.js';

describe('order service: globalId is the idempotency key', function () {
  let h: OrderHarness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  const rowsFor = async (globalId: string) => {
    const { rows } = await h.db.query<{ orders: number; events: number; payments: number }>(
      `SELECT (SELECT count(*)::int FROM orders.orders WHERE global_id = $1) AS orders,
              (SELECT count(*)::int FROM orders.payments WHERE global_id = $1) AS payments,
              (SELECT count(*)::int FROM orders.outbox WHERE correlation_id = $1::text) AS events`, [globalId]);
    return rows[0];
  };

  it('returns the first response, byte for byte, when the same order is posted twice', async () => {
    const order = cashOrder();
    const first = await h.post(order);
    const again = await h.post(order);
    expect(first.status).to.equal(201);
    expect(again.status).to.equal(200);
    expect(again.text).to.equal(first.text);
    expect(await rowsFor(order.globalId)).to.deep.equal({ orders: 1, payments: 1, events: 2 });
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const order = cashOrder();
    const first = await h.post(order);
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const again = await h.post(reordered);
    expect(again.status).to.equal(200);
    expect(again.body.orderNumber).to.equal(first.body.orderNumber);
  });

  it('refuses the same globalId with a different body with 409 idempotency_conflict and keeps the first order', async () => {
    const order = cashOrder();
    const first = await h.post(order);
    const other = await h.post({ ...order, mode: 'takeaway' });
    expect(other.status).to.equal(409);
    expect(other.body.error?.code).to.equal('idempotency_conflict');
    expect((await h.get(`/api/orders/${order.globalId}`)).text).to.equal(first.text);
    expect(await rowsFor(order.globalId)).to.deep.equal({ orders: 1, payments: 1, events: 2 });
  });

  it('creates exactly one order when 20 identical requests race', async () => {
    const order = cashOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.post(order)));
    expect(answers.map((a) => a.status).sort((a, b) => a - b)).to.deep.equal([...Array<number>(19).fill(200), 201]);
    expect(new Set(answers.map((a) => a.text)).size).to.equal(1);
    expect(await rowsFor(order.globalId)).to.deep.equal({ orders: 1, payments: 1, events: 2 });
  });

  it('still answers a repeat with the first order after the product sold out', async () => {
    const order = cashOrder({ lines: [{ productId: 'p-fries', quantity: 1, optionIds: [] }] });
    const first = await h.post(order);
    h.catalog.update((c) => { c.products.find((p) => p.id === 'p-fries')!.available = false; });
    await h.service.catalog.refresh();
    try {
      const again = await h.post(order);
      expect(again.status).to.equal(200);
      expect(again.text).to.equal(first.text);
      expect((await h.post(cashOrder({ lines: order.lines }))).body.error?.code).to.equal('product_unavailable');
    } finally {
      h.catalog.update((c) => { c.products.find((p) => p.id === 'p-fries')!.available = true; });
      await h.service.catalog.refresh();
    }
  });
});
