import { inTransaction, type Pool, type PoolClient } from '@kiosk/kit';
import type { DecisionAction, Receipt } from '../domain/central-sync.js';
import { OUTBOX } from './order.repo.js';

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
      const { rowCount } = await client.query(
        `INSERT INTO orders.sync_receipts (stream, committed_seq, committed_at, orders_committed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (stream) DO UPDATE SET committed_seq = EXCLUDED.committed_seq, committed_at = EXCLUDED.committed_at,
           orders_committed = EXCLUDED.orders_committed, received_at = now()
         WHERE orders.sync_receipts.committed_seq <= EXCLUDED.committed_seq`,
        [r.stream, r.committedSeq, r.committedAt, r.ordersCommitted],
      );
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
    const { rows } = await client.query<{ committed_seq: string; committed_at: Date }>(
      'SELECT committed_seq, committed_at FROM orders.sync_receipts WHERE stream = $1', [salesStream]);
    const held = rows[0];
    // Day-close events correlate to their Z report, not to an order.
    const orders = globalIds.filter((id) => uuidShape.test(id));
    return held && orders.length > 0 ? markSynced(client, Number(held.committed_seq), held.committed_at, orders) : 0;
  }

  /**
   * Records the decision and applies its row changes in one transaction; false if it was applied before.
   * A numbering move touches a sequence (outside any transaction): the caller runs it, then records it here.
   */
  async applyDecision(eventId: string, reason: string, decidedAt: Date, action: DecisionAction): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const globalId = 'globalId' in action ? action.globalId : null;
      const { rowCount } = await client.query(
        `INSERT INTO orders.decisions (event_id, kind, global_id, reason, details, decided_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id) DO NOTHING`,
        [eventId, action.kind, globalId, reason, JSON.stringify(action.details), decidedAt],
      );
      if (rowCount === 0) return false;
      if (action.kind === 'order_renamed') {
        await client.query(
          `UPDATE orders.orders SET central_order_number = $2, updated_at = now(), version = version + 1 WHERE global_id = $1`,
          [action.globalId, action.centralNumber],
        );
      } else if (action.kind === 'price_overridden') {
        await client.query(
          `UPDATE orders.orders SET price_override = true, updated_at = now(), version = version + 1 WHERE global_id = $1`,
          [action.globalId],
        );
      } else if (action.kind === 'review_requested') {
        await client.query(
          `INSERT INTO orders.reviews (review_id, kind, subject_id, summary, requested_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (review_id) DO NOTHING`,
          [action.review.reviewId, action.review.kind, action.review.subjectId, action.review.summary, decidedAt],
        );
      }
      return true;
    });
  }

  /** `/health` figures: orders central has not confirmed yet, the time of central's latest sales receipt, and
   * the events still in the outbox (committed, not yet in the store's JetStream). */
  async syncFigures(salesStream: string): Promise<{ pending_sync: number; last_sync: string | null; outbox_pending: number }> {
    const { rows } = await this.pool.query<{ pending: number; last: Date | null; outbox: number }>(
      `SELECT (SELECT count(*) FROM orders.orders WHERE sync_status = 'pending')::int AS pending,
              (SELECT committed_at FROM orders.sync_receipts WHERE stream = $1) AS last,
              (SELECT count(*) FROM ${OUTBOX.table} WHERE published_at IS NULL)::int AS outbox`,
      [salesStream],
    );
    const r = rows[0];
    return { pending_sync: r?.pending ?? 0, last_sync: r?.last ? r.last.toISOString() : null, outbox_pending: r?.outbox ?? 0 };
  }
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Receipts and the relay's sequence marks take turns (one transaction-scoped advisory lock): without it each
 * could read the other's state from before its commit, and an order covered by both would stay pending.
 */
async function lockReceipts(client: PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('orders.sync_receipts'))`);
}

/** Marks synced the pending orders (all of them, or those named) whose every event sits at or below `committedSeq`. */
async function markSynced(client: PoolClient, committedSeq: number, committedAt: Date, globalIds: string[] | null): Promise<number> {
  const marked = await client.query(
    `UPDATE orders.orders o SET sync_status = 'synced', synced_at = $2, updated_at = now(), version = o.version + 1
      WHERE o.sync_status = 'pending'
        AND ($3::uuid[] IS NULL OR o.global_id = ANY($3::uuid[]))
        AND EXISTS (SELECT 1 FROM ${OUTBOX.table} e WHERE e.correlation_id = o.global_id::text)
        AND NOT EXISTS (SELECT 1 FROM ${OUTBOX.table} e WHERE e.correlation_id = o.global_id::text
                         AND (e.published_seq IS NULL OR e.published_seq > $1))`,
    [committedSeq, committedAt, globalIds],
  );
  return marked.rowCount ?? 0;
}
