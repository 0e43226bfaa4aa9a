import type { SettleMethod, ZReportView } from '@kiosk/contracts';

/** One order of the day as the Z report counts it. */
export interface DayOrder {
  orderNumber: string;
  status: 'awaiting_payment' | 'paid' | 'cancelled' | 'refunded';
  total: number;
  tax: number;
  serviceCharge: number;
  /** Set once settled (or approved by the card terminal at the kiosk). */
  payment: { method: SettleMethod; amount: number; rounding: number } | null;
}

export interface DayReversal {
  kind: 'void' | 'refund';
  amount: number;
}

export interface DayDrawer {
  float: number;
  cashIn: number;
  cashOut: number;
  expected: number;
  counted: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const methods: SettleMethod[] = ['cash', 'qris', 'card'];

/**
 * The Z report of a business day from its orders, its reversals and its closed drawer shifts. Sales count the
 * orders that were paid (as priced; refunded ones included: their refunds are listed beside them); payment
 * methods count what was collected, cash rounding included. Orders still awaiting payment are listed by number.
 */
export function zReport(input: {
  storeId: string;
  businessDay: string;
  currency: string;
  closedAt: string;
  closedBy: string;
  orders: DayOrder[];
  reversals: DayReversal[];
  drawers: DayDrawer[];
}): ZReportView {
  const paid = input.orders.filter((o) => o.payment !== null);
  const unpaid = input.orders.filter((o) => o.status === 'awaiting_payment');
  const voids = input.reversals.filter((r) => r.kind === 'void');
  const refunds = input.reversals.filter((r) => r.kind === 'refund');
  const gross = sum(paid.map((o) => o.total));
  const tax = sum(paid.map((o) => o.tax));
  const serviceCharge = sum(paid.map((o) => o.serviceCharge));
  const drawer = {
    float: sum(input.drawers.map((d) => d.float)),
    cashIn: sum(input.drawers.map((d) => d.cashIn)),
    cashOut: sum(input.drawers.map((d) => d.cashOut)),
    expected: sum(input.drawers.map((d) => d.expected)),
    counted: sum(input.drawers.map((d) => d.counted)),
  };
  return {
    storeId: input.storeId,
    businessDay: input.businessDay,
    closedAt: input.closedAt,
    closedBy: input.closedBy,
    currency: input.currency,
    orders: input.orders.length,
    paidOrders: paid.length,
    unpaidOrders: unpaid.length,
    voidedOrders: input.orders.filter((o) => o.status === 'cancelled').length,
    netSales: gross - tax - serviceCharge,
    tax,
    serviceCharge,
    grossSales: gross,
    byMethod: methods.map((method) => {
      const of = paid.filter((o) => o.payment!.method === method);
      return { method, count: of.length, amount: sum(of.map((o) => o.payment!.amount)) };
    }),
    cashRounding: sum(paid.map((o) => o.payment!.rounding)),
    voids: voids.length,
    voidsAmount: sum(voids.map((r) => r.amount)),
    refunds: refunds.length,
    refundsAmount: sum(refunds.map((r) => r.amount)),
    drawer: { ...drawer, overShort: drawer.counted - drawer.expected },
    unpaidOrderNumbers: unpaid.map((o) => o.orderNumber),
  };
}
