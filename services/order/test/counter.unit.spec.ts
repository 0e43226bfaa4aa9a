import { expect } from 'chai';
import { AppError } from '@kiosk/kit';
import { settlementFigures } from '../src/domain/counter/cash.js';
import { amountDue, planReversal, refundable, type ReversibleOrder } from '../src/domain/counter/reversal.js';
import { expectedCash, overShort } from '../src/domain/counter/drawer.js';
import { zReport } from '../src/domain/counter/z-report.js';

const rounding = { unit: 100, mode: 'down' as const };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}`;
    throw err;
  }
  throw new Error('expected an error');
}

/** Two lines: 2 x 10,000 and 1 x 30,000; subtotal 50,000, 10 % tax -> total 55,000. */
function order(over: Partial<ReversibleOrder> = {}): ReversibleOrder {
  return {
    status: 'paid', subtotal: 50_000, total: 55_000, paid: 55_000, reversals: [],
    lines: [{ lineNo: 1, quantity: 2, lineTotal: 20_000 }, { lineNo: 2, quantity: 1, lineTotal: 30_000 }],
    ...over,
  };
}

describe('cash at the counter (domain)', () => {
  it('gives change for the rounded amount and records the rounding', () => {
    expect(settlementFigures({ amountDue: 27_550, method: 'cash', tendered: 50_000, rounding }))
      .to.deep.equal({ amountDue: 27_550, rounding: -50, amount: 27_500, tendered: 50_000, changeDue: 22_500 });
  });

  it('takes the exact amount by QRIS or card, with no change and no rounding', () => {
    expect(settlementFigures({ amountDue: 27_550, method: 'qris', rounding })).to.deep.equal({ amountDue: 27_550, rounding: 0, amount: 27_550, tendered: 27_550, changeDue: 0 });
  });

  it('refuses cash that does not cover the amount, and cash without an amount tendered', () => {
    expect(codeOf(() => settlementFigures({ amountDue: 27_550, method: 'cash', tendered: 27_000, rounding }))).to.equal('422 tendered_too_low');
    expect(codeOf(() => settlementFigures({ amountDue: 27_550, method: 'cash', rounding }))).to.equal('422 tendered_required');
  });
});

describe('voids and refunds (domain)', () => {
  it('refunds one unit of a line as its share of the total, tax included', () => {
    const plan = planReversal(order(), 'refund', [{ lineNo: 1, quantity: 1 }]);
    expect(plan).to.deep.equal({ amount: 11_000, lines: [{ lineNo: 1, quantity: 1, amount: 11_000 }], statusAfter: 'paid' });
  });

  it('refunds the whole order as exactly what is left of the payment', () => {
    const partly = order({ reversals: [{ kind: 'refund', amount: 11_000, lines: [{ lineNo: 1, quantity: 1 }] }] });
    expect(refundable(partly)).to.equal(44_000);
    expect(planReversal(partly, 'refund')).to.deep.equal({ amount: 44_000, lines: [], statusAfter: 'refunded' });
  });

  it('never refunds more than was paid: a cash payment rounded down caps the last line', () => {
    const roundedDown = order({ paid: 54_900, reversals: [{ kind: 'refund', amount: 22_000, lines: [{ lineNo: 1, quantity: 2 }] }] });
    // Line 2 is worth 33,000 of the total, and 32,900 is all that is left of what was paid: the last unit refunds what is left.
    expect(planReversal(roundedDown, 'refund', [{ lineNo: 2, quantity: 1 }]).amount).to.equal(32_900);
    const overPaidOut = order({ paid: 10_000 });
    expect(codeOf(() => planReversal(overPaidOut, 'refund', [{ lineNo: 2, quantity: 1 }]))).to.equal('422 refund_exceeds_paid');
  });

  it('refuses to give back more units of a line than it has left', () => {
    const once = order({ reversals: [{ kind: 'refund', amount: 11_000, lines: [{ lineNo: 1, quantity: 1 }] }] });
    expect(codeOf(() => planReversal(once, 'refund', [{ lineNo: 1, quantity: 2 }]))).to.equal('422 quantity_exceeds_line');
    expect(codeOf(() => planReversal(once, 'refund', [{ lineNo: 9, quantity: 1 }]))).to.equal('422 unknown_line');
  });

  it('voids only unpaid orders and refunds only paid ones', () => {
    expect(codeOf(() => planReversal(order(), 'void'))).to.equal('409 order_paid');
    expect(codeOf(() => planReversal(order({ status: 'awaiting_payment', paid: 0 }), 'refund'))).to.equal('409 order_unpaid');
    expect(codeOf(() => planReversal(order({ status: 'cancelled', paid: 0 }), 'void'))).to.equal('409 order_closed');
  });

  it('lowers what is due by a line void, and cancels the order when every line is voided', () => {
    const unpaid = order({ status: 'awaiting_payment', paid: 0 });
    const lineVoid = planReversal(unpaid, 'void', [{ lineNo: 2, quantity: 1 }]);
    expect(lineVoid).to.deep.equal({ amount: 33_000, lines: [{ lineNo: 2, quantity: 1, amount: 33_000 }], statusAfter: 'awaiting_payment' });
    const after = { ...unpaid, reversals: [{ kind: 'void' as const, amount: 33_000, lines: [{ lineNo: 2, quantity: 1 }] }] };
    expect(amountDue(after)).to.equal(22_000);
    expect(planReversal(after, 'void')).to.deep.equal({ amount: 22_000, lines: [], statusAfter: 'cancelled' });
  });
});

describe('cash drawer and Z report (domain)', () => {
  it('expects the float plus cash sales, less cash refunds, plus cash in, less cash out; counted against it is over or short', () => {
    const flows = { float: 200_000, cashSales: 77_500, cashRefunds: 11_000, cashIn: 50_000, cashOut: 20_000 };
    expect(expectedCash(flows)).to.equal(296_500);
    expect(overShort(flows, 296_000)).to.equal(-500);
  });

  it('adds up a day: sales of paid orders, each payment method, voids, refunds, the drawer and the unpaid orders', () => {
    const z = zReport({
      storeId: 's1', businessDay: '2026-11-26', currency: 'IDR', closedAt: '2026-11-26T14:00:00.000Z', closedBy: 'counter:till:1',
      orders: [
        { orderNumber: 'A-001', status: 'paid', total: 55_000, tax: 5_000, serviceCharge: 0, payment: { method: 'card', amount: 55_000, rounding: 0 } },
        { orderNumber: 'A-002', status: 'paid', total: 27_550, tax: 2_500, serviceCharge: 50, payment: { method: 'cash', amount: 27_500, rounding: -50 } },
        { orderNumber: 'A-003', status: 'refunded', total: 11_000, tax: 1_000, serviceCharge: 0, payment: { method: 'qris', amount: 11_000, rounding: 0 } },
        { orderNumber: 'A-004', status: 'cancelled', total: 11_000, tax: 1_000, serviceCharge: 0, payment: null },
        { orderNumber: 'A-005', status: 'awaiting_payment', total: 11_000, tax: 1_000, serviceCharge: 0, payment: null },
      ],
      reversals: [{ kind: 'void', amount: 11_000 }, { kind: 'refund', amount: 11_000 }],
      drawers: [{ float: 100_000, cashIn: 0, cashOut: 20_000, expected: 107_500, counted: 107_000 }],
    });
    expect(z).to.deep.include({ orders: 5, paidOrders: 3, unpaidOrders: 1, voidedOrders: 1, grossSales: 93_550, tax: 8_500, serviceCharge: 50, netSales: 85_000,
      cashRounding: -50, voids: 1, voidsAmount: 11_000, refunds: 1, refundsAmount: 11_000, unpaidOrderNumbers: ['A-005'] });
    expect(z.byMethod).to.deep.equal([{ method: 'cash', count: 1, amount: 27_500 }, { method: 'qris', count: 1, amount: 11_000 }, { method: 'card', count: 1, amount: 55_000 }]);
    expect(z.drawer).to.deep.equal({ float: 100_000, cashIn: 0, cashOut: 20_000, expected: 107_500, counted: 107_000, overShort: -500 });
  });
});
