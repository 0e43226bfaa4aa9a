import type { ClientBase, Pool } from 'pg';
import type { Ticket, TicketLine } from '../domain/ticket.js';
import type { StatsTicket } from '../domain/kitchen-stats.js';
import type { OrderMode, TicketStatus } from '@kiosk/contracts';

type Db = Pool | ClientBase;

interface TicketRow {
  id: string; global_id: string; order_number: string; business_day: string; status: TicketStatus; version: number;
  mode: OrderMode; customer_name: string | null; notes: string | null; lines: TicketLine[]; paid: boolean;
  created_at: Date; updated_at: Date; started_at: Date | null; ready_at: Date | null; served_at: Date | null; cancelled_at: Date | null;
}

const columns = `id, global_id, order_number, business_day, status, version, mode, customer_name, notes, lines, paid,
  created_at, updated_at, started_at, ready_at, served_at, cancelled_at`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id, globalId: r.global_id, orderNumber: r.order_number, businessDay: r.business_day, status: r.status,
    version: r.version, mode: r.mode, customerName: r.customer_name, notes: r.notes, lines: r.lines, paid: r.paid,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), startedAt: iso(r.started_at),
    readyAt: iso(r.ready_at), servedAt: iso(r.served_at), cancelledAt: iso(r.cancelled_at),
  };
}

/** Tickets in Postgres: plain SQL, because the one write that matters is a conditional UPDATE on version. */
export const ticketRepo = {
  /** Inserts the ticket unless its order already has one; true when this call created it. */
  async insertIfNew(db: Db, t: Ticket): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO kitchen.tickets (id, global_id, order_number, business_day, status, version, mode, customer_name, notes,
         lines, created_at, updated_at, paid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
         $13 OR EXISTS (SELECT 1 FROM kitchen.order_payments WHERE global_id = $2))
       ON CONFLICT (global_id) DO NOTHING`,
      [t.id, t.globalId, t.orderNumber, t.businessDay, t.status, t.version, t.mode, t.customerName, t.notes,
        JSON.stringify(t.lines), t.createdAt, t.updatedAt, t.paid],
    );
    return rowCount === 1;
  },

  async findByGlobalId(db: Db, globalId: string): Promise<Ticket | null> {
    const { rows } = await db.query<TicketRow>(`SELECT ${columns} FROM kitchen.tickets WHERE global_id = $1 FOR UPDATE`, [globalId]);
    return rows[0] ? toTicket(rows[0]) : null;
  },

  /**
   * Serialises the order's ticket creation and its payment (two consumers): without it, each transaction could
   * miss the other's uncommitted row and leave a paid order's ticket unpaid. Held until the transaction ends.
   */
  async lockOrder(db: Db, globalId: string): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kitchen-order:${globalId}`]);
  },

  /** Records that the order is paid; false if this payment was known already. */
  async recordPayment(db: Db, p: { globalId: string; eventId: string; paidAt: string }): Promise<boolean> {
    const { rowCount } = await db.query(
      'INSERT INTO kitchen.order_payments (global_id, event_id, paid_at) VALUES ($1, $2, $3) ON CONFLICT (global_id) DO NOTHING',
      [p.globalId, p.eventId, p.paidAt]);
    return rowCount === 1;
  },

  /** The open tickets of a business day, locked; nothing when the day was closed out before (recorded once). */
  async openOfClosingDay(db: Db, businessDay: string, closedAt: string): Promise<Ticket[] | null> {
    const { rowCount } = await db.query(
      'INSERT INTO kitchen.closed_days (business_day, closed_at, tickets_closed_out) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [businessDay, closedAt]);
    if (rowCount !== 1) return null;
    const { rows } = await db.query<TicketRow>(
      `SELECT ${columns} FROM kitchen.tickets WHERE business_day = $1 AND status IN ('new', 'preparing', 'ready') ORDER BY created_at FOR UPDATE`, [businessDay]);
    await db.query('UPDATE kitchen.closed_days SET tickets_closed_out = $2 WHERE business_day = $1', [businessDay, rows.length]);
    return rows.map(toTicket);
  },

  async findById(db: Db, id: string): Promise<Ticket | null> {
    const { rows } = await db.query<TicketRow>(`SELECT ${columns} FROM kitchen.tickets WHERE id = $1`, [id]);
    return rows[0] ? toTicket(rows[0]) : null;
  },

  /**
   * Writes `next` only if the row is still at `fromVersion`. Two displays acting at once both read version N;
   * Postgres lets exactly one UPDATE match (the other waits for the row lock, then sees N+1 and matches nothing).
   */
  async updateIfVersion(db: Db, next: Ticket, fromVersion: number): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE kitchen.tickets SET status = $3, version = $4, lines = $5, updated_at = $6, started_at = $7, ready_at = $8,
         served_at = $9, cancelled_at = $10, paid = $11 WHERE id = $1 AND version = $2`,
      [next.id, fromVersion, next.status, next.version, JSON.stringify(next.lines), next.updatedAt, next.startedAt,
        next.readyAt, next.servedAt, next.cancelledAt, next.paid],
    );
    return rowCount === 1;
  },

  /** Open tickets oldest first, then those closed since `closedSince` (served or cancelled), oldest first. */
  async board(db: Db, closedSince: string): Promise<Ticket[]> {
    const { rows } = await db.query<TicketRow>(
      `SELECT ${columns} FROM kitchen.tickets
        WHERE status IN ('new', 'preparing', 'ready') OR (status IN ('served', 'cancelled') AND updated_at >= $1)
        ORDER BY (status IN ('served', 'cancelled')), created_at, id`,
      [closedSince],
    );
    return rows.map(toTicket);
  },

  async pickup(db: Db): Promise<Ticket[]> {
    const { rows } = await db.query<TicketRow>(
      `SELECT ${columns} FROM kitchen.tickets WHERE status IN ('new', 'preparing', 'ready') ORDER BY created_at, id`,
    );
    return rows.map(toTicket);
  },

  /** The business day the order service stamped on the newest ticket (the kitchen has no clock rules of its own). */
  async latestBusinessDay(db: Db): Promise<string | null> {
    const { rows } = await db.query<{ business_day: string }>(
      'SELECT business_day FROM kitchen.tickets ORDER BY created_at DESC LIMIT 1',
    );
    return rows[0]?.business_day ?? null;
  },

  async forStats(db: Db, businessDay: string): Promise<StatsTicket[]> {
    const { rows } = await db.query<{ status: TicketStatus; created_at: Date; ready_at: Date | null }>(
      'SELECT status, created_at, ready_at FROM kitchen.tickets WHERE business_day = $1',
      [businessDay],
    );
    return rows.map((r) => ({ status: r.status, createdAt: r.created_at.toISOString(), readyAt: iso(r.ready_at) }));
  },
};

export interface TicketEventRow {
  ticketId: string;
  version: number;
  action: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus;
  lineIndex?: number;
  lineDone?: boolean;
  actor: string;
  at: string;
}

/** The append-only log: one row per version, so the history of a ticket is never rewritten. */
export async function appendTicketEvent(db: Db, e: TicketEventRow): Promise<void> {
  await db.query(
    `INSERT INTO kitchen.ticket_events (ticket_id, version, action, from_status, to_status, line_index, line_done, actor, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.ticketId, e.version, e.action, e.fromStatus, e.toStatus, e.lineIndex ?? null, e.lineDone ?? null, e.actor, e.at],
  );
}
