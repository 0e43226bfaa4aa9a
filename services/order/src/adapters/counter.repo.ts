import type { OrderView, ReversalKind, ReversalView, SettlementView } from '@kiosk/contracts';
import { enqueueEvents, type OutboxEvent, type Pool, type PoolClient } from '@kiosk/kit';
import type { ReversibleOrder } from '../domain/counter/reversal.js';
import { OUTBOX } from './order.repo.js';

/** An order as the counter works on it: the stored view, its current state, and what was paid and reversed. */
export interface CounterOrder {
  view: OrderView;
  viewJson: string;
  paymentId: string;
  status: ReversibleOrder['status'];
  settlement: { settlementId: string; method: string; amount: number; rounding: number; tendered: number; changeDue: number; reference: string | null; settledAt: Date } | null;
  reversals: ReversalView[];
}

interface OrderRow {
  global_id: string; view: string; status: string; payment_id: string;
  settlement_id: string | null; s_method: string | null; s_amount: number | null; s_rounding: number | null; s_tendered: number | null;
  s_change: number | null; s_reference: string | null; settled_at: Date | null; reversals: ReversalView[] | null;
}

const SELECT_ORDERS = `
SELECT o.global_id, o.view::text AS view, o.status, p.payment_id,
       s.settlement_id, s.method AS s_method, s.amount AS s_amount, s.rounding AS s_rounding, s.tendered AS s_tendered,
       s.change_due AS s_change, s.reference AS s_reference, s.settled_at,
       (SELECT json_agg(r.answer ORDER BY r.reversed_at) FROM orders.reversals r WHERE r.global_id = o.global_id) AS reversals
  FROM orders.orders o
  JOIN orders.payments p ON p.global_id = o.global_id
  LEFT JOIN orders.settlements s ON s.global_id = o.global_id`;

function toCounterOrder(row: OrderRow): CounterOrder {
  return {
    view: JSON.parse(row.view) as OrderView,
    viewJson: row.view,
    paymentId: row.payment_id,
    status: row.status as CounterOrder['status'],
    settlement: row.settlement_id === null ? null : {
      settlementId: row.settlement_id, method: row.s_method!, amount: Number(row.s_amount), rounding: Number(row.s_rounding),
      tendered: Number(row.s_tendered), changeDue: Number(row.s_change), reference: row.s_reference, settledAt: row.settled_at!,
    },
    reversals: row.reversals ?? [],
  };
}

/** Stored answers of the counter's writes, by their client-generated id (for repeats). */
export interface StoredAnswer { globalId: string; requestHash: string; answerJson: string }

export interface SettlementRow {
  settlementId: string; globalId: string; method: string; amountDue: number; rounding: number; amount: number; tendered: number;
  changeDue: number; reference: string | null; shiftId: string | null; businessDay: string; settledBy: string; requestHash: string;
  answer: SettlementView; settledAt: string;
}

export interface ReversalRow {
  globalId: string; kind: ReversalKind; method: string; shiftId: string | null; businessDay: string; requestHash: string;
  status: string; answer: ReversalView;
}

/** The counter's reads and writes in the order schema. Writes run in the caller's transaction, outbox included. */
export const counterRepo = {
  /** The order, locked until the transaction ends: settlements and reversals of one order take turns. */
  async lock(client: PoolClient, globalId: string): Promise<CounterOrder | null> {
    const { rows } = await client.query<OrderRow>(`${SELECT_ORDERS} WHERE o.global_id = $1 FOR UPDATE OF o`, [globalId]);
    return rows[0] ? toCounterOrder(rows[0]) : null;
  },

  async find(pool: Pool, globalId: string): Promise<CounterOrder | null> {
    const { rows } = await pool.query<OrderRow>(`${SELECT_ORDERS} WHERE o.global_id = $1`, [globalId]);
    return rows[0] ? toCounterOrder(rows[0]) : null;
  },

  /** Orders of a day by state, newest first; `q` matches the number, the customer's name, or the globalId. */
  async search(pool: Pool, f: { day: string; status: 'awaiting_payment' | 'paid' | 'all'; q?: string; limit: number }): Promise<CounterOrder[]> {
    const q = f.q?.trim() ?? '';
    const { rows } = await pool.query<OrderRow>(
      `${SELECT_ORDERS}
        WHERE o.business_day = $1 AND ($2 = 'all' OR o.status = $2)
          AND ($3 = '' OR o.global_id::text = lower($3) OR o.order_number ILIKE $3 || '%' OR o.customer_name ILIKE '%' || $3 || '%')
        ORDER BY o.created_at DESC LIMIT $4`,
      [f.day, f.status, q, f.limit]);
    return rows.map(toCounterOrder);
  },

  async settlementAnswer(client: PoolClient, settlementId: string): Promise<StoredAnswer | null> {
    const { rows } = await client.query<{ global_id: string; request_hash: string; answer: string }>(
      'SELECT global_id, request_hash, answer::text AS answer FROM orders.settlements WHERE settlement_id = $1', [settlementId]);
    return rows[0] ? { globalId: rows[0].global_id, requestHash: rows[0].request_hash, answerJson: rows[0].answer } : null;
  },

  async reversalAnswer(client: PoolClient, reversalId: string): Promise<StoredAnswer | null> {
    const { rows } = await client.query<{ global_id: string; request_hash: string; answer: string }>(
      'SELECT global_id, request_hash, answer::text AS answer FROM orders.reversals WHERE reversal_id = $1', [reversalId]);
    return rows[0] ? { globalId: rows[0].global_id, requestHash: rows[0].request_hash, answerJson: rows[0].answer } : null;
  },

  /** Settlement, payment, order status and the outbox event: one transaction (the caller's). */
  async settle(client: PoolClient, s: SettlementRow, event: OutboxEvent): Promise<string> {
    const answerJson = JSON.stringify(s.answer);
    await client.query(
      `INSERT INTO orders.settlements (settlement_id, global_id, method, amount_due, rounding, amount, tendered, change_due, reference,
         shift_id, business_day, settled_by, request_hash, answer, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::json, $15)`,
      [s.settlementId, s.globalId, s.method, s.amountDue, s.rounding, s.amount, s.tendered, s.changeDue, s.reference, s.shiftId,
        s.businessDay, s.settledBy, s.requestHash, answerJson, s.settledAt]);
    await client.query(`UPDATE orders.payments SET status = 'approved', method = $2, amount = $3, reference = coalesce($4, reference) WHERE global_id = $1`,
      [s.globalId, s.method, s.amount, s.reference]);
    await client.query(`UPDATE orders.orders SET status = 'paid', version = version + 1, updated_at = now() WHERE global_id = $1`, [s.globalId]);
    await enqueueEvents(client, OUTBOX, [event]);
    return answerJson;
  },

  async reverse(client: PoolClient, r: ReversalRow, event: OutboxEvent): Promise<string> {
    const a = r.answer;
    const answerJson = JSON.stringify(a);
    await client.query(
      `INSERT INTO orders.reversals (reversal_id, global_id, kind, amount, lines, reason, method, shift_id, approved_by, requested_by,
         business_day, request_hash, answer, reversed_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13::json, $14)`,
      [a.reversalId, r.globalId, a.kind, a.amount, JSON.stringify(a.lines), a.reason, r.method, r.shiftId, a.approvedBy, a.requestedBy,
        r.businessDay, r.requestHash, answerJson, a.reversedAt]);
    await client.query(`UPDATE orders.orders SET status = $2, version = version + 1, updated_at = now() WHERE global_id = $1`, [r.globalId, r.status]);
    await enqueueEvents(client, OUTBOX, [event]);
    return answerJson;
  },
};
