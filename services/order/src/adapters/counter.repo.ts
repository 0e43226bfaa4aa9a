import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { OrderView, ReversalKind, ReversalView, SettlementView } from '@kiosk/contracts';
import { dbOf, enqueueEvents, type OutboxEvent, type Pool, type PoolClient } from '@kiosk/kit';
import type { ReversibleOrder } from '../domain/counter/reversal.js';
import { orderTable, paymentTable, reversalTable, settlementTable } from './db/schema.js';
import { OUTBOX } from './order.repo.js';

/** An order as the counter works on it: the stored view, its current state, and what was paid and reversed. */
export interface CounterOrder {
  view: OrderView;
  viewJson: string;
  paymentId: string;
  status: ReversibleOrder['status'];
  settlement: Pick<typeof settlementTable.$inferSelect, 'settlementId' | 'method' | 'amount' | 'rounding' | 'tendered' | 'changeDue' | 'reference' | 'settledAt'> | null;
  reversals: ReversalView[];
}

/**
 * `FOR UPDATE OF` takes an unqualified name, so the order table goes by an alias (`o`) in the counter's reads.
 */
const o = alias(orderTable, 'o');

/** The order with its payment, its settlement (if any) and the answers of its reversals, oldest first. */
function selectOrders(db: Pool | PoolClient) {
  return dbOf(db).select({
    viewJson: sql<string>`${o.view}::text`,
    status: o.status,
    paymentId: paymentTable.paymentId,
    settlement: {
      settlementId: settlementTable.settlementId, method: settlementTable.method, amount: settlementTable.amount, rounding: settlementTable.rounding,
      tendered: settlementTable.tendered, changeDue: settlementTable.changeDue, reference: settlementTable.reference, settledAt: settlementTable.settledAt,
    },
    reversals: sql<ReversalView[] | null>`(SELECT json_agg(${reversalTable.answer} ORDER BY ${reversalTable.reversedAt}) FROM ${reversalTable}
      WHERE ${reversalTable.globalId} = ${o.globalId})`,
  }).from(o)
    .innerJoin(paymentTable, eq(paymentTable.globalId, o.globalId))
    .leftJoin(settlementTable, eq(settlementTable.globalId, o.globalId));
}

type OrderRow = Awaited<ReturnType<typeof selectOrders>>[number];

function toCounterOrder(row: OrderRow): CounterOrder {
  return {
    view: JSON.parse(row.viewJson) as OrderView,
    viewJson: row.viewJson,
    paymentId: row.paymentId,
    status: row.status as CounterOrder['status'],
    settlement: row.settlement,
    reversals: row.reversals ?? [],
  };
}

/** Stored answers of the counter's writes, by their client-generated id (for repeats). */
export interface StoredAnswer { globalId: string; requestHash: string; answerJson: string }

/** A settlement as the counter writes it: the table's row, with its answer as the contract's view. */
export type SettlementRow = Omit<typeof settlementTable.$inferInsert, 'answer'> & { answer: SettlementView };

/** A reversal as the counter writes it (its figures are in the answer), and the order's status after it. */
export type ReversalRow = Pick<typeof reversalTable.$inferInsert, 'globalId' | 'method' | 'shiftId' | 'businessDay' | 'requestHash'> & {
  kind: ReversalKind; status: typeof orderTable.$inferSelect['status']; answer: ReversalView;
};

/** The counter's reads and writes in the order schema. Writes run in the caller's transaction, outbox included. */
export const counterRepo = {
  /** The order, locked until the transaction ends: settlements and reversals of one order take turns. */
  async lock(client: PoolClient, globalId: string): Promise<CounterOrder | null> {
    const [row] = await selectOrders(client).where(eq(o.globalId, globalId)).for('update', { of: o });
    return row ? toCounterOrder(row) : null;
  },

  async find(pool: Pool, globalId: string): Promise<CounterOrder | null> {
    const [row] = await selectOrders(pool).where(eq(o.globalId, globalId));
    return row ? toCounterOrder(row) : null;
  },

  /** Orders of a day by state, newest first; `q` matches the number, the customer's name, or the globalId. */
  async search(pool: Pool, f: { day: string; status: 'awaiting_payment' | 'paid' | 'all'; q?: string; limit: number }): Promise<CounterOrder[]> {
    const q = f.q?.trim() ?? '';
    const matches: SQL | undefined = q === '' ? undefined : or(
      sql`${o.globalId}::text = lower(${q})`, ilike(o.orderNumber, `${q}%`), ilike(o.customerName, `%${q}%`));
    const rows = await selectOrders(pool)
      .where(and(eq(o.businessDay, f.day), f.status === 'all' ? undefined : eq(o.status, f.status), matches))
      .orderBy(desc(o.createdAt)).limit(f.limit);
    return rows.map(toCounterOrder);
  },

  async settlementAnswer(client: PoolClient, settlementId: string): Promise<StoredAnswer | null> {
    const [row] = await dbOf(client)
      .select({ globalId: settlementTable.globalId, requestHash: settlementTable.requestHash, answerJson: sql<string>`${settlementTable.answer}::text` })
      .from(settlementTable).where(eq(settlementTable.settlementId, settlementId));
    return row ?? null;
  },

  async reversalAnswer(client: PoolClient, reversalId: string): Promise<StoredAnswer | null> {
    const [row] = await dbOf(client)
      .select({ globalId: reversalTable.globalId, requestHash: reversalTable.requestHash, answerJson: sql<string>`${reversalTable.answer}::text` })
      .from(reversalTable).where(eq(reversalTable.reversalId, reversalId));
    return row ?? null;
  },

  /** Settlement, payment, order status and the outbox event: one transaction (the caller's). */
  async settle(client: PoolClient, s: SettlementRow, event: OutboxEvent): Promise<string> {
    const db = dbOf(client);
    const answerJson = JSON.stringify(s.answer);
    // The answer's own bytes, as a repeat will return them.
    await db.insert(settlementTable).values({ ...s, answer: sql`${answerJson}::json` });
    await db.update(paymentTable)
      .set({ status: 'approved', method: s.method, amount: s.amount, reference: sql`coalesce(${s.reference ?? null}, ${paymentTable.reference})` })
      .where(eq(paymentTable.globalId, s.globalId));
    await db.update(orderTable).set({ status: 'paid', version: sql`${orderTable.version} + 1`, updatedAt: sql`now()` }).where(eq(orderTable.globalId, s.globalId));
    await enqueueEvents(client, OUTBOX, [event]);
    return answerJson;
  },

  async reverse(client: PoolClient, r: ReversalRow, event: OutboxEvent): Promise<string> {
    const db = dbOf(client);
    const a = r.answer;
    const answerJson = JSON.stringify(a);
    await db.insert(reversalTable).values({
      reversalId: a.reversalId, globalId: r.globalId, kind: a.kind, amount: a.amount, lines: a.lines, reason: a.reason, method: r.method,
      shiftId: r.shiftId, approvedBy: a.approvedBy, requestedBy: a.requestedBy, businessDay: r.businessDay, requestHash: r.requestHash,
      answer: sql`${answerJson}::json`, reversedAt: new Date(a.reversedAt),
    });
    await db.update(orderTable).set({ status: r.status, version: sql`${orderTable.version} + 1`, updatedAt: sql`now()` }).where(eq(orderTable.globalId, r.globalId));
    await enqueueEvents(client, OUTBOX, [event]);
    return answerJson;
  },
};
