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
