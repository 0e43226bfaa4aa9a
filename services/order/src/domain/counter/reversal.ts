import { conflict, unprocessable } from '@kiosk/kit/errors';
import type { ReversalKind } from '@kiosk/contracts';

/** An order as the reversal rules see it: its lines, what it came to, what was paid, and what was reversed. */
export interface ReversibleOrder {
  status: 'awaiting_payment' | 'paid' | 'cancelled' | 'refunded';
  subtotal: number;
  total: number;
  lines: { lineNo: number; quantity: number; lineTotal: number }[];
  /** What was collected (0 while unpaid), rounding included. */
  paid: number;
  /** Earlier reversals of this order. */
  reversals: { kind: ReversalKind; amount: number; lines: { lineNo: number; quantity: number }[] }[];
}

export interface PlannedReversal {
  amount: number;
  lines: { lineNo: number; quantity: number; amount: number }[];
  /** The order's status once this reversal is recorded. */
  statusAfter: ReversibleOrder['status'];
}

/** A line's share of the order total (tax and service charge included), for `quantity` of its units. */
export function lineShare(order: Pick<ReversibleOrder, 'subtotal' | 'total'>, line: { quantity: number; lineTotal: number }, quantity: number): number {
  if (order.subtotal === 0) return 0;
  return Math.round((line.lineTotal * quantity * order.total) / (line.quantity * order.subtotal));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Units of each line already voided or refunded. */
function reversedUnits(order: ReversibleOrder): Map<number, number> {
  const units = new Map<number, number>();
  for (const r of order.reversals) {
    const lines = r.lines.length > 0 ? r.lines : order.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity }));
    for (const l of lines) units.set(l.lineNo, (units.get(l.lineNo) ?? 0) + l.quantity);
  }
  return units;
}

/** What is still to be collected from an unpaid order: its total less its voids. */
export function amountDue(order: ReversibleOrder): number {
  if (order.status !== 'awaiting_payment') return 0;
  return Math.max(0, order.total - sum(order.reversals.filter((r) => r.kind === 'void').map((r) => r.amount)));
}

/** Paid and not refunded yet. */
export function refundable(order: ReversibleOrder): number {
  return Math.max(0, order.paid - sum(order.reversals.filter((r) => r.kind === 'refund').map((r) => r.amount)));
}

/**
 * Plans a void (an unpaid order: the money will not be taken) or a refund (a paid order: money back), of the
 * whole order (no lines) or of some units of some lines. Rules: a void needs an unpaid order and a refund a
 * paid one; no line gives back more units than it has left; a refund never exceeds what was paid and not yet
 * refunded (the last unit of an order refunds exactly what is left, so rounding never strands a rupiah).
 */
export function planReversal(order: ReversibleOrder, kind: ReversalKind, requested?: { lineNo: number; quantity: number }[]): PlannedReversal {
  if (kind === 'void' && order.status !== 'awaiting_payment') {
    throw conflict(order.status === 'paid' ? 'order_paid' : 'order_closed', `only an order awaiting payment can be voided (this one is ${order.status}); refund a paid order instead`);
  }
  if (kind === 'refund' && order.status !== 'paid') {
    throw conflict(order.status === 'awaiting_payment' ? 'order_unpaid' : 'order_closed', `only a paid order can be refunded (this one is ${order.status})`);
  }
  const used = reversedUnits(order);
  const left = order.lines.map((l) => ({ ...l, left: l.quantity - (used.get(l.lineNo) ?? 0) }));
  const wanted = requested ?? left.filter((l) => l.left > 0).map((l) => ({ lineNo: l.lineNo, quantity: l.left }));
  if (wanted.length === 0) throw conflict('nothing_left', 'every line of this order was already voided or refunded');
  const lines = wanted.map((w) => {
    const line = left.find((l) => l.lineNo === w.lineNo);
    if (!line) throw unprocessable('unknown_line', `the order has no line ${w.lineNo}`, { lineNo: w.lineNo });
    if (w.quantity > line.left) {
      throw unprocessable('quantity_exceeds_line', `line ${w.lineNo} has ${line.left} left to ${kind}`, { lineNo: w.lineNo, left: line.left });
    }
    return { lineNo: w.lineNo, quantity: w.quantity, amount: lineShare(order, line, w.quantity) };
  });
  const unitsLeftAfter = sum(left.map((l) => l.left)) - sum(lines.map((l) => l.quantity));
  const ceiling = kind === 'refund' ? refundable(order) : amountDue(order);
  const amount = unitsLeftAfter === 0 ? ceiling : sum(lines.map((l) => l.amount));
  if (kind === 'refund' && amount > ceiling) {
    throw unprocessable('refund_exceeds_paid', `a refund of ${amount} exceeds the ${ceiling} paid and not yet refunded`, { amount, refundable: ceiling });
  }
  const statusAfter = unitsLeftAfter > 0 ? order.status : kind === 'void' ? 'cancelled' : 'refunded';
  return { amount: Math.min(amount, ceiling), lines: requested ? lines : [], statusAfter };
}
