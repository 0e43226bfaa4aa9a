/** Asks the order service which orders' tickets may go (it owns the orders and central's receipts). */
export async function prunableOrders(orderUrl: string, globalIds: string[]): Promise<Set<string>> {
  const res = await fetch(`${orderUrl}/internal/retention/prunable`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ globalIds }), signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`order service answered ${res.status} to the retention question`);
  const body = (await res.json()) as { prunable?: unknown };
  if (!Array.isArray(body.prunable)) throw new Error('order service gave no list of prunable orders');
  return new Set(body.prunable.filter((id): id is string => typeof id === 'string'));
}

/**
 * How far central has committed this box's KITCHEN stream, as the order service heard it in central's receipts
 * (it consumes them for the box): null while no receipt came.
 */
export async function kitchenReceiptMark(orderUrl: string): Promise<number | null> {
  const res = await fetch(`${orderUrl}/internal/retention/kitchen-receipt`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`order service answered ${res.status} to the kitchen receipt question`);
  const body = (await res.json()) as { committedSeq?: unknown };
  if (body.committedSeq === null) return null;
  if (typeof body.committedSeq !== 'number' || !Number.isSafeInteger(body.committedSeq)) throw new Error('order service gave no kitchen receipt mark');
  return body.committedSeq;
}
