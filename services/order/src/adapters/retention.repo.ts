import { and, asc, eq, exists, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { dbOf, inTransaction, type Pool } from '@kiosk/kit';
import {
  offlineCardTable, orderLineTable, orderTable, outboxTable, paymentTable, reversalTable, settlementTable, syncReceiptTable,
} from './db/schema.js';

/** `FOR UPDATE OF` takes an unqualified name: the orders a batch locks go by `o`; the events read beside the deleted table by `e`. */
const o = alias(orderTable, 'o');
const e = alias(outboxTable, 'e');
const one = sql<number>`1`;

/**
 * Deletes old orders (with their lines, payments, settlements, reversals and events) and old outbox rows that
 * central's sales receipt covers, one small transaction per batch. The WHERE clauses are the domain rule
 * (domain/retention.ts orderMayBePruned): synced, every event published at or below central's committed sequence,
 * no offline card. Without a receipt for the sales stream nothing is covered and nothing goes.
 */
export class RetentionRepo {
  constructor(private readonly pool: Pool, private readonly salesStream: string, private readonly kitchenStream: string) {}

  /** Central's committed sequence of the box's kitchen stream (from its receipts), null before the first. */
  async kitchenReceiptMark(): Promise<number | null> {
    const [row] = await dbOf(this.pool).select({ committedSeq: syncReceiptTable.committedSeq }).from(syncReceiptTable)
      .where(eq(syncReceiptTable.stream, this.kitchenStream));
    return row?.committedSeq ?? null;
  }

  /** The receipt of the sales stream, as a CTE: its committed sequence bounds what may go. */
  private salesReceipt() {
    const db = dbOf(this.pool);
    return db.$with('receipt').as(db.select({ committedSeq: syncReceiptTable.committedSeq }).from(syncReceiptTable)
      .where(eq(syncReceiptTable.stream, this.salesStream)));
  }

  /** One batch of orders of business days before `cutoffDay`; returns how many orders it deleted. */
  async pruneOrders(cutoffDay: string, batchSize: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      const receipt = this.salesReceipt();
      const eventsOf = eq(outboxTable.correlationId, sql`${o.globalId}::text`);
      const rows = await db.with(receipt).select({ globalId: o.globalId }).from(o).where(and(
        lt(o.businessDay, cutoffDay), eq(o.syncStatus, 'synced'), exists(db.select({ one }).from(receipt)),
        notExists(db.select({ one }).from(offlineCardTable).where(eq(offlineCardTable.globalId, o.globalId))),
        exists(db.select({ one }).from(outboxTable).where(eventsOf)),
        notExists(db.select({ one }).from(outboxTable).where(and(eventsOf, or(
          isNull(outboxTable.publishedAt), isNull(outboxTable.publishedSeq),
          gt(outboxTable.publishedSeq, sql`(SELECT ${receipt.committedSeq} FROM ${receipt})`))))),
      )).orderBy(asc(o.businessDay)).limit(batchSize).for('update', { of: o, skipLocked: true });
      const ids = rows.map((r) => r.globalId);
      if (ids.length === 0) return 0;
      await db.delete(orderLineTable).where(inArray(orderLineTable.globalId, ids));
      await db.delete(settlementTable).where(inArray(settlementTable.globalId, ids));
      await db.delete(reversalTable).where(inArray(reversalTable.globalId, ids));
      await db.delete(paymentTable).where(inArray(paymentTable.globalId, ids));
      await db.delete(outboxTable).where(inArray(outboxTable.correlationId, ids));
      const deleted = await db.delete(orderTable).where(inArray(orderTable.globalId, ids));
      return deleted.rowCount ?? 0;
    });
  }

  /**
   * Of these orders, the ones whose tickets may go: synced and of a business day before the cutoff, or no
   * longer here (only retention deletes an order, and only such a one). With retention off, only the latter.
   */
  async prunableForKitchen(globalIds: string[], cutoffDay: string | null): Promise<string[]> {
    if (globalIds.length === 0) return [];
    const kept = await dbOf(this.pool).select({ globalId: orderTable.globalId }).from(orderTable).where(and(
      inArray(orderTable.globalId, globalIds),
      cutoffDay === null ? undefined : or(ne(orderTable.syncStatus, 'synced'), gte(orderTable.businessDay, cutoffDay)),
    ));
    const stays = new Set(kept.map((r) => r.globalId.toLowerCase()));
    return globalIds.filter((id) => !stays.has(id.toLowerCase()));
  }

  /**
   * One batch of outbox rows created before `before` and covered by the receipt, whose order (if any) is gone:
   * an order still here keeps its events, which the rule above reads.
   */
  async pruneOutbox(before: Date, batchSize: number): Promise<number> {
    const db = dbOf(this.pool);
    const receipt = this.salesReceipt();
    const { rowCount } = await db.with(receipt).delete(outboxTable).where(inArray(outboxTable.id, db.select({ id: e.id }).from(e).where(and(
      lt(e.createdAt, before.toISOString()), isNotNull(e.publishedAt), isNotNull(e.publishedSeq),
      lte(e.publishedSeq, sql`(SELECT ${receipt.committedSeq} FROM ${receipt})`),
      notExists(db.select({ one }).from(orderTable).where(eq(sql`${orderTable.globalId}::text`, e.correlationId))),
    )).orderBy(asc(e.id)).limit(batchSize)));
    return rowCount ?? 0;
  }
}
