import type { PoolClient } from '@kiosk/kit';

/**
 * One store's sales and kitchen batches take turns on the rollups (replicas commit batches of one stream in
 * parallel, and a payment or a ticket may commit before its order): without it, two uncommitted transactions
 * each miss the other's row and the figure is lost. Other stores go on in parallel.
 */
export async function lockStoreRollups(client: PoolClient, storeId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rollups:${storeId}`]);
}

/**
 * The report rollups (schema.ts: sales_hourly, product_daily, payment_daily, awaiting_payment, ticket_prep), moved
 * by exactly what a batch inserted, in the batch's transaction: a redelivered order inserts nothing and so adds
 * nothing, and a rolled-back batch leaves no trace. Reports then read thousands of rows, not every order.
 */

/**
 * Which of a payment's reported statuses it counts at: a card approved offline and then declined by the acquirer
 * (or expired unforwarded) is money never collected, whatever the approval said; otherwise approved over the rest.
 */
export const paymentRank = `CASE status WHEN 'offline_declined' THEN 0 WHEN 'offline_expired' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END`;

/** Adds freshly inserted orders and their lines to the sales and product rollups. */
export async function rollUpOrders(client: PoolClient, globalIds: string[], reportTimeZone: string): Promise<void> {
  if (globalIds.length === 0) return;
  await client.query(
    `INSERT INTO central.sales_hourly (store_id, business_day, hour, currency, orders, gross, tax, service_charge, net)
     SELECT store_id, business_day, extract(hour FROM created_at AT TIME ZONE $2)::int, currency,
            count(*), sum(total), sum(tax), sum(service_charge), sum(total - tax - service_charge)
       FROM central.orders WHERE global_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3, 4
     ON CONFLICT (business_day, store_id, hour, currency) DO UPDATE SET
       orders = sales_hourly.orders + EXCLUDED.orders, gross = sales_hourly.gross + EXCLUDED.gross, tax = sales_hourly.tax + EXCLUDED.tax,
       service_charge = sales_hourly.service_charge + EXCLUDED.service_charge, net = sales_hourly.net + EXCLUDED.net`,
    [globalIds, reportTimeZone]);
  await client.query(
    `INSERT INTO central.product_daily (store_id, business_day, product_id, name, quantity, revenue)
     SELECT o.store_id, o.business_day, l.product_id, max(l.name), sum(l.quantity), sum(l.line_total)
       FROM central.order_lines l JOIN central.orders o ON o.global_id = l.global_id
      WHERE l.global_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3
     ON CONFLICT (business_day, store_id, product_id) DO UPDATE SET
       name = EXCLUDED.name, quantity = product_daily.quantity + EXCLUDED.quantity, revenue = product_daily.revenue + EXCLUDED.revenue`,
    [globalIds]);
  // Payments that committed before their order (another batch of the stream): counted now, each at its best status.
  await client.query(
    `INSERT INTO central.payment_daily (store_id, business_day, method, status, count, amount)
     SELECT o.store_id, o.business_day, b.method, b.status, count(*), sum(b.amount)
       FROM (SELECT DISTINCT ON (global_id, payment_id) global_id, method, status, amount FROM central.payments
              WHERE global_id = ANY($1::uuid[]) ORDER BY global_id, payment_id, ${paymentRank}) b
       JOIN central.orders o ON o.global_id = b.global_id
      GROUP BY 1, 2, 3, 4
     ON CONFLICT (business_day, store_id, method, status) DO UPDATE SET
       count = payment_daily.count + EXCLUDED.count, amount = payment_daily.amount + EXCLUDED.amount`, [globalIds]);
  // Tickets that committed before their order get its business day.
  await client.query(
    `UPDATE central.ticket_prep t SET business_day = o.business_day FROM central.orders o
      WHERE t.business_day IS NULL AND o.global_id = ANY($1::uuid[]) AND t.global_id = o.global_id::text`, [globalIds]);
  // Awaiting payment until an approval is held (an order can arrive already paid: never listed then).
  await client.query(
    `INSERT INTO central.awaiting_payment (global_id, store_id, business_day, order_number, total, currency, created_at)
     SELECT o.global_id, o.store_id, o.business_day, o.display_number, o.total, o.currency, o.created_at
       FROM central.orders o
      WHERE o.global_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM central.payments p WHERE p.global_id = o.global_id AND p.status = 'approved')
     ON CONFLICT DO NOTHING`, [globalIds]);
}

export interface PaymentRow { globalId: string; paymentId: string; status: string; method: string; amount: number; currency: string; reference: string | null; recordedAt: string }

/**
 * Inserts payment records (one per reported status, never overwritten) and moves the payment rollup: each
 * payment counts once, at its most advanced status (paymentRank). All sub-statements see the
 * table as it was before this statement, so "before" is the table and "after" is the table plus what was inserted.
 */
export async function insertPayments(client: PoolClient, payments: PaymentRow[], storeId: string): Promise<void> {
  if (payments.length === 0) return;
  const col = <T>(f: (p: PaymentRow) => T) => payments.map(f);
  await client.query(
    `WITH ins AS (
       INSERT INTO central.payments (global_id, payment_id, status, method, amount, currency, reference, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
         AS p(global_id, payment_id, status, method, amount, currency, reference, recorded_at)
        -- A store records payments for its own orders only: never onto an order another store sent.
        WHERE NOT EXISTS (SELECT 1 FROM central.orders o WHERE o.global_id = p.global_id AND o.store_id <> $9)
       ON CONFLICT DO NOTHING RETURNING global_id, payment_id, status, method, amount),
     touched AS (SELECT DISTINCT global_id, payment_id FROM ins),
     before_rows AS (SELECT p.global_id, p.payment_id, p.status, p.method, p.amount FROM central.payments p JOIN touched t USING (global_id, payment_id)),
     before_best AS (SELECT DISTINCT ON (global_id, payment_id) * FROM before_rows ORDER BY global_id, payment_id, ${paymentRank}),
     after_best AS (SELECT DISTINCT ON (global_id, payment_id) * FROM (SELECT * FROM before_rows UNION ALL SELECT * FROM ins) a
                     ORDER BY global_id, payment_id, ${paymentRank}),
     deltas AS (SELECT global_id, method, status, -1 AS n, -amount AS amount FROM before_best
                UNION ALL SELECT global_id, method, status, 1, amount FROM after_best)
     INSERT INTO central.payment_daily (store_id, business_day, method, status, count, amount)
     SELECT o.store_id, o.business_day, d.method, d.status, sum(d.n), sum(d.amount)
       FROM deltas d JOIN central.orders o ON o.global_id = d.global_id
      GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0 OR sum(d.amount) <> 0
     ON CONFLICT (business_day, store_id, method, status) DO UPDATE SET
       count = payment_daily.count + EXCLUDED.count, amount = payment_daily.amount + EXCLUDED.amount`,
    [col((p) => p.globalId), col((p) => p.paymentId), col((p) => p.status), col((p) => p.method), col((p) => p.amount),
      col((p) => p.currency), col((p) => p.reference), col((p) => p.recordedAt), storeId]);
  const approved = [...new Set(payments.filter((p) => p.status === 'approved').map((p) => p.globalId))];
  if (approved.length > 0) await client.query('DELETE FROM central.awaiting_payment WHERE global_id = ANY($1::uuid[])', [approved]);
}

export interface KitchenRow { storeId: string; ticketId: string; globalId: string; status: string; changedAt: string }

/** First start and first ready per ticket (idempotent: least() of what is held and what arrived). */
export async function rollUpKitchen(client: PoolClient, events: KitchenRow[]): Promise<void> {
  const timed = events.filter((e) => e.status === 'preparing' || e.status === 'ready');
  if (timed.length === 0) return;
  const col = <T>(f: (e: KitchenRow) => T) => timed.map(f);
  await client.query(
    `INSERT INTO central.ticket_prep (store_id, ticket_id, global_id, business_day, started_at, ready_at)
     SELECT e.store_id, e.ticket_id, max(e.global_id), max(o.business_day),
            min(e.changed_at) FILTER (WHERE e.status = 'preparing'), min(e.changed_at) FILTER (WHERE e.status = 'ready')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS e(store_id, ticket_id, global_id, status, changed_at)
       LEFT JOIN central.orders o ON o.global_id::text = e.global_id
      GROUP BY 1, 2
     ON CONFLICT (store_id, ticket_id) DO UPDATE SET business_day = coalesce(ticket_prep.business_day, EXCLUDED.business_day),
       global_id = coalesce(ticket_prep.global_id, EXCLUDED.global_id),
       started_at = least(ticket_prep.started_at, EXCLUDED.started_at), ready_at = least(ticket_prep.ready_at, EXCLUDED.ready_at)`,
    [col((e) => e.storeId), col((e) => e.ticketId), col((e) => e.globalId), col((e) => e.status), col((e) => e.changedAt)]);
  await client.query(
    `UPDATE central.ticket_prep SET prep_seconds = greatest(0, round(extract(epoch FROM ready_at - started_at)))::int
      WHERE store_id = ANY($1::text[]) AND ticket_id = ANY($2::text[]) AND started_at IS NOT NULL AND ready_at IS NOT NULL`,
    [[...new Set(col((e) => e.storeId))], [...new Set(col((e) => e.ticketId))]]);
}
