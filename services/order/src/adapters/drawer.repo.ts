import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { CashMovementView, ShiftView, ZReportView } from '@kiosk/contracts';
import { dbOf, enqueueEvents, type OutboxEvent, type Pool, type PoolClient } from '@kiosk/kit';
import type { DrawerFlows } from '../domain/counter/drawer.js';
import type { DayOrder, DayReversal } from '../domain/counter/z-report.js';
import { dayCloseTable, drawerMovementTable, drawerShiftTable, orderTable, paymentTable, reversalTable, settlementTable } from './db/schema.js';
import { OUTBOX } from './order.repo.js';

export type ShiftRow = typeof drawerShiftTable.$inferSelect;

/** A sum of money in one table, 0 when nothing matches. */
const total = (amount: PgColumn, table: PgTable, where: SQL | undefined) =>
  sql<number>`(SELECT coalesce(sum(${amount}), 0) FROM ${table} WHERE ${where})`.mapWith(Number);

/** The cash drawer and the day close in the order schema. Writes run in the caller's transaction. */
export const drawerRepo = {
  /** The open shift, locked for the rest of the transaction (a close and a cash payment take turns). */
  async openShift(client: PoolClient): Promise<ShiftRow | null> {
    const [row] = await dbOf(client).select().from(drawerShiftTable).where(eq(drawerShiftTable.status, 'open')).for('update');
    return row ?? null;
  },

  async shift(db: Pool | PoolClient, shiftId: string): Promise<ShiftRow | null> {
    const [row] = await dbOf(db).select().from(drawerShiftTable).where(eq(drawerShiftTable.shiftId, shiftId));
    return row ?? null;
  },

  async latestShift(db: Pool | PoolClient): Promise<ShiftRow | null> {
    const [row] = await dbOf(db).select().from(drawerShiftTable).orderBy(desc(drawerShiftTable.openedAt)).limit(1);
    return row ?? null;
  },

  /** False when another shift is open (the partial unique index refuses a second one). */
  async open(client: PoolClient, s: { shiftId: string; businessDay: string; float: number; openedBy: string; openedAt: string }): Promise<boolean> {
    const opened = await dbOf(client).insert(drawerShiftTable)
      .values({ ...s, status: 'open', openedAt: new Date(s.openedAt) })
      .onConflictDoNothing().returning({ shiftId: drawerShiftTable.shiftId });
    return opened.length === 1;
  },

  async movements(db: Pool | PoolClient, shiftId: string): Promise<CashMovementView[]> {
    const m = drawerMovementTable;
    const rows = await dbOf(db).select({ movementId: m.movementId, direction: m.direction, amount: m.amount, reason: m.reason, at: m.movedAt })
      .from(m).where(eq(m.shiftId, shiftId)).orderBy(asc(m.movedAt), asc(m.movementId));
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  },

  /** Whether the movement was new (a repeat of its id changes nothing). */
  async move(client: PoolClient, m: { movementId: string; shiftId: string; direction: 'in' | 'out'; amount: number; reason: string; by: string; at: string }): Promise<boolean> {
    const moved = await dbOf(client).insert(drawerMovementTable).values({
      movementId: m.movementId, shiftId: m.shiftId, direction: m.direction, amount: m.amount, reason: m.reason, movedBy: m.by, movedAt: new Date(m.at),
    }).onConflictDoNothing({ target: drawerMovementTable.movementId }).returning({ movementId: drawerMovementTable.movementId });
    return moved.length === 1;
  },

  /** The cash that went through the drawer during a shift. */
  async flows(db: Pool | PoolClient, shift: ShiftRow): Promise<DrawerFlows> {
    const s = settlementTable, r = reversalTable, m = drawerMovementTable;
    // One statement, four sums: a select of scalar subqueries, with no table of its own.
    const { rows } = await dbOf(db).execute<{ sales: string; refunds: string; cash_in: string; cash_out: string }>(sql`SELECT
      ${total(s.amount, s, eq(s.shiftId, shift.shiftId))} AS sales,
      ${total(r.amount, r, and(eq(r.shiftId, shift.shiftId), eq(r.kind, 'refund')))} AS refunds,
      ${total(m.amount, m, and(eq(m.shiftId, shift.shiftId), eq(m.direction, 'in')))} AS cash_in,
      ${total(m.amount, m, and(eq(m.shiftId, shift.shiftId), eq(m.direction, 'out')))} AS cash_out`);
    const f = rows[0]!;
    return { float: shift.float, cashSales: Number(f.sales), cashRefunds: Number(f.refunds), cashIn: Number(f.cash_in), cashOut: Number(f.cash_out) };
  },

  async close(client: PoolClient, c: { shiftId: string; expected: number; counted: number; closedBy: string; closedAt: string }): Promise<void> {
    await dbOf(client).update(drawerShiftTable)
      .set({ status: 'closed', expected: c.expected, counted: c.counted, closedBy: c.closedBy, closedAt: new Date(c.closedAt) })
      .where(and(eq(drawerShiftTable.shiftId, c.shiftId), eq(drawerShiftTable.status, 'open')));
  },

  async closedShifts(db: Pool | PoolClient, day: string): Promise<ShiftRow[]> {
    return dbOf(db).select().from(drawerShiftTable)
      .where(and(eq(drawerShiftTable.businessDay, day), eq(drawerShiftTable.status, 'closed'))).orderBy(asc(drawerShiftTable.openedAt));
  },

  /** The day's orders with their payment as collected (a settlement, or a card approved at the kiosk). */
  async dayOrders(db: Pool | PoolClient, day: string): Promise<DayOrder[]> {
    const o = orderTable, p = paymentTable, s = settlementTable;
    const rows = await dbOf(db).select({
      orderNumber: o.orderNumber, status: o.status, total: o.total, tax: o.tax, serviceCharge: o.serviceCharge,
      method: sql<string | null>`coalesce(${s.method}, CASE WHEN ${p.status} = 'approved' THEN ${p.method} END)`,
      amount: sql<number | null>`coalesce(${s.amount}, CASE WHEN ${p.status} = 'approved' THEN ${p.amount} END)`.mapWith(Number),
      rounding: sql<number>`coalesce(${s.rounding}, 0)`.mapWith(Number),
    }).from(o).innerJoin(p, eq(p.globalId, o.globalId)).leftJoin(s, eq(s.globalId, o.globalId))
      .where(eq(o.businessDay, day)).orderBy(asc(o.daySequence));
    return rows.map((r) => ({
      orderNumber: r.orderNumber, status: r.status, total: r.total, tax: r.tax, serviceCharge: r.serviceCharge,
      payment: r.method === null ? null : { method: r.method as 'cash', amount: r.amount!, rounding: r.rounding },
    }));
  },

  async dayReversals(db: Pool | PoolClient, day: string): Promise<DayReversal[]> {
    return dbOf(db).select({ kind: reversalTable.kind, amount: reversalTable.amount }).from(reversalTable)
      .where(eq(reversalTable.businessDay, day)).orderBy(asc(reversalTable.reversedAt));
  },

  async zReport(db: Pool | PoolClient, day: string): Promise<string | null> {
    const [row] = await dbOf(db).select({ report: sql<string>`${dayCloseTable.report}::text` }).from(dayCloseTable).where(eq(dayCloseTable.businessDay, day));
    return row?.report ?? null;
  },

  /** Records the day's close and its event; false if the day was closed already (the first close stands). */
  async closeDay(client: PoolClient, z: ZReportView, event: OutboxEvent): Promise<boolean> {
    const closed = await dbOf(client).insert(dayCloseTable)
      .values({ businessDay: z.businessDay, report: sql`${JSON.stringify(z)}::json`, closedBy: z.closedBy, closedAt: new Date(z.closedAt) })
      .onConflictDoNothing().returning({ businessDay: dayCloseTable.businessDay });
    if (closed.length !== 1) return false;
    await enqueueEvents(client, OUTBOX, [event]);
    return true;
  },
};

export type { ShiftView };
