import { inArray, sql, type AnyColumn } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { alias } from 'drizzle-orm/pg-core';
import { awaitingPayment, orderLines, orders, paymentDaily, payments, productDaily, salesHourly, ticketPrep } from './db/schema.js';
import { columnList, excluded, named } from './db/sql.js';

/**
 * One store's sales and kitchen batches take turns on the rollups (replicas commit batches of one stream in
 * parallel, and a payment or a ticket may commit before its order): without it, two uncommitted transactions
 * each miss the other's row and the figure is lost. Other stores go on in parallel.
 */
export async function lockStoreRollups(db: NodePgDatabase, storeId: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`rollups:${storeId}`}))`);
}

/**
 * The report rollups (schema.ts: sales_hourly, product_daily, payment_daily, awaiting_payment, ticket_prep), moved
 * by exactly what a batch inserted, in the batch's transaction: a redelivered order inserts nothing and so adds
 * nothing, and a rolled-back batch leaves no trace. Reports then read thousands of rows, not every order.
 */

const o = alias(orders, 'o');
const l = alias(orderLines, 'l');

/**
 * Which of a payment's reported statuses it counts at: a card approved offline and then declined by the acquirer
 * (or expired unforwarded) is money never collected, whatever the approval said; otherwise approved over the rest.
 */
export const paymentRank = sql`CASE ${named(payments.status)} WHEN 'offline_declined' THEN 0 WHEN 'offline_expired' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END`;

/** `running = running + what this insert adds`, for each of these rollup columns. */
const addUp = (...columns: AnyColumn[]) => sql.join(columns.map((c) => sql`${named(c)} = ${c} + ${excluded(c)}`), sql`, `);

/** Adds freshly inserted orders and their lines to the sales and product rollups. */
export async function rollUpOrders(db: NodePgDatabase, globalIds: string[], reportTimeZone: string): Promise<void> {
  if (globalIds.length === 0) return;
  const ids = sql`${sql.param(globalIds)}::uuid[]`;
  await db.execute(sql`
    INSERT INTO ${salesHourly} (${columnList(salesHourly.storeId, salesHourly.businessDay, salesHourly.hour, salesHourly.currency, salesHourly.orders, salesHourly.gross, salesHourly.tax, salesHourly.serviceCharge, salesHourly.net)})
    SELECT ${orders.storeId}, ${orders.businessDay}, extract(hour FROM ${orders.createdAt} AT TIME ZONE ${reportTimeZone})::int, ${orders.currency},
           count(*), sum(${orders.total}), sum(${orders.tax}), sum(${orders.serviceCharge}), sum(${orders.total} - ${orders.tax} - ${orders.serviceCharge})
      FROM ${orders} WHERE ${orders.globalId} = ANY(${ids})
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (${columnList(salesHourly.businessDay, salesHourly.storeId, salesHourly.hour, salesHourly.currency)}) DO UPDATE SET
      ${addUp(salesHourly.orders, salesHourly.gross, salesHourly.tax, salesHourly.serviceCharge, salesHourly.net)}`);
  await db.execute(sql`
    INSERT INTO ${productDaily} (${columnList(productDaily.storeId, productDaily.businessDay, productDaily.productId, productDaily.name, productDaily.quantity, productDaily.revenue)})
    SELECT ${o.storeId}, ${o.businessDay}, ${l.productId}, max(${l.name}), sum(${l.quantity}), sum(${l.lineTotal})
      FROM ${orderLines} AS ${l} JOIN ${orders} AS ${o} ON ${o.globalId} = ${l.globalId}
     WHERE ${l.globalId} = ANY(${ids})
     GROUP BY 1, 2, 3
    ON CONFLICT (${columnList(productDaily.businessDay, productDaily.storeId, productDaily.productId)}) DO UPDATE SET
      ${named(productDaily.name)} = ${excluded(productDaily.name)}, ${addUp(productDaily.quantity, productDaily.revenue)}`);
  // Payments that committed before their order (another batch of the stream): counted now, each at its best status.
  await db.execute(sql`
    INSERT INTO ${paymentDaily} (${columnList(paymentDaily.storeId, paymentDaily.businessDay, paymentDaily.method, paymentDaily.status, paymentDaily.count, paymentDaily.amount)})
    SELECT ${o.storeId}, ${o.businessDay}, b.method, b.status, count(*), sum(b.amount)
      FROM (SELECT DISTINCT ON (${named(payments.globalId)}, ${named(payments.paymentId)}) ${columnList(payments.globalId, payments.method, payments.status, payments.amount)} FROM ${payments}
             WHERE ${payments.globalId} = ANY(${ids}) ORDER BY ${named(payments.globalId)}, ${named(payments.paymentId)}, ${paymentRank}) b
      JOIN ${orders} AS ${o} ON ${o.globalId} = b.global_id
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (${columnList(paymentDaily.businessDay, paymentDaily.storeId, paymentDaily.method, paymentDaily.status)}) DO UPDATE SET
      ${addUp(paymentDaily.count, paymentDaily.amount)}`);
  // Tickets that committed before their order get its business day.
  await db.execute(sql`
    UPDATE ${ticketPrep} SET ${named(ticketPrep.businessDay)} = ${o.businessDay} FROM ${orders} AS ${o}
     WHERE ${ticketPrep.businessDay} IS NULL AND ${o.globalId} = ANY(${ids}) AND ${ticketPrep.globalId} = ${o.globalId}::text`);
  // Awaiting payment until an approval is held (an order can arrive already paid: never listed then).
  await db.execute(sql`
    INSERT INTO ${awaitingPayment} (${columnList(awaitingPayment.globalId, awaitingPayment.storeId, awaitingPayment.businessDay, awaitingPayment.orderNumber, awaitingPayment.total, awaitingPayment.currency, awaitingPayment.createdAt)})
    SELECT ${o.globalId}, ${o.storeId}, ${o.businessDay}, ${o.displayNumber}, ${o.total}, ${o.currency}, ${o.createdAt}
      FROM ${orders} AS ${o}
     WHERE ${o.globalId} = ANY(${ids})
       AND NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.globalId} = ${o.globalId} AND ${payments.status} = 'approved')
    ON CONFLICT DO NOTHING`);
}

export interface PaymentRow { globalId: string; paymentId: string; status: string; method: string; amount: number; currency: string; reference: string | null; recordedAt: string }

/**
 * Inserts payment records (one per reported status, never overwritten) and moves the payment rollup: each
 * payment counts once, at its most advanced status (paymentRank). All sub-statements see the
 * table as it was before this statement, so "before" is the table and "after" is the table plus what was inserted.
 */
export async function insertPayments(db: NodePgDatabase, rows: PaymentRow[], storeId: string): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (p: PaymentRow) => T) => sql.param(rows.map(f));
  const p = alias(payments, 'p');
  const kept = columnList(payments.globalId, payments.paymentId, payments.status, payments.method, payments.amount);
  await db.execute(sql`
    WITH ins AS (
      INSERT INTO ${payments} (${columnList(payments.globalId, payments.paymentId, payments.status, payments.method, payments.amount, payments.currency, payments.reference, payments.recordedAt)})
      SELECT * FROM unnest(${col((x) => x.globalId)}::uuid[], ${col((x) => x.paymentId)}::text[], ${col((x) => x.status)}::text[], ${col((x) => x.method)}::text[],
                           ${col((x) => x.amount)}::bigint[], ${col((x) => x.currency)}::text[], ${col((x) => x.reference)}::text[], ${col((x) => x.recordedAt)}::timestamptz[])
        AS ${p}(${columnList(payments.globalId, payments.paymentId, payments.status, payments.method, payments.amount, payments.currency, payments.reference, payments.recordedAt)})
       -- A store records payments for its own orders only: never onto an order another store sent.
       WHERE NOT EXISTS (SELECT 1 FROM ${orders} AS ${o} WHERE ${o.globalId} = ${p.globalId} AND ${o.storeId} <> ${storeId})
      ON CONFLICT DO NOTHING RETURNING ${kept}),
    touched AS (SELECT DISTINCT ${columnList(payments.globalId, payments.paymentId)} FROM ins),
    before_rows AS (SELECT ${p.globalId}, ${p.paymentId}, ${p.status}, ${p.method}, ${p.amount} FROM ${payments} AS ${p} JOIN touched t USING (${columnList(payments.globalId, payments.paymentId)})),
    before_best AS (SELECT DISTINCT ON (${columnList(payments.globalId, payments.paymentId)}) * FROM before_rows ORDER BY ${columnList(payments.globalId, payments.paymentId)}, ${paymentRank}),
    after_best AS (SELECT DISTINCT ON (${columnList(payments.globalId, payments.paymentId)}) * FROM (SELECT * FROM before_rows UNION ALL SELECT * FROM ins) a
                    ORDER BY ${columnList(payments.globalId, payments.paymentId)}, ${paymentRank}),
    deltas AS (SELECT ${columnList(payments.globalId, payments.method, payments.status)}, -1 AS n, -${named(payments.amount)} AS amount FROM before_best
               UNION ALL SELECT ${columnList(payments.globalId, payments.method, payments.status)}, 1, ${named(payments.amount)} FROM after_best)
    INSERT INTO ${paymentDaily} (${columnList(paymentDaily.storeId, paymentDaily.businessDay, paymentDaily.method, paymentDaily.status, paymentDaily.count, paymentDaily.amount)})
    SELECT ${o.storeId}, ${o.businessDay}, d.method, d.status, sum(d.n), sum(d.amount)
      FROM deltas d JOIN ${orders} AS ${o} ON ${o.globalId} = d.global_id
     GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0 OR sum(d.amount) <> 0
    ON CONFLICT (${columnList(paymentDaily.businessDay, paymentDaily.storeId, paymentDaily.method, paymentDaily.status)}) DO UPDATE SET
      ${addUp(paymentDaily.count, paymentDaily.amount)}`);
  const approved = [...new Set(rows.filter((x) => x.status === 'approved').map((x) => x.globalId))];
  if (approved.length > 0) await db.delete(awaitingPayment).where(inArray(awaitingPayment.globalId, approved));
}

export interface KitchenRow { storeId: string; ticketId: string; globalId: string; status: string; changedAt: string }

/** First start and first ready per ticket (idempotent: least() of what is held and what arrived). */
export async function rollUpKitchen(db: NodePgDatabase, events: KitchenRow[]): Promise<void> {
  const timed = events.filter((e) => e.status === 'preparing' || e.status === 'ready');
  if (timed.length === 0) return;
  const col = <T>(f: (e: KitchenRow) => T) => sql.param(timed.map(f));
  await db.execute(sql`
    INSERT INTO ${ticketPrep} (${columnList(ticketPrep.storeId, ticketPrep.ticketId, ticketPrep.globalId, ticketPrep.businessDay, ticketPrep.startedAt, ticketPrep.readyAt)})
    SELECT e.store_id, e.ticket_id, max(e.global_id), max(${o.businessDay}),
           min(e.changed_at) FILTER (WHERE e.status = 'preparing'), min(e.changed_at) FILTER (WHERE e.status = 'ready')
      FROM unnest(${col((e) => e.storeId)}::text[], ${col((e) => e.ticketId)}::text[], ${col((e) => e.globalId)}::text[], ${col((e) => e.status)}::text[], ${col((e) => e.changedAt)}::timestamptz[])
           AS e(store_id, ticket_id, global_id, status, changed_at)
      LEFT JOIN ${orders} AS ${o} ON ${o.globalId}::text = e.global_id
     GROUP BY 1, 2
    ON CONFLICT (${columnList(ticketPrep.storeId, ticketPrep.ticketId)}) DO UPDATE SET
      ${named(ticketPrep.businessDay)} = coalesce(${ticketPrep.businessDay}, ${excluded(ticketPrep.businessDay)}),
      ${named(ticketPrep.globalId)} = coalesce(${ticketPrep.globalId}, ${excluded(ticketPrep.globalId)}),
      ${named(ticketPrep.startedAt)} = least(${ticketPrep.startedAt}, ${excluded(ticketPrep.startedAt)}),
      ${named(ticketPrep.readyAt)} = least(${ticketPrep.readyAt}, ${excluded(ticketPrep.readyAt)})`);
  await db.execute(sql`
    UPDATE ${ticketPrep} SET ${named(ticketPrep.prepSeconds)} = greatest(0, round(extract(epoch FROM ${ticketPrep.readyAt} - ${ticketPrep.startedAt})))::int
     WHERE ${ticketPrep.storeId} = ANY(${sql.param([...new Set(timed.map((e) => e.storeId))])}::text[])
       AND ${ticketPrep.ticketId} = ANY(${sql.param([...new Set(timed.map((e) => e.ticketId))])}::text[])
       AND ${ticketPrep.startedAt} IS NOT NULL AND ${ticketPrep.readyAt} IS NOT NULL`);
}
