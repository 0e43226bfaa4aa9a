import { inTransaction, type Pool } from '@kiosk/kit';
import { OUTBOX } from './order.repo.js';

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
    const { rows } = await this.pool.query<{ committed_seq: number }>('SELECT committed_seq FROM orders.sync_receipts WHERE stream = $1', [this.kitchenStream]);
    return rows[0]?.committed_seq ?? null;
  }

  /** One batch of orders of business days before `cutoffDay`; returns how many orders it deleted. */
  async pruneOrders(cutoffDay: string, batchSize: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ global_id: string }>(
        `WITH receipt AS (SELECT committed_seq FROM orders.sync_receipts WHERE stream = $2)
         SELECT o.global_id FROM orders.orders o
          WHERE o.business_day < $1::date AND o.sync_status = 'synced' AND EXISTS (SELECT 1 FROM receipt)
            AND NOT EXISTS (SELECT 1 FROM orders.offline_card_payments c WHERE c.global_id = o.global_id)
            AND EXISTS (SELECT 1 FROM ${OUTBOX.table} e WHERE e.correlation_id = o.global_id::text)
            AND NOT EXISTS (SELECT 1 FROM ${OUTBOX.table} e WHERE e.correlation_id = o.global_id::text
                             AND (e.published_at IS NULL OR e.published_seq IS NULL OR e.published_seq > (SELECT committed_seq FROM receipt)))
          ORDER BY o.business_day LIMIT $3 FOR UPDATE OF o SKIP LOCKED`,
        [cutoffDay, this.salesStream, batchSize],
      );
      const ids = rows.map((r) => r.global_id);
      if (ids.length === 0) return 0;
      for (const table of ['order_lines', 'settlements', 'reversals', 'payments']) {
        await client.query(`DELETE FROM orders.${table} WHERE global_id = ANY($1::uuid[])`, [ids]);
      }
      await client.query(`DELETE FROM ${OUTBOX.table} WHERE correlation_id = ANY($1::text[])`, [ids]);
      const deleted = await client.query(`DELETE FROM orders.orders WHERE global_id = ANY($1::uuid[])`, [ids]);
      return deleted.rowCount ?? 0;
    });
  }

  /**
   * Of these orders, the ones whose tickets may go: synced and of a business day before the cutoff, or no
   * longer here (only retention deletes an order, and only such a one). With retention off, only the latter.
   */
  async prunableForKitchen(globalIds: string[], cutoffDay: string | null): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT g.id FROM unnest($1::uuid[]) AS g(id)
        WHERE NOT EXISTS (SELECT 1 FROM orders.orders o WHERE o.global_id = g.id
                           AND (o.sync_status <> 'synced' OR $2::date IS NULL OR o.business_day >= $2::date))`,
      [globalIds, cutoffDay],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One batch of outbox rows created before `before` and covered by the receipt, whose order (if any) is gone:
   * an order still here keeps its events, which the rule above reads.
   */
  async pruneOutbox(before: Date, batchSize: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH receipt AS (SELECT committed_seq FROM orders.sync_receipts WHERE stream = $2)
       DELETE FROM ${OUTBOX.table} WHERE id IN (
         SELECT e.id FROM ${OUTBOX.table} e
          WHERE e.created_at < $1 AND e.published_at IS NOT NULL AND e.published_seq IS NOT NULL
            AND e.published_seq <= (SELECT committed_seq FROM receipt)
            AND NOT EXISTS (SELECT 1 FROM orders.orders o WHERE o.global_id::text = e.correlation_id)
          ORDER BY e.id LIMIT $3)`,
      [before, this.salesStream, batchSize],
    );
    return rowCount ?? 0;
  }
}
