import type { CounterOrderView, OrderView, ReversalView, SettleMethod } from '@kiosk/contracts';
import { amountDue, refundable, type ReversibleOrder } from './reversal.js';

export interface OrderState {
  view: OrderView;
  status: ReversibleOrder['status'];
  settlement: { method: string; amount: number; rounding: number; tendered: number; changeDue: number; reference: string | null; settledAt: Date } | null;
  reversals: ReversalView[];
}

/** The order as the reversal rules see it. */
export function reversible(o: OrderState): ReversibleOrder {
  const paid = o.settlement?.amount ?? (o.view.payment.status === 'approved' ? o.view.payment.amount : 0);
  return {
    status: o.status,
    subtotal: o.view.subtotal,
    total: o.view.total,
    lines: o.view.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity, lineTotal: l.lineTotal })),
    paid,
    reversals: o.reversals.map((r) => ({ kind: r.kind, amount: r.amount, lines: r.lines })),
  };
}

/**
 * The order as it stands now: the view answered at creation, with the status, the payment as settled at the
 * counter, and the voids and refunds. An order the counter never touched is exactly its creation view.
 */
export function currentView(o: OrderState): OrderView {
  if (!o.settlement && o.reversals.length === 0) return o.view;
  const s = o.settlement;
  const payment = s
    ? { ...o.view.payment, method: s.method as SettleMethod, status: 'approved' as const, amount: s.amount, settledAt: s.settledAt.toISOString(),
        tendered: s.tendered, changeDue: s.changeDue, rounding: s.rounding, ...(s.reference ? { reference: s.reference } : {}) }
    : { ...o.view.payment, amount: o.status === 'awaiting_payment' ? amountDue(reversible(o)) : o.view.payment.amount };
  return { ...o.view, status: o.status, payment, ...(o.reversals.length > 0 ? { reversals: o.reversals } : {}) };
}

export function counterView(o: OrderState): CounterOrderView {
  const r = reversible(o);
  return { ...currentView(o), amountDue: amountDue(r), refundable: refundable(r) };
}
