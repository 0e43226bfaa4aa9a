/**
 * Totals under the report tables, summed from the rows the table shows (so a footer always equals its
 * column), and the average ticket derived from them the way central computes it: gross / orders, rounded.
 */
import type { SalesRow, SalesTotals } from '../api/types.ts';

/** Sums the named numeric columns; a null cell counts as 0. */
export function sumColumns<Row, Key extends keyof Row>(rows: readonly Row[], keys: readonly Key[]): Record<Key, number> {
  const totals = {} as Record<Key, number>;
  for (const key of keys) totals[key] = 0;
  for (const row of rows) {
    for (const key of keys) {
      const value = row[key];
      if (typeof value === 'number') totals[key] += value;
    }
  }
  return totals;
}

/** Average ticket in minor units: gross over orders, rounded half up; 0 when there are no orders. */
export function averageTicket(gross: number, orders: number): number {
  return orders > 0 ? Math.round(gross / orders) : 0;
}

export function salesTotals(rows: readonly SalesRow[]): SalesTotals {
  const sums = sumColumns(rows, ['orders', 'gross', 'tax', 'serviceCharge', 'net', 'refunds', 'refundsAmount'] as const);
  return { ...sums, sales: sums.gross - sums.refundsAmount, avgTicket: averageTicket(sums.gross, sums.orders) };
}

/** Sales rows folded per store (for the "by store" chart and table), stores in id order. */
export function salesByStore(rows: readonly SalesRow[]): SalesRow[] {
  const byStore = new Map<string, SalesRow[]>();
  for (const row of rows) byStore.set(row.storeId, [...(byStore.get(row.storeId) ?? []), row]);
  return [...byStore.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([storeId, storeRows]) => ({ storeId, bucket: '', ...salesTotals(storeRows) }));
}

/** Sales rows folded per bucket (day or hour) over the selected stores, buckets in time order. */
export function salesByBucket(rows: readonly SalesRow[]): SalesRow[] {
  const byBucket = new Map<string, SalesRow[]>();
  for (const row of rows) byBucket.set(row.bucket, [...(byBucket.get(row.bucket) ?? []), row]);
  return [...byBucket.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, bucketRows]) => ({ storeId: '', bucket, ...salesTotals(bucketRows) }));
}
