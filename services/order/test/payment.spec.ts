import { expect } from 'chai';
import { cashOrder, startHarness, type OrderHarness } from './support.js';

describe('order service: card payments through the simulated terminal', function () {
  let h: OrderHarness;
  before(async () => { h = await startHarness({ env: { PAYMENT_SIM_DELAY_MS: '20' } }); });
  after(async () => { await h?.close(); });

  const card = (simulate?: string) => cashOrder({ payment: { method: 'card', ...(simulate ? { simulate } : {}) } });

  it('records an approved card as paid with the terminal reference', async () => {
    const res = await h.post(card());
    expect(res.status).to.equal(201);
    expect(res.body.status).to.equal('paid');
    expect(res.body.payment).to.include({ method: 'card', status: 'approved', amount: res.body.total });
    expect(res.body.payment?.reference).to.match(/^SIM-/);
    const { rows } = await h.db.query('SELECT method, status, reference FROM orders.payments WHERE global_id = $1', [res.body.globalId]);
    expect(rows[0]).to.deep.equal({ method: 'card', status: 'approved', reference: res.body.payment?.reference });
  });

  it('answers 402 payment_declined for a declined card and writes nothing', async () => {
    const before = await h.orderCount();
    const res = await h.post(card('decline'));
    expect(res.status).to.equal(402);
    expect(res.body.error?.code).to.equal('payment_declined');
    expect(await h.orderCount()).to.equal(before);
  });

  it('answers 504 payment_timeout when the terminal never answers and writes nothing', async () => {
    const before = await h.orderCount();
    const res = await h.post(card('timeout'));
    expect(res.status).to.equal(504);
    expect(res.body.error?.code).to.equal('payment_timeout');
    expect(await h.orderCount()).to.equal(before);
  });

  it('lets the kiosk retry a declined card with the same globalId, and never charges a repeat twice', async () => {
    const declined = card('decline');
    expect((await h.post(declined)).status).to.equal(402);
    const retry = { ...declined, payment: { method: 'card' } };
    const approved = await h.post(retry);
    expect(approved.status).to.equal(201);
    const repeats = await Promise.all([h.post(retry), h.post(retry)]);
    expect(repeats.map((r) => r.text)).to.deep.equal([approved.text, approved.text]);
  });

  it('keeps cash orders as awaiting payment at the counter', async () => {
    const res = await h.post(cashOrder());
    expect(res.body.status).to.equal('awaiting_payment');
    expect(res.body.payment).to.deep.equal({ method: 'cash', status: 'pending', amount: res.body.total });
  });
});
