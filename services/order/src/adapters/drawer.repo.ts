import type { CashMovementView, ShiftView, ZReportView } from '@kiosk/contracts';
import { enqueueEvents, type OutboxEvent, type Pool, type PoolClient } from '@kiosk/kit';
import type { DrawerFlows } from '../domain/counter/drawer.js';
import type { DayOrder, DayReversal } from '../domain/counter/z-report.js';
import { OUTBOX } from './order.repo.js';

export interface ShiftRow {
  shiftId: string; businessDay: string; status: 'open' | 'closed'; float: number; openedBy: string; openedAt: Date;
  expected: number | null; counted: number | null; closedAt: Date | null;
}

const SHIFT_COLUMNS = `shift_id AS "shiftId", to_char(business_day, 'YYYY-MM-DD') AS "businessDay", status, float::float8 AS float,
  opened_by AS "openedBy", opened_at AS "openedAt", expected::float8 AS expected, counted::float8 AS counted, closed_at AS "closedAt"`;

/** The cash drawer and the day close in the order schema. Writes run in the caller's transaction. */
export const drawerRepo = {
  /** The open shift, locked for the rest of the transaction (a close and a cash payment take turns). */
  async openShift(client: PoolClient): Promise<ShiftRow | null> {
    const { rows } = await client.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM orders.drawer_shifts WHERE status = 'open' FOR UPDATE`);
    return rows[0] ?? null;
  },

  async shift(db: Pool | PoolClient, shiftId: string): Promise<ShiftRow | null> {
    const { rows } = await db.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM orders.drawer_shifts WHERE shift_id = $1`, [shiftId]);
    return rows[0] ?? null;
  },

  async latestShift(db: Pool | PoolClient): Promise<ShiftRow | null> {
    const { rows } = await db.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM orders.drawer_shifts ORDER BY opened_at DESC LIMIT 1`);
    return rows[0] ?? null;
  },

  /** False when another shift is open (the partial unique index refuses a second one). */
  async open(client: PoolClient, s: { shiftId: string; businessDay: string; float: number; openedBy: string; openedAt: string }): Promise<boolean> {
    const r = await client.query(
      `INSERT INTO orders.drawer_shifts (shift_id, business_day, status, float, opened_by, opened_at) VALUES ($1, $2, 'open', $3, $4, $5)
       ON CONFLICT DO NOTHING`, [s.shiftId, s.businessDay, s.float, s.openedBy, s.openedAt]);
    return r.rowCount === 1;
  },

  async movements(db: Pool | PoolClient, shiftId: string): Promise<CashMovementView[]> {
    const { rows } = await db.query<CashMovementView & { at: Date }>(
      `SELECT movement_id AS "movementId", direction, amount::float8 AS amount, reason, moved_at AS at
         FROM orders.drawer_movements WHERE shift_id = $1 ORDER BY moved_at, movement_id`, [shiftId]);
    return rows.map((m) => ({ ...m, at: new Date(m.at).toISOString() }));
  },

  /** Whether the movement was new (a repeat of its id changes nothing). */
  async move(client: PoolClient, m: { movementId: string; shiftId: string; direction: 'in' | 'out'; amount: number; reason: string; by: string; at: string }): Promise<boolean> {
    const r = await client.query(
      `INSERT INTO orders.drawer_movements (movement_id, shift_id, direction, amount, reason, moved_by, moved_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (movement_id) DO NOTHING`, [m.movementId, m.shiftId, m.direction, m.amount, m.reason, m.by, m.at]);
    return r.rowCount === 1;
  },

  /** The cash that went through the drawer during a shift. */
  async flows(db: Pool | PoolClient, shift: ShiftRow): Promise<DrawerFlows> {
    const { rows } = await db.query<{ sales: number; refunds: number; cash_in: number; cash_out: number }>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM orders.settlements WHERE shift_id = $1)::float8 AS sales,
              (SELECT coalesce(sum(amount), 0) FROM orders.reversals WHERE shift_id = $1 AND kind = 'refund')::float8 AS refunds,
              (SELECT coalesce(sum(amount), 0) FROM orders.drawer_movements WHERE shift_id = $1 AND direction = 'in')::float8 AS cash_in,
              (SELECT coalesce(sum(amount), 0) FROM orders.drawer_movements WHERE shift_id = $1 AND direction = 'out')::float8 AS cash_out`,
      [shift.shiftId]);
    const r = rows[0]!;
    return { float: shift.float, cashSales: r.sales, cashRefunds: r.refunds, cashIn: r.cash_in, cashOut: r.cash_out };
  },

  async close(client: PoolClient, c: { shiftId: string; expected: number; counted: number; closedBy: string; closedAt: string }): Promise<void> {
    await client.query(
      `UPDATE orders.drawer_shifts SET status = 'closed', expected = $2, counted = $3, closed_by = $4, closed_at = $5 WHERE shift_id = $1 AND status = 'open'`,
      [c.shiftId, c.expected, c.counted, c.closedBy, c.closedAt]);
  },

  async closedShifts(db: Pool | PoolClient, day: string): Promise<ShiftRow[]> {
    const { rows } = await db.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM orders.drawer_shifts WHERE business_day = $1 AND status = 'closed' ORDER BY opened_at`, [day]);
    return rows;
  },

  /** The day's orders with their payment as collected (a settlement, or a card approved at the kiosk). */
  async dayOrders(db: Pool | PoolClient, day: string): Promise<DayOrder[]> {
    const { rows } = await db.query<{ order_number: string; status: DayOrder['status']; total: number; tax: number; service_charge: number;
      method: string | null; amount: number | null; rounding: number | null }>(
      `SELECT o.order_number, o.status, o.total::float8 AS total, o.tax::float8 AS tax, o.service_charge::float8 AS service_charge,
              coalesce(s.method, CASE WHEN p.status = 'approved' THEN p.method END) AS method,
              coalesce(s.amount, CASE WHEN p.status = 'approved' THEN p.amount END)::float8 AS amount,
              coalesce(s.rounding, 0)::float8 AS rounding
         FROM orders.orders o JOIN orders.payments p ON p.global_id = o.global_id
         LEFT JOIN orders.settlements s ON s.global_id = o.global_id
        WHERE o.business_day = $1 ORDER BY o.day_sequence`, [day]);
    return rows.map((r) => ({
      orderNumber: r.order_number, status: r.status, total: r.total, tax: r.tax, serviceCharge: r.service_charge,
      payment: r.method === null ? null : { method: r.method as 'cash', amount: r.amount!, rounding: r.rounding! },
    }));
  },

  async dayReversals(db: Pool | PoolClient, day: string): Promise<DayReversal[]> {
    const { rows } = await db.query<DayReversal>(`SELECT kind, amount::float8 AS amount FROM orders.reversals WHERE business_day = $1 ORDER BY reversed_at`, [day]);
    return rows;
  },

  async zReport(db: Pool | PoolClient, day: string): Promise<string | null> {
    const { rows } = await db.query<{ report: string }>('SELECT report::text AS report FROM orders.day_closes WHERE business_day = $1', [day]);
    return rows[0]?.report ?? null;
  },

  /** Records the day's close and its event; false if the day was closed already (the first close stands). */
  async closeDay(client: PoolClient, z: ZReportView, event: OutboxEvent): Promise<boolean> {
    const r = await client.query(
      `INSERT INTO orders.day_closes (business_day, report, closed_by, closed_at) VALUES ($1, $2::json, $3, $4) ON CONFLICT DO NOTHING`,
      [z.businessDay, JSON.stringify(z), z.closedBy, z.closedAt]);
    if (r.rowCount !== 1) return false;
    await enqueueEvents(client, OUTBOX, [event]);
    return true;
  },
};

export type { ShiftView };
