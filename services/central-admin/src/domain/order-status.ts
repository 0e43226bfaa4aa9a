/**
 * An order's state as central can tell it from what the store sent: paid once a payment was approved,
 * refunded when its refunds reach what was paid, cancelled when its voids reach its total.
 */
export function orderStatus(o: { paid: number; total: number; reversals: { kind: 'void' | 'refund'; amount: number }[] }): string {
  const sum = (kind: 'void' | 'refund') => o.reversals.filter((r) => r.kind === kind).reduce((a, r) => a + r.amount, 0);
  if (o.paid > 0) return sum('refund') >= o.paid ? 'refunded' : 'paid';
  return o.total > 0 && sum('void') >= o.total ? 'cancelled' : 'awaiting_payment';
}
