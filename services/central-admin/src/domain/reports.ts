import { z } from 'zod';

/**
 * Report rules as plain data: the query every report takes, how money is summed (integer minor units, never
 * floats), the average ticket, and the CSV form of a table.
 */
const day = z.iso.date();
const storeIds = z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean)),
  z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/)).max(1000).optional(),
);

export const reportQuery = z.object({
  /** First business day, inclusive (YYYY-MM-DD); today when absent. */
  from: day.optional(),
  /** Last business day, inclusive; `from` when absent. */
  to: day.optional(),
  /** Only these stores (repeat the parameter or give a comma list); every store when absent. */
  storeId: storeIds,
  format: z.enum(['json', 'csv']).default('json'),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export const salesQuery = reportQuery.safeExtend({ groupBy: z.enum(['day', 'hour']).default('day') });
export const awaitingQuery = reportQuery.safeExtend({ limit: z.coerce.number().int().min(1).max(5000).default(500) });

export type ReportQuery = z.infer<typeof reportQuery>;

/** The business-day range a query asks for, today (in the reporting time zone) by default. */
export function dayRange(q: { from?: string; to?: string }, now: Date, timeZone: string): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const from = q.from ?? q.to ?? today;
  return { from, to: q.to ?? (q.from ? q.from : today) };
}

export interface SalesFigures { orders: number; gross: number; tax: number; serviceCharge: number; net: number; refunds: number; refundsAmount: number }

/**
 * A sales row with what the report derives: the average ticket (of the orders as taken) and `sales`, the
 * money the store kept: gross less the refunds given that day (a refund reduces the day it is given on).
 */
export function salesRow<T extends SalesFigures>(figures: T): T & { sales: number; avgTicket: number } {
  return { ...figures, sales: figures.gross - figures.refundsAmount, avgTicket: avgTicket(figures.gross, figures.orders) };
}

/** Average ticket in whole minor units (rupiah), rounded half up; 0 without orders. */
export const avgTicket = (gross: number, orders: number): number => (orders === 0 ? 0 : Math.floor((gross * 2 + orders) / (orders * 2)));

export function salesTotals(rows: SalesFigures[]): SalesFigures & { sales: number; avgTicket: number } {
  const t = rows.reduce((a, r) => ({
    orders: a.orders + r.orders, gross: a.gross + r.gross, tax: a.tax + r.tax, serviceCharge: a.serviceCharge + r.serviceCharge, net: a.net + r.net,
    refunds: a.refunds + r.refunds, refundsAmount: a.refundsAmount + r.refundsAmount,
  }), { orders: 0, gross: 0, tax: 0, serviceCharge: 0, net: 0, refunds: 0, refundsAmount: 0 });
  return salesRow(t);
}

export const sumOf = <T>(rows: T[], f: (r: T) => number): number => rows.reduce((a, r) => a + f(r), 0);

/** One store's prep times as central keeps them: tickets per bucket, `withinSeconds` the bucket's upper edge. */
export interface PrepBucket { withinSeconds: number; tickets: number }

/**
 * A percentile of prep time from a store's histogram: the edge of the first bucket by which a share `p` of the
 * tickets were ready ("90% within 8:15"), as percentile_disc would pick it from the buckets; null without tickets.
 */
export function prepPercentile(buckets: PrepBucket[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.tickets > 0).sort((a, b) => a.withinSeconds - b.withinSeconds);
  const total = sumOf(sorted, (b) => b.tickets);
  let seen = 0;
  for (const b of sorted) {
    seen += b.tickets;
    if (seen >= p * total) return b.withinSeconds;
  }
  return null;
}

/** The kitchen report's rows: per store, its tickets and p50/p90 prep times from the histogram rows of the range. */
export function kitchenRows(rows: (PrepBucket & { storeId: string })[]): { storeId: string; tickets: number; p50PrepSeconds: number | null; p90PrepSeconds: number | null }[] {
  const byStore = new Map<string, PrepBucket[]>();
  for (const r of rows) {
    const buckets = byStore.get(r.storeId) ?? [];
    buckets.push(r);
    byStore.set(r.storeId, buckets);
  }
  return [...byStore.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([storeId, buckets]) => ({
    storeId, tickets: sumOf(buckets, (b) => b.tickets), p50PrepSeconds: prepPercentile(buckets, 0.5), p90PrepSeconds: prepPercentile(buckets, 0.9),
  }));
}

/** A table as CSV (RFC 4180 quoting), columns in the order of the first row's keys or the given ones. */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
