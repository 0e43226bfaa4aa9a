import { asc, desc, eq, sql } from 'drizzle-orm';
import { heartbeats, orderLines, orders, payments, receiptMarks } from '@kiosk/central-ingest/schema';
import type { CentralOrderView } from '@kiosk/contracts';
import { dbOf, type Pool } from '@kiosk/kit';
import { orderStatus } from '../domain/order-status.js';
import { reversalsOf } from './counter-views.repo.js';
import { isoOf } from './db/timestamps.js';

/**
 * Read side of central's HTTP API over the tables central-ingest writes (schema `central`, described by its
 * published schema), read-only here.
 */
export async function findOrder(pool: Pool, globalId: string): Promise<CentralOrderView | null> {
  const db = dbOf(pool);
  const row = (await db.select().from(orders).where(eq(orders.globalId, globalId)))[0];
  if (!row) return null;
  const [lines, payment, reversals] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.globalId, globalId)).orderBy(asc(orderLines.lineNo)),
    // The most advanced state reported (approved after pending), whichever event brought it.
    // A card approved offline and failed later shows as failed, not as the approval it replaced.
    db.select().from(payments).where(eq(payments.globalId, globalId))
      .orderBy(sql`CASE ${payments.status} WHEN 'offline_declined' THEN 0 WHEN 'offline_expired' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END`, desc(payments.recordedAt))
      .limit(1),
    reversalsOf(pool, globalId),
  ]);
  const p = payment[0];
  return {
    globalId: row.globalId, storeId: row.storeId, orderNumber: row.displayNumber, storeOrderNumber: row.orderNumber,
    businessDay: row.businessDay, mode: row.mode, currency: row.currency, subtotal: row.subtotal, tax: row.tax,
    serviceCharge: row.serviceCharge, total: row.total, createdAt: isoOf(row.createdAt), syncedAt: isoOf(row.syncedAt),
    priceOverride: row.priceOverride,
    lines: lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, options: l.options, lineTotal: l.lineTotal })),
    payment: p ? { paymentId: p.paymentId, method: p.method, status: p.status, amount: p.amount, currency: p.currency, reference: p.reference } : null,
    status: orderStatus({ paid: p?.status === 'approved' ? p.amount : 0, total: row.total, reversals }),
    reversals: reversals.map((r) => ({ reversalId: r.eventId, kind: r.kind, amount: r.amount, lines: r.lines, reason: r.reason, approvedBy: r.approvedBy, reversedAt: r.reversedAt })),
  };
}

export interface StoreSyncRow {
  storeId: string; sentAt: Date | null; linkUp: boolean | null; pendingUpload: number | null; ordersCommitted: number; lastReceiptSeq: number;
  lastSyncAt: string | null; version: string | null;
  /** Cards the store approved offline and has not forwarded yet, from its last heartbeat (null before any, or unknown to the store). */
  offlineCardsPending: number | null; offlineCardsPendingAmount: number | null;
  /** The newest version of central's catalog the store reports having applied (its heartbeat); null when it does not say. */
  catalogVersion: number | null;
}

/** A figure of the heartbeat's JSON (int64 as a string): absent when the store could not read it, so unknown. */
const figureOf = (v: string | null): number | null => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

/**
 * One row per store asked for, in the order of the ids, with or without a heartbeat. The stores are a list of
 * parameters, not a table: `unnest(...) AS asked(store_id, stream)` names its two columns in the text, and the
 * joins and subqueries compare the schema's columns with them.
 */
export async function storeSync(pool: Pool, storeIds: string[], salesStreams: string[]): Promise<StoreSyncRow[]> {
  const asked = { storeId: sql<string>`asked.store_id`, stream: sql<string>`asked.stream` };
  const field = (key: string) => sql<string | null>`${heartbeats.payload}->>${key}::text`;
  const rows = await dbOf(pool).select({
    storeId: asked.storeId, sentAt: heartbeats.sentAt, linkUp: heartbeats.linkUp, pendingUpload: heartbeats.pendingUpload, lastSyncAt: heartbeats.lastSyncAt,
    version: field('version'), ocp: field('offlineCardsPending'), oca: field('offlineCardsPendingAmount'), catalogVersion: field('catalogVersion'),
    orders: sql<number>`(SELECT coalesce(sum(${receiptMarks.ordersCommitted}), 0)::bigint FROM ${receiptMarks} WHERE ${receiptMarks.storeId} = ${asked.storeId})`,
    seq: sql<number | null>`(SELECT ${receiptMarks.committedSeq} FROM ${receiptMarks} WHERE ${receiptMarks.storeId} = ${asked.storeId} AND ${receiptMarks.stream} = ${asked.stream})`,
  }).from(sql`unnest(${sql.param(storeIds)}::text[], ${sql.param(salesStreams)}::text[]) AS asked(store_id, stream)`)
    .leftJoin(heartbeats, eq(heartbeats.storeId, asked.storeId))
    .orderBy(asc(asked.storeId));
  return rows.map((x) => ({ storeId: x.storeId, sentAt: x.sentAt === null ? null : new Date(x.sentAt), linkUp: x.linkUp, pendingUpload: x.pendingUpload, ordersCommitted: x.orders,
    lastReceiptSeq: x.seq ?? 0, lastSyncAt: x.lastSyncAt, version: x.version, catalogVersion: figureOf(x.catalogVersion),
    offlineCardsPending: figureOf(x.ocp), offlineCardsPendingAmount: figureOf(x.oca) }));
}
