import { describe, expect, it } from 'vitest';
import type { SalesRow } from '../api/types.ts';
import { averageTicket, salesByBucket, salesByStore, salesTotals, sumColumns } from './report-totals.ts';

const row = (storeId: string, bucket: string, orders: number, gross: number): SalesRow => {
  const tax = Math.round(gross / 11);
  const serviceCharge = Math.round(gross / 20);
  return { storeId, bucket, orders, gross, tax, serviceCharge, net: gross - tax - serviceCharge, refunds: 0, refundsAmount: 0, sales: gross, avgTicket: averageTicket(gross, orders) };
};

describe('report totals', () => {
  const rows = [row('s1', '2026-11-25', 3, 100_000), row('s2', '2026-11-25', 1, 55_000), row('s1', '2026-11-26', 2, 40_001)];

  it('sums each column of the rows the table shows, to the rupiah', () => {
    const totals = salesTotals(rows);
    expect(totals.orders).toBe(6);
    expect(totals.gross).toBe(195_001);
    expect(totals.tax).toBe(rows.reduce((s, r) => s + r.tax, 0));
    expect(totals.net + totals.tax + totals.serviceCharge).toBe(totals.gross);
  });

  it('derives the average ticket from the totals, never by averaging the averages', () => {
    expect(salesTotals(rows).avgTicket).toBe(Math.round(195_001 / 6));
    expect(averageTicket(0, 0)).toBe(0);
    expect(averageTicket(10, 4)).toBe(3);
  });

  it('nets refunds out of sales to the rupiah', () => {
    const refunded = { ...row('s1', '2026-11-26', 0, 0), refunds: 2, refundsAmount: 12_345, sales: -12_345 };
    const totals = salesTotals([...rows, refunded]);
    expect(totals.refundsAmount).toBe(12_345);
    expect(totals.sales).toBe(195_001 - 12_345);
  });

  it('counts a missing (null) cell as zero', () => {
    expect(sumColumns([{ a: 1 }, { a: null }, { a: 2 }], ['a'])).toEqual({ a: 3 });
    expect(sumColumns([], ['a'] as never[])).toEqual({ a: 0 });
  });

  it('folds rows per store and per bucket without losing a rupiah', () => {
    const stores = salesByStore(rows);
    expect(stores.map((r) => [r.storeId, r.orders, r.gross])).toEqual([['s1', 5, 140_001], ['s2', 1, 55_000]]);
    const buckets = salesByBucket(rows);
    expect(buckets.map((r) => [r.bucket, r.orders, r.gross])).toEqual([['2026-11-25', 4, 155_000], ['2026-11-26', 2, 40_001]]);
    expect(salesTotals(stores).gross).toBe(salesTotals(rows).gross);
    expect(salesTotals(buckets).gross).toBe(salesTotals(rows).gross);
  });
});
