import { and, asc, desc, eq, exists, gte, inArray, or, sql } from 'drizzle-orm';
import { dbOf, type Pool, type PoolClient } from '@kiosk/kit';
import type { Ticket } from '../domain/ticket.js';
import type { StatsTicket } from '../domain/kitchen-stats.js';
import { closedDays, orderPayments, ticketEvents, tickets } from './db/schema.js';

type Db = Pool | PoolClient;
type TicketRow = typeof tickets.$inferSelect;

const open = inArray(tickets.status, ['new', 'preparing', 'ready']);
const closed = inArray(tickets.status, ['served', 'cancelled']);
/** Timestamps come as Postgres writes them (`2026-11-25 12:00:00.123+00`); the contract speaks ISO 8601. */
const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id, globalId: r.globalId, orderNumber: r.orderNumber, businessDay: r.businessDay, status: r.status,
    version: r.version, mode: r.mode, customerName: r.customerName, notes: r.notes, lines: r.lines, paid: r.paid,
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!, startedAt: iso(r.startedAt),
    readyAt: iso(r.readyAt), servedAt: iso(r.servedAt), cancelledAt: iso(r.cancelledAt),
  };
}

/** Tickets in Postgres; the one write that matters is a conditional UPDATE on version. */
export const ticketRepo = {
  /**
   * Inserts the ticket unless its order already has one: the ticket as stored (its `paid` may come from a payment
   * recorded first) when this call created it, null when the order had one. One round trip, no read after it.
   */
  async insertIfNew(db: Db, t: Ticket): Promise<Ticket | null> {
    const d = dbOf(db);
    const paymentKnown = exists(d.select({ one: sql`1` }).from(orderPayments).where(eq(orderPayments.globalId, t.globalId)));
    const [row] = await d.insert(tickets).values({
      id: t.id, globalId: t.globalId, orderNumber: t.orderNumber, businessDay: t.businessDay, status: t.status, version: t.version,
      mode: t.mode, customerName: t.customerName, notes: t.notes, lines: t.lines, createdAt: t.createdAt, updatedAt: t.updatedAt,
      paid: sql`${t.paid}::boolean OR ${paymentKnown}`,
    }).onConflictDoNothing({ target: tickets.globalId }).returning();
    return row ? toTicket(row) : null;
  },

  async findByGlobalId(db: Db, globalId: string): Promise<Ticket | null> {
    const [row] = await dbOf(db).select().from(tickets).where(eq(tickets.globalId, globalId)).for('update');
    return row ? toTicket(row) : null;
  },

  /**
   * Serialises the order's ticket creation and its payment (two consumers): without it, each transaction could
   * miss the other's uncommitted row and leave a paid order's ticket unpaid. Held until the transaction ends.
   */
  async lockOrder(db: Db, globalId: string): Promise<void> {
    await dbOf(db).execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kitchen-order:${globalId}`}))`);
  },

  /** Records that the order is paid; false if this payment was known already. */
  async recordPayment(db: Db, p: { globalId: string; eventId: string; paidAt: string }): Promise<boolean> {
    const { rowCount } = await dbOf(db).insert(orderPayments).values(p).onConflictDoNothing({ target: orderPayments.globalId });
    return rowCount === 1;
  },

  /** The open tickets of a business day, locked; nothing when the day was closed out before (recorded once). */
  async openOfClosingDay(db: Db, businessDay: string, closedAt: string): Promise<Ticket[] | null> {
    const d = dbOf(db);
    const { rowCount } = await d.insert(closedDays).values({ businessDay, closedAt, ticketsClosedOut: 0 }).onConflictDoNothing();
    if (rowCount !== 1) return null;
    const rows = await d.select().from(tickets).where(and(eq(tickets.businessDay, businessDay), open)).orderBy(asc(tickets.createdAt)).for('update');
    await d.update(closedDays).set({ ticketsClosedOut: rows.length }).where(eq(closedDays.businessDay, businessDay));
    return rows.map(toTicket);
  },

  async findById(db: Db, id: string): Promise<Ticket | null> {
    const [row] = await dbOf(db).select().from(tickets).where(eq(tickets.id, id));
    return row ? toTicket(row) : null;
  },

  /**
   * Writes `next` only if the row is still at `fromVersion`. Two displays acting at once both read version N;
   * Postgres lets exactly one UPDATE match (the other waits for the row lock, then sees N+1 and matches nothing).
   */
  async updateIfVersion(db: Db, next: Ticket, fromVersion: number): Promise<boolean> {
    const { rowCount } = await dbOf(db).update(tickets).set({
      status: next.status, version: next.version, lines: next.lines, updatedAt: next.updatedAt, startedAt: next.startedAt,
      readyAt: next.readyAt, servedAt: next.servedAt, cancelledAt: next.cancelledAt, paid: next.paid,
    }).where(and(eq(tickets.id, next.id), eq(tickets.version, fromVersion)));
    return rowCount === 1;
  },

  /** Open tickets oldest first, then those closed since `closedSince` (served or cancelled), oldest first. */
  async board(db: Db, closedSince: string): Promise<Ticket[]> {
    const rows = await dbOf(db).select().from(tickets).where(or(open, and(closed, gte(tickets.updatedAt, closedSince))))
      .orderBy(asc(closed), asc(tickets.createdAt), asc(tickets.id));
    return rows.map(toTicket);
  },

  async pickup(db: Db): Promise<Ticket[]> {
    const rows = await dbOf(db).select().from(tickets).where(open).orderBy(asc(tickets.createdAt), asc(tickets.id));
    return rows.map(toTicket);
  },

  /** The business day the order service stamped on the newest ticket (the kitchen has no clock rules of its own). */
  async latestBusinessDay(db: Db): Promise<string | null> {
    const [row] = await dbOf(db).select({ businessDay: tickets.businessDay }).from(tickets).orderBy(desc(tickets.createdAt)).limit(1);
    return row?.businessDay ?? null;
  },

  async forStats(db: Db, businessDay: string): Promise<StatsTicket[]> {
    const rows = await dbOf(db).select({ status: tickets.status, createdAt: tickets.createdAt, readyAt: tickets.readyAt })
      .from(tickets).where(eq(tickets.businessDay, businessDay));
    return rows.map((r) => ({ status: r.status, createdAt: iso(r.createdAt)!, readyAt: iso(r.readyAt) }));
  },
};

/** One row of the ticket log, as written (its id is the table's own). */
export type TicketEventRow = Omit<typeof ticketEvents.$inferInsert, 'id'>;

/** The append-only log: one row per version, so the history of a ticket is never rewritten. */
export async function appendTicketEvent(db: Db, e: TicketEventRow): Promise<void> {
  await dbOf(db).insert(ticketEvents).values(e);
}
