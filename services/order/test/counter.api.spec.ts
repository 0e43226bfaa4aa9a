import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { fromBinary, pb, subjects } from '@kiosk/contracts';
import { cashOrder, salesStreamMessages, startHarness, waitUntil, type OrderHarness } from './support.js';
import { pairCounter, type CounterClient } from './counter.support.js';

// cashOrder(): 1 burger large+cheese (43,000) + 2 teas (16,000) = 59,000; service 5 % 2,950; tax 10 % of both 6,195 -> 68,145.
const TOTAL = 68_145;

describe('counter: settle, void and refund (real Postgres and NATS)', function () {
  this.timeout(60_000);
  let h: OrderHarness;
  let till: CounterClient;

  before(async () => {
    h = await startHarness({ env: { CASH_ROUNDING_UNIT: '100', CASH_ROUNDING_MODE: 'down' } });
    till = await pairCounter(h);
    expect((await till.post('/api/counter/shifts', { shiftId: randomUUID(), float: 200_000 })).status).to.equal(201);
  });
  after(async () => h?.close());

  async function placeCash(): Promise<string> {
    const body = cashOrder();
    expect((await h.post(body)).status).to.equal(201);
    return body.globalId;
  }

  it('settles a cash order with the rounded amount and the change, once, and answers a repeat with the same body', async () => {
    const globalId = await placeCash();
    const settle = { settlementId: randomUUID(), method: 'cash', tendered: 100_000 };
    const first = await till.post(`/api/orders/${globalId}/settle`, settle);
    expect(first.status).to.equal(201);
    expect(first.body).to.deep.include({ amountDue: TOTAL, rounding: -45, amount: 68_100, tendered: 100_000, changeDue: 31_900, method: 'cash' });
    const again = await till.post(`/api/orders/${globalId}/settle`, settle);
    expect(again.status).to.equal(200);
    expect(again.text).to.equal(first.text);
    const order = await h.get(`/api/orders/${globalId}`);
    expect(order.body.status).to.equal('paid');
    expect(order.body.payment).to.deep.include({ method: 'cash', status: 'approved', amount: 68_100, changeDue: 31_900 });

    const other = await till.post(`/api/orders/${globalId}/settle`, { settlementId: randomUUID(), method: 'qris' });
    expect(other.status).to.equal(409);
    expect(other.body.error?.code).to.equal('already_settled');
    const rows = await h.db.query('SELECT count(*)::int AS n FROM orders.settlements WHERE global_id = $1', [globalId]);
    expect(rows.rows[0].n).to.equal(1);
  });

  it('publishes the settlement once to the sales stream as an approved payment with its settlement id', async () => {
    const globalId = await placeCash();
    const settlementId = randomUUID();
    await till.post(`/api/orders/${globalId}/settle`, { settlementId, method: 'qris' });
    await till.post(`/api/orders/${globalId}/settle`, { settlementId, method: 'qris' });
    await waitUntil(async () => (await salesStreamMessages(h.tb.nats.url, h.storeId)).some((m) => m.msgId === settlementId), 20_000, 'settlement published');
    const messages = (await salesStreamMessages(h.tb.nats.url, h.storeId)).filter((m) => m.msgId === settlementId);
    expect(messages).to.have.length(1);
    expect(messages[0]!.subject).to.equal(subjects.paymentRecorded(h.storeId));
    const { rows } = await h.db.query<{ payload: Buffer }>('SELECT payload FROM orders.outbox WHERE event_id = $1', [settlementId]);
    const event = fromBinary(pb.PaymentRecordedSchema, rows[0]!.payload);
    expect(event.payment?.status).to.equal(pb.PaymentStatus.APPROVED);
    expect(event.payment?.method).to.equal(pb.PaymentMethod.QRIS);
    expect(Number(event.payment?.amount)).to.equal(TOTAL);
  });

  it('refuses cash that does not cover the amount and changes nothing', async () => {
    const globalId = await placeCash();
    const low = await till.post(`/api/orders/${globalId}/settle`, { settlementId: randomUUID(), method: 'cash', tendered: 50_000 });
    expect(low.status).to.equal(422);
    expect(low.body.error?.code).to.equal('tendered_too_low');
    expect((await h.get(`/api/orders/${globalId}`)).body.status).to.equal('awaiting_payment');
  });

  it('refuses the counter API without a paired counter device', async () => {
    const globalId = await placeCash();
    const res = await fetch(`${h.service.url}/api/orders/${globalId}/settle`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settlementId: randomUUID(), method: 'card' }),
    });
    expect(res.status).to.equal(401);
  });

  it('refunds part of a paid order with a manager PIN, shows it on the order, and never more than was paid', async () => {
    const globalId = await placeCash();
    await till.post(`/api/orders/${globalId}/settle`, { settlementId: randomUUID(), method: 'card' });
    const noPin = await till.post(`/api/orders/${globalId}/reversals`, { reversalId: randomUUID(), kind: 'refund', reason: 'cold tea', lines: [{ lineNo: 2, quantity: 1 }] });
    expect(noPin.status).to.equal(403);
    const refund = { reversalId: randomUUID(), kind: 'refund', reason: 'cold tea', lines: [{ lineNo: 2, quantity: 1 }], managerPin: '4321' };
    const first = await till.post(`/api/orders/${globalId}/reversals`, refund);
    expect(first.status).to.equal(201);
    // One of the two teas (16,000 of a 59,000 subtotal) refunds its share of the total.
    expect(first.body).to.deep.include({ kind: 'refund', amount: Math.round((16_000 * TOTAL) / (2 * 59_000)), reason: 'cold tea' });
    expect(first.body.approvedBy).to.match(/^manager-pin@counter:till-1:/);
    expect((await till.post(`/api/orders/${globalId}/reversals`, refund)).text).to.equal(first.text);
    const order = await h.get(`/api/orders/${globalId}`);
    expect(order.body.reversals).to.have.length(1);

    const tooMuch = await till.post(`/api/orders/${globalId}/reversals`, { reversalId: randomUUID(), kind: 'refund', reason: 'again', lines: [{ lineNo: 2, quantity: 2 }], managerPin: '4321' });
    expect(tooMuch.status).to.equal(422);
    const receipt = await fetch(`${h.service.url}/api/orders/${globalId}/receipt.txt`).then((r) => r.text());
    expect(receipt).to.contain('REFUND');
  });

  it('voids an unpaid order in full: it is cancelled and can no longer be settled', async () => {
    const globalId = await placeCash();
    const v = await till.post(`/api/orders/${globalId}/reversals`, { reversalId: randomUUID(), kind: 'void', reason: 'customer left', managerPin: '4321' });
    expect(v.status).to.equal(201);
    expect(v.body.amount).to.equal(TOTAL);
    expect((await h.get(`/api/orders/${globalId}`)).body.status).to.equal('cancelled');
    expect((await till.post(`/api/orders/${globalId}/settle`, { settlementId: randomUUID(), method: 'card' })).status).to.equal(409);
  });

  it('finds orders awaiting payment by number, by name and by the globalId of the kiosk QR', async () => {
    const body = cashOrder({ customerName: 'Siti Nurhaliza' });
    const placed = await h.post(body);
    const byName = await till.get('/api/counter/orders?q=nurha');
    expect((byName.body as { orders: { globalId: string }[] }).orders.map((o) => o.globalId)).to.include(body.globalId);
    const byNumber = await till.get(`/api/counter/orders?q=${placed.body.orderNumber}`);
    expect((byNumber.body as { orders: { globalId: string; amountDue: number }[] }).orders[0]).to.deep.include({ globalId: body.globalId, amountDue: TOTAL });
    const byQr = await till.get(`/api/counter/orders?q=${body.globalId}`);
    expect((byQr.body as { orders: unknown[] }).orders).to.have.length(1);
  });
});
