import { inTransaction, type Pool } from '@kiosk/kit';

export interface TicketCursor {
  createdAt: string;
  id: string;
}

/** Old tickets that left the rail, read in (created_at, id) order, and their deletion with their events; old outbox rows central has. */
export class TicketRetentionRepo {
  constructor(private readonly pool: Pool) {}

  /** The next candidates after `after` (the rule of domain/retention.ts ticketMayBeOffered, in SQL). */
  async candidates(before: Date, after: TicketCursor | null, limit: number): Promise<Array<{ id: string; globalId: string; createdAt: string }>> {
    const { rows } = await this.pool.query<{ id: string; global_id: string; created_at: Date }>(
      `SELECT id, global_id, created_at FROM kitchen.tickets
        WHERE status IN ('served', 'cancelled') AND created_at < $1
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [before, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({ id: r.id, globalId: r.global_id, createdAt: r.created_at.toISOString() }));
  }

  /** Deletes these tickets (only if still off the rail), their events and their orders' paid marks; returns tickets deleted. */
  async delete(ticketIds: string[]): Promise<number> {
    if (ticketIds.length === 0) return 0;
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string; global_id: string }>(
        `SELECT id, global_id FROM kitchen.tickets WHERE id = ANY($1::uuid[]) AND status IN ('served', 'cancelled') FOR UPDATE`, [ticketIds]);
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return 0;
      // The log's trigger lets only retention delete (migration 0004), and only inside this transaction.
      await client.query(`SET LOCAL kiosk.retention = 'on'`);
      await client.query('DELETE FROM kitchen.ticket_events WHERE ticket_id = ANY($1::uuid[])', [ids]);
      await client.query('DELETE FROM kitchen.order_payments WHERE global_id = ANY($1::uuid[])', [rows.map((r) => r.global_id)]);
      const deleted = await client.query('DELETE FROM kitchen.tickets WHERE id = ANY($1::uuid[])', [ids]);
      return deleted.rowCount ?? 0;
    });
  }

  /** One batch of outbox rows created before `before`, published at a sequence central has committed (`mark`). */
  async pruneOutbox(before: Date, mark: number, batchSize: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM kitchen.outbox WHERE id IN (
         SELECT id FROM kitchen.outbox
          WHERE created_at < $1 AND published_at IS NOT NULL AND published_seq IS NOT NULL AND published_seq <= $2
          ORDER BY id LIMIT $3)`,
      [before, mark, batchSize],
    );
    return rowCount ?? 0;
  }
}
