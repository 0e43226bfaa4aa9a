import { and, asc, between, desc, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { awaitingPayment, paymentDaily, prepHistogram, productDaily, salesHourly } from '@kiosk/central-ingest/schema';
import { dbOf, type Pool } from '@kiosk/kit';
import { kitchenRows, salesRow } from '../domain/reports.js';
import { isoOf } from './db/timestamps.js';

/** What every report reads: business days from..to inclusive, and the stores (null = all). */
export interface ReportScope { from: string; to: string; stores: string[] | null }

/** The rows of these business days and stores: every rollup is keyed by (business_day, store_id, ...). */
const inScope = (t: { businessDay: AnyColumn; storeId: AnyColumn }, s: ReportScope): SQL | undefined =>
  and(between(t.businessDay, s.from, s.to), s.stores === null ? undefined : inArray(t.storeId, s.stores));

/** A sum of int8 amounts, as int8 (the kit's parser makes it a number), not numeric. */
const total = (column: AnyColumn) => sql<number>`sum(${column})::bigint`;

/**
 * The reports, over central-ingest's rollups (schema `central`, kept in the orders' transaction, described by
 * its published schema; read-only here): each query reads a few rows per store and day, never the order
 * tables, so they stay fast at chain scale.
 */
export class ReportsRepo {
  private readonly db: NodePgDatabase;

  constructor(pool: Pool) {
    this.db = dbOf(pool);
  }

  async sales(s: ReportScope, groupBy: 'day' | 'hour') {
    const t = salesHourly;
    const bucket = groupBy === 'day' ? sql<string>`${t.businessDay}` : sql<string>`${t.businessDay} || ' ' || lpad(${t.hour}::text, 2, '0') || ':00'`;
    const rows = await this.db.select({
      storeId: t.storeId, bucket, currency: t.currency, orders: total(t.orders), gross: total(t.gross), tax: total(t.tax),
      serviceCharge: total(t.serviceCharge), net: total(t.net), refunds: total(t.refunds), refundsAmount: total(t.refundsAmount),
    }).from(t).where(inScope(t, s)).groupBy(t.storeId, bucket, t.currency).orderBy(asc(bucket), asc(t.storeId));
    return rows.map((x) => salesRow(x));
  }

  async products(s: ReportScope) {
    const t = productDaily;
    const revenue = total(t.revenue);
    return this.db.select({ productId: t.productId, name: sql<string>`max(${t.name})`, quantity: total(t.quantity), revenue })
      .from(t).where(inScope(t, s)).groupBy(t.productId).orderBy(desc(revenue), asc(t.productId));
  }

  async payments(s: ReportScope) {
    const t = paymentDaily;
    return this.db.select({ method: t.method, status: t.status, count: total(t.count), amount: total(t.amount) })
      .from(t).where(inScope(t, s)).groupBy(t.method, t.status).having(sql`sum(${t.count}) <> 0`).orderBy(asc(t.method), asc(t.status));
  }

  async awaitingPayment(s: ReportScope, limit: number) {
    const t = awaitingPayment;
    const rows = await this.db.select().from(t).where(inScope(t, s)).orderBy(asc(t.createdAt), asc(t.globalId)).limit(limit);
    return rows.map((x) => ({ storeId: x.storeId, globalId: x.globalId, orderNumber: x.orderNumber, total: x.total, currency: x.currency, createdAt: isoOf(x.createdAt) }));
  }

  /** Prep times from the histogram central-ingest keeps (central.prep_histogram): a few rows per store and day. */
  async kitchen(s: ReportScope) {
    const t = prepHistogram;
    const rows = await this.db.select({ storeId: t.storeId, withinSeconds: t.withinSeconds, tickets: sql<number>`sum(${t.tickets})::int` })
      .from(t).where(inScope(t, s)).groupBy(t.storeId, t.withinSeconds).having(sql`sum(${t.tickets}) > 0`);
    return kitchenRows(rows);
  }
}
