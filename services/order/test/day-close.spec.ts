import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { fromBinary, pb, subjects, type OrderView, type ZReportView } from '@kiosk/contracts';
import { cashOrder, salesStreamMessages, startHarness, waitUntil, type OrderHarness } from './support.js';
import { pairCounter, type CounterClient } from './counter.support.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('day close: a scripted day gives a Z report equal to its orders (real Postgres and NATS)', function () {
  this.timeout(90_000);
  let h: OrderHarness;
  let till: CounterClient;

  before(async () => {
    h = await startHarness({ env: { CASH_ROUNDING_UNIT: '500', CASH_ROUNDING_MODE: 'down' } });
    till = await pairCounter(h);
  });
  after(async () => h?.close());

  async function place(overrides: Record<string, unknown> = {}): Promise<OrderView> {
    const placed = await h.post(cashOrder(overrides));
    expect(placed.status).to.equal(201);
    return placed.body as OrderView;
  }

  it('counts card, cash and QRIS sales, a void, a partial refund, a cash-out, the drawer and the unpaid order, and sends the report once', async () => {
    const float = 300_000;
    expect((await till.post('/api/counter/shifts', { shiftId: randomUUID(), float })).status).to.equal(201);
    const card = await place({ mode: 'takeaway' });
    const cash = await place();
    const qris = await place({ lines: [{ productId: 'p-fries', quantity: 3, optionIds: [] }] });
    const voided = await place({ lines: [{ productId: 'p-tea', quantity: 1, optionIds: [] }] });
    const unpaid = await place({ customerName: 'Budi' });

    const settled = {
      card: await till.post(`/api/orders/${card.globalId}/settle`, { settlementId: randomUUID(), method: 'card', reference: 'AUTH-1' }),
      cash: await till.post(`/api/orders/${cash.globalId}/settle`, { settlementId: randomUUID(), method: 'cash', tendered: 100_000 }),
      qris: await till.post(`/api/orders/${qris.globalId}/settle`, { settlementId: randomUUID(), method: 'qris' }),
    };
    for (const s of Object.values(settled)) expect(s.status).to.equal(201);
    const cashPaid = settled.cash.body.amount as number;
    expect(cashPaid).to.equal(Math.floor(cash.total / 500) * 500);

    const v = await till.post(`/api/orders/${voided.globalId}/reversals`, { reversalId: randomUUID(), kind: 'void', reason: 'wrong order', managerPin: '4321' });
    expect(v.status).to.equal(201);
    const refund = await till.post(`/api/orders/${cash.globalId}/reversals`, { reversalId: randomUUID(), kind: 'refund', reason: 'tea spilled', lines: [{ lineNo: 2, quantity: 1 }], managerPin: '4321' });
    expect(refund.status).to.equal(201);
    const refunded = refund.body.amount as number;
    expect((await till.post('/api/counter/shifts/current/movements', { movementId: randomUUID(), direction: 'out', amount: 50_000, reason: 'bank deposit' })).status).to.equal(200);

    expect((await till.post('/api/counter/day-close', {})).body.error?.code).to.equal('shift_open');
    const expectedCash = float + cashPaid - refunded - 50_000;
    const closedShift = await till.post('/api/counter/shifts/current/close', { counted: expectedCash - 1_000 });
    expect(closedShift.body).to.deep.include({ expected: expectedCash, counted: expectedCash - 1_000, overShort: -1_000, cashOut: 50_000, cashRefunds: refunded });

    const closed = await till.post('/api/counter/day-close', {});
    expect(closed.status).to.equal(201);
    const z = closed.body as unknown as ZReportView;
    const paid = [card, cash, qris];
    expect(z).to.deep.include({
      orders: 5, paidOrders: 3, unpaidOrders: 1, voidedOrders: 1,
      grossSales: sum(paid.map((o) => o.total)), tax: sum(paid.map((o) => o.tax)), serviceCharge: sum(paid.map((o) => o.serviceCharge)),
      netSales: sum(paid.map((o) => o.subtotal)), cashRounding: cashPaid - cash.total,
      voids: 1, voidsAmount: voided.total, refunds: 1, refundsAmount: refunded, unpaidOrderNumbers: [unpaid.orderNumber],
    });
    expect(z.byMethod).to.deep.equal([
      { method: 'cash', count: 1, amount: cashPaid }, { method: 'qris', count: 1, amount: qris.total }, { method: 'card', count: 1, amount: card.total },
    ]);
    expect(z.drawer).to.deep.equal({ float, cashIn: 0, cashOut: 50_000, expected: expectedCash, counted: expectedCash - 1_000, overShort: -1_000 });

    const again = await till.post('/api/counter/day-close', { businessDay: z.businessDay });
    expect(again.status).to.equal(200);
    expect(again.text).to.equal(closed.text);
    expect((await till.get(`/api/counter/z-reports/${z.businessDay}`)).text).to.equal(closed.text);
    const text = await fetch(`${h.service.url}/api/counter/z-reports/${z.businessDay}/report.txt`, { headers: { authorization: `Bearer ${till.token}` } }).then((r) => r.text());
    expect(text).to.contain(`Z REPORT ${z.businessDay}`).and.to.contain(unpaid.orderNumber).and.to.contain('SHORT');

    const dayClosed = subjects.dayClosed(h.storeId);
    await waitUntil(async () => (await salesStreamMessages(h.tb.nats.url, h.storeId)).some((m) => m.subject === dayClosed), 20_000, 'Z report published');
    expect((await salesStreamMessages(h.tb.nats.url, h.storeId)).filter((m) => m.subject === dayClosed)).to.have.length(1);
    const { rows } = await h.db.query<{ payload: Buffer }>('SELECT payload FROM orders.outbox WHERE subject = $1', [dayClosed]);
    const event = fromBinary(pb.DayClosedSchema, rows[0]!.payload);
    expect(Number(event.grossSales)).to.equal(z.grossSales);
    expect(Number(event.drawerOverShort)).to.equal(-1_000);
  });
});
