import { and, asc, eq, gt, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { dbOf, inTransaction, type Pool } from '@kiosk/kit';
import { orderPayments, outbox, ticketEvents, tickets } from './db/schema.js';

export interface TicketCursor {
  createdAt: string;
  id: string;
}

const offTheRail = inArray(tickets.status, ['served', 'cancelled']);

/** Old tickets that left the rail, read in (created_at, id) order, and their deletion with their events; old outbox rows central has. */
export class TicketRetentionRepo {
  constructor(private readonly pool: Pool) {}

  /** The next candidates after `after` (the rule of domain/retention.ts ticketMayBeOffered, in SQL). */
  async candidates(before: Date, after: TicketCursor | null, limit: number): Promise<Array<{ id: string; globalId: string; createdAt: string }>> {
    const rows = await dbOf(this.pool).select({ id: tickets.id, globalId: tickets.globalId, createdAt: tickets.createdAt }).from(tickets)
      .where(and(offTheRail, lt(tickets.createdAt, before.toISOString()), after === null ? undefined : or(
        gt(tickets.createdAt, after.createdAt), and(eq(tickets.createdAt, after.createdAt), gt(tickets.id, after.id)))))
      .orderBy(asc(tickets.createdAt), asc(tickets.id)).limit(limit);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Deletes these tickets (only if still off the rail), their events and their orders' paid marks; returns tickets deleted. */
  async delete(ticketIds: string[]): Promise<number> {
    if (ticketIds.length === 0) return 0;
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      const rows = await db.select({ id: tickets.id, globalId: tickets.globalId }).from(tickets)
        .where(and(inArray(tickets.id, ticketIds), offTheRail)).for('update');
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return 0;
      // The log's trigger lets only retention delete (migration 0004), and only inside this transaction.
      await db.execute(sql`SET LOCAL kiosk.retention = 'on'`);
      await db.delete(ticketEvents).where(inArray(ticketEvents.ticketId, ids));
      await db.delete(orderPayments).where(inArray(orderPayments.globalId, rows.map((r) => r.globalId)));
      const deleted = await db.delete(tickets).where(inArray(tickets.id, ids));
      return deleted.rowCount ?? 0;
    });
  }

  /** One batch of outbox rows created before `before`, published at a sequence central has committed (`mark`). */
  async pruneOutbox(before: Date, mark: number, batchSize: number): Promise<number> {
    const db = dbOf(this.pool);
    const e = alias(outbox, 'e');
    const { rowCount } = await db.delete(outbox).where(inArray(outbox.id, db.select({ id: e.id }).from(e).where(and(
      lt(e.createdAt, before.toISOString()), isNotNull(e.publishedAt), isNotNull(e.publishedSeq), lte(e.publishedSeq, mark),
    )).orderBy(asc(e.id)).limit(batchSize)));
    return rowCount ?? 0;
  }
}
