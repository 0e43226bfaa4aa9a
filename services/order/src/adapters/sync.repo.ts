import { and, eq, exists, gt, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { dbOf, inTransaction, type Pool, type PoolClient } from '@kiosk/kit';
import type { DecisionAction, Receipt } from '../domain/central-sync.js';
import { decisionTable, orderTable, outboxTable, reviewTable, syncReceiptTable } from './db/schema.js';

const receipts = syncReceiptTable;
/** The value an ON CONFLICT DO UPDATE was about to insert into this column. */
const excluded = (column: PgColumn) => sql`excluded.${sql.identifier(column.name)}`;
const one = sql<number>`1`;

/**
 * Central's receipts and decisions in the order schema. Both are idempotent: a receipt only ever moves
 * forward, and a decision is applied once, keyed by its event id (JetStream delivers at least once).
 */
export class SyncRepo {
  constructor(private readonly pool: Pool) {}

  /**
   * Records the receipt and, for the sales stream, marks synced every pending order whose events (order and
   * payment) all sit at or below the committed sequence. An older receipt arriving late changes nothing.
   * Returns how many orders it marked.
   */
  async applyReceipt(r: Receipt, salesStream: string): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await lockReceipts(client);
      const { rowCount } = await dbOf(client).insert(receipts)
        .values({ stream: r.stream, committedSeq: r.committedSeq, committedAt: r.committedAt, ordersCommitted: r.ordersCommitted })
        .onConflictDoUpdate({
          target: receipts.stream,
          set: { committedSeq: excluded(receipts.committedSeq), committedAt: excluded(receipts.committedAt), ordersCommitted: excluded(receipts.ordersCommitted), receivedAt: sql`now()` },
          setWhere: lte(receipts.committedSeq, excluded(receipts.committedSeq)),
        });
      if (rowCount === 0 || r.stream !== salesStream) return 0;
      return markSynced(client, r.committedSeq, r.committedAt, null);
    });
  }

  /**
   * The other half of the race with `applyReceipt`: central's receipt can come back before the outbox relay has
   * written down the stream sequences of the events it covers (the relay marks a whole batch after its last
   * PubAck). Run in the relay's transaction that records them, for the orders of those events, against the
   * receipt already held - so an order is marked synced by whichever of the two comes last.
   */
  async markSyncedByHeldReceipt(client: PoolClient, salesStream: string, globalIds: string[]): Promise<number> {
    await lockReceipts(client);
    const [held] = await dbOf(client).select({ committedSeq: receipts.committedSeq, committedAt: receipts.committedAt })
      .from(receipts).where(eq(receipts.stream, salesStream));
    // Day-close events correlate to their Z report, not to an order.
    const orders = globalIds.filter((id) => uuidShape.test(id));
    return held && orders.length > 0 ? markSynced(client, held.committedSeq, held.committedAt, orders) : 0;
  }

  /**
   * Records the decision and applies its row changes in one transaction; false if it was applied before.
   * A numbering move touches a sequence (outside any transaction): the caller runs it, then records it here.
   */
  async applyDecision(eventId: string, reason: string, decidedAt: Date, action: DecisionAction): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      const globalId = 'globalId' in action ? action.globalId : null;
      const { rowCount } = await db.insert(decisionTable)
        .values({ eventId, kind: action.kind, globalId, reason, details: action.details, decidedAt })
        .onConflictDoNothing({ target: decisionTable.eventId });
      if (rowCount === 0) return false;
      const changed = { updatedAt: sql`now()`, version: sql`${orderTable.version} + 1` };
      if (action.kind === 'order_renamed') {
        await db.update(orderTable).set({ centralOrderNumber: action.centralNumber, ...changed }).where(eq(orderTable.globalId, action.globalId));
      } else if (action.kind === 'price_overridden') {
        await db.update(orderTable).set({ priceOverride: true, ...changed }).where(eq(orderTable.globalId, action.globalId));
      } else if (action.kind === 'review_requested') {
        const { reviewId, kind, subjectId, summary } = action.review;
        await db.insert(reviewTable).values({ reviewId, kind, subjectId, summary, requestedAt: decidedAt }).onConflictDoNothing({ target: reviewTable.reviewId });
      }
      return true;
    });
  }

  /** `/health` figures: orders central has not confirmed yet, the time of central's latest sales receipt, and
   * the events still in the outbox (committed, not yet in the store's JetStream). */
  async syncFigures(salesStream: string): Promise<{ pending_sync: number; last_sync: string | null; outbox_pending: number }> {
    const db = dbOf(this.pool);
    const [pending, [receipt], outbox] = await Promise.all([
      db.$count(orderTable, eq(orderTable.syncStatus, 'pending')),
      db.select({ committedAt: receipts.committedAt }).from(receipts).where(eq(receipts.stream, salesStream)),
      db.$count(outboxTable, isNull(outboxTable.publishedAt)),
    ]);
    return { pending_sync: pending, last_sync: receipt ? receipt.committedAt.toISOString() : null, outbox_pending: outbox };
  }
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Receipts and the relay's sequence marks take turns (one transaction-scoped advisory lock): without it each
 * could read the other's state from before its commit, and an order covered by both would stay pending.
 */
async function lockReceipts(client: PoolClient): Promise<void> {
  await dbOf(client).execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'orders.sync_receipts'}))`);
}

/** Marks synced the pending orders (all of them, or those named) whose every event sits at or below `committedSeq`. */
async function markSynced(client: PoolClient, committedSeq: number, committedAt: Date, globalIds: string[] | null): Promise<number> {
  const db = dbOf(client);
  const eventsOf = eq(outboxTable.correlationId, sql`${orderTable.globalId}::text`);
  const marked = await db.update(orderTable)
    .set({ syncStatus: 'synced', syncedAt: committedAt, updatedAt: sql`now()`, version: sql`${orderTable.version} + 1` })
    .where(and(
      eq(orderTable.syncStatus, 'pending'),
      globalIds === null ? undefined : inArray(orderTable.globalId, globalIds),
      exists(db.select({ one }).from(outboxTable).where(eventsOf)),
      notExists(db.select({ one }).from(outboxTable).where(and(eventsOf, or(isNull(outboxTable.publishedSeq), gt(outboxTable.publishedSeq, committedSeq))))),
    ));
  return marked.rowCount ?? 0;
}
