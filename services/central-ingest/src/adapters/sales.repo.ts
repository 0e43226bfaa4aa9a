import { enqueueEvents, forOrder, type Logger, type OutboxEvent, type PoolClient } from '@kiosk/kit';
import { daysToRead, resolveOrders, type Conflict, type NumberHolder } from '../domain/order-batch.js';
import type { IncomingKitchenEvent, IncomingOrder, IncomingPayment } from '../domain/events.js';
import type { IncomingOfflineCardFailure, IncomingReversal } from '../domain/counter-events.js';
import type { ZReportView } from '@kiosk/contracts';
import { centralCatalogForOrders } from './central-catalog.js';
import { insertOfflineCardFailures, insertReversals, insertZReports } from './counter.repo.js';
import { insertPayments, lockStoreRollups, rollUpKitchen, rollUpOrders } from './rollups.js';
import { decisionEvent, ingestOutbox, reviewRequested } from './decisions.js';

export type SalesItem =
  | { kind: 'order'; storeSeq: number | null; order: IncomingOrder }
  | { kind: 'payment'; storeSeq: number | null; payment: IncomingPayment }
  /** A void or refund from the store's counter. */
  | { kind: 'reversal'; storeSeq: number | null; reversal: IncomingReversal }
  /** A closed business day's Z report. */
  | { kind: 'z_report'; storeSeq: number | null; zReport: { eventId: string; report: ZReportView } }
  /** A card approved offline that the acquirer declined later (or that expired unforwarded): a conflict for accounting. */
  | { kind: 'offline_card_failed'; storeSeq: number | null; failure: IncomingOfflineCardFailure }
  /** Undecodable or foreign: nothing to store, but its sequence is committed so receipts can move past it. */
  | { kind: 'skip'; storeSeq: number | null };

export interface SalesOutcome { ordersInserted: number; duplicates: number; conflicts: number }

/**
 * Commits one batch of a store's sales events inside the caller's transaction. Each order is inserted once
 * (a globalId central already has is a redelivery: skipped, never overwritten), with the conflict rules
 * applied against what central holds; decisions for the store go to the outbox in the same transaction.
 */
export async function commitSales(client: PoolClient, storeId: string, stream: string, items: SalesItem[], logger: Logger, reportTimeZone = 'Asia/Jakarta'): Promise<SalesOutcome> {
  // Collisions are judged per business day across the fleet, and replicas commit in parallel: if another
  // replica's transaction takes a number this batch also holds, the unique (business_day, display_number) index
  // makes this transaction fail; the batch is redelivered and then sees the holder (whoever committed first
  // came first). A lock per day made the replicas take turns on every batch for a collision that is rare.
  await lockStoreRollups(client, storeId);
  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(
      `INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
      [storeId, stream, seqs],
    );
  }
  const orders = items.flatMap((i) => (i.kind === 'order' ? [i] : []));
  const known = new Set((await client.query<{ global_id: string }>(
    'SELECT global_id FROM central.orders WHERE global_id = ANY($1)', [orders.map((i) => i.order.globalId)])).rows.map((r) => r.global_id));
  const fresh = orders.filter((i) => !known.has(i.order.globalId) && (known.add(i.order.globalId), true));
  const incoming = fresh.map((i) => i.order);
  const resolved = resolveOrders(incoming, {
    days: await numbersOfDays(client, daysToRead(incoming, await numbersTaken(client, incoming))),
    catalogs: await centralCatalogForOrders(client, incoming.map((o) => ({ productIds: o.lines.map((l) => l.productId), at: o.createdAt }))),
  });

  const batch = new OrderBatch(client, storeId, reportTimeZone);
  resolved.orders.forEach(({ order, displayNumber, priceOverride }, n) => batch.order(order, displayNumber, fresh[n]!.storeSeq, priceOverride));
  for (const item of items) if (item.kind === 'payment') batch.payment(item.payment);
  await batch.flush();
  const decisions = await recordConflicts(client, resolved.conflicts, logger);
  for (const { order: o, displayNumber } of resolved.orders) {
    // The last line of an order's trail from kiosk to central (README: following one order through the logs).
    forOrder(logger, o.globalId).info('order committed at central', { storeId: o.storeId, orderNumber: o.orderNumber, displayNumber });
  }
  await insertReversals(client, items.flatMap((i) => (i.kind === 'reversal' ? [i.reversal] : [])), reportTimeZone);
  await insertZReports(client, items.flatMap((i) => (i.kind === 'z_report' ? [i.zReport] : [])));
  const offlineCardConflicts = await insertOfflineCardFailures(client, items.flatMap((i) => (i.kind === 'offline_card_failed' ? [i.failure] : [])), storeId, logger);
  await enqueueEvents(client, ingestOutbox, decisions);
  return { ordersInserted: resolved.orders.length, duplicates: orders.length - fresh.length, conflicts: resolved.conflicts.length + offlineCardConflicts };
}

/** Which of these orders' numbers some order central has already shows on the pickup board that day ("day number"). */
async function numbersTaken(client: PoolClient, orders: IncomingOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const { rows } = await client.query<{ business_day: string; display_number: string }>(
    `SELECT o.business_day, o.display_number FROM central.orders o
       JOIN unnest($1::text[], $2::text[]) AS q(day, num) ON o.business_day = q.day AND o.display_number = q.num`,
    [orders.map((o) => o.businessDay), orders.map((o) => o.orderNumber)]);
  return new Set(rows.map((r) => `${r.business_day} ${r.display_number}`));
}

/** Every number central holds on these business days, with the order holding it (the rare path: collisions). */
async function numbersOfDays(client: PoolClient, days: string[]): Promise<Map<string, Map<string, NumberHolder>>> {
  const out = new Map<string, Map<string, NumberHolder>>();
  if (days.length === 0) return out;
  const { rows } = await client.query<{ business_day: string; display_number: string; global_id: string; store_id: string; day_sequence: string }>(
    'SELECT business_day, display_number, global_id, store_id, day_sequence FROM central.orders WHERE business_day = ANY($1)', [days]);
  for (const r of rows) {
    let numbers = out.get(r.business_day);
    if (!numbers) out.set(r.business_day, (numbers = new Map()));
    numbers.set(r.display_number, { globalId: r.global_id, storeId: r.store_id, daySequence: Number(r.day_sequence) });
  }
  return out;
}

/** Writes the conflicts the rules found and answers the decisions they send to the stores. */
async function recordConflicts(client: PoolClient, conflicts: Conflict[], logger: Logger): Promise<OutboxEvent[]> {
  const decisions: OutboxEvent[] = [];
  for (const c of conflicts) {
    const row = await client.query<{ id: number }>(
      `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [c.kind, c.storeId, c.globalId, c.businessDay, c.resolution, c.reviewStatus, c.details]);
    const reviewId = String(row.rows[0]!.id);
    const cases = c.review ? [...c.decisions, reviewRequested(reviewId, c.kind, c.review.subjectId, c.review.summary)] : c.decisions;
    for (const decision of cases) decisions.push(decisionEvent(c.storeId, c.kind, decision, c.globalId));
    forOrder(logger, c.globalId).warn(c.logMessage, { ...c.details, reviewId });
  }
  return decisions;
}

/**
 * Orders, lines and payments of one batch, written with one multi-row INSERT per table (a round trip per row
 * made a 10,000-order backlog take minutes). Rows are queued in arrival order and flushed before anything
 * that must read them back.
 */
class OrderBatch {
  private orders: { o: IncomingOrder; displayNumber: string; storeSeq: number | null; priceOverride: boolean }[] = [];
  private payments: IncomingPayment[] = [];

  constructor(private readonly client: PoolClient, private readonly storeId: string, private readonly reportTimeZone: string) {}

  order(o: IncomingOrder, displayNumber: string, storeSeq: number | null, priceOverride: boolean): void {
    this.orders.push({ o, displayNumber, storeSeq, priceOverride });
    if (o.payment) this.payments.push(o.payment);
  }

  payment(p: IncomingPayment): void {
    this.payments.push(p);
  }

  async flush(): Promise<void> {
    const [orders, payments] = [this.orders, this.payments];
    [this.orders, this.payments] = [[], []];
    if (orders.length > 0) {
      const col = <T>(f: (x: (typeof orders)[number]) => T) => orders.map(f);
      await this.client.query(
        `INSERT INTO central.orders (global_id, store_id, event_id, kiosk_id, order_number, display_number, business_day, day_sequence, mode,
           customer_name, notes, currency, subtotal, tax, service_charge, total, catalog_version, price_override, created_at, store_seq)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bool[], $19::timestamptz[], $20::bigint[])`,
        [col((x) => x.o.globalId), col((x) => x.o.storeId), col((x) => x.o.eventId), col((x) => x.o.kioskId), col((x) => x.o.orderNumber),
          col((x) => x.displayNumber), col((x) => x.o.businessDay), col((x) => x.o.daySequence), col((x) => x.o.mode), col((x) => x.o.customerName),
          col((x) => x.o.notes), col((x) => x.o.currency), col((x) => x.o.subtotal), col((x) => x.o.tax), col((x) => x.o.serviceCharge),
          col((x) => x.o.total), col((x) => x.o.catalogVersion), col((x) => x.priceOverride), col((x) => x.o.createdAt), col((x) => x.storeSeq)],
      );
      const lines = orders.flatMap(({ o }) => o.lines.map((l, i) => ({ globalId: o.globalId, lineNo: i + 1, ...l })));
      await this.client.query(
        `INSERT INTO central.order_lines (global_id, line_no, product_id, name, quantity, unit_price, options, line_total)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::jsonb[], $8::bigint[])`,
        [lines.map((l) => l.globalId), lines.map((l) => l.lineNo), lines.map((l) => l.productId), lines.map((l) => l.name),
          lines.map((l) => l.quantity), lines.map((l) => l.unitPrice), lines.map((l) => JSON.stringify(l.options)), lines.map((l) => l.lineTotal)],
      );
      await rollUpOrders(this.client, orders.map(({ o }) => o.globalId), this.reportTimeZone);
    }
    await insertPayments(this.client, payments, this.storeId);
  }
}

export async function commitKitchen(client: PoolClient, storeId: string, stream: string, items: { storeSeq: number | null; event: IncomingKitchenEvent | null }[]): Promise<number> {
  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(`INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, [storeId, stream, seqs]);
  }
  const events = items.flatMap((i) => (i.event ? [i.event] : []));
  if (events.length === 0) return 0;
  await lockStoreRollups(client, storeId);
  const col = <T>(f: (e: IncomingKitchenEvent) => T) => events.map(f);
  const r = await client.query(
    `INSERT INTO central.kitchen_events (event_id, store_id, ticket_id, global_id, order_number, status, previous_status, version, action, changed_at, actor)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::timestamptz[], $11::text[])
     ON CONFLICT (event_id) DO NOTHING`,
    [col((e) => e.eventId), col(() => storeId), col((e) => e.ticketId), col((e) => e.globalId), col((e) => e.orderNumber), col((e) => e.status),
      col((e) => e.previousStatus), col((e) => e.version), col((e) => e.action), col((e) => e.changedAt), col((e) => e.actor)],
  );
  await rollUpKitchen(client, events.map((e) => ({ storeId, ticketId: e.ticketId, globalId: e.globalId, status: e.status, changedAt: e.changedAt })));
  return r.rowCount ?? 0;
}

/** What a receipt tells the store: its stream committed up to `committedSeq`, counted from `streamStart`. */
export interface ReceiptMark { committedSeq: number; streamStart: number; ordersCommitted: number }

/**
 * Moves the store stream's receipt mark up to the highest contiguous committed sequence, adds the orders this
 * batch committed, and returns the mark with the store's committed order count. Takes the mark row's lock, so
 * replicas advance it one at a time.
 *
 * `streamStart` is the first sequence of the stream the batch came from (0 when the uplink did not say). A start
 * above the mark is a new box's stream (a replacement): nothing between the mark and that start will ever come,
 * so the mark moves to just below it. A start below the recorded one is the old box's stream: its late events are
 * committed, but they move neither the start nor the mark.
 */
export async function advanceReceipt(client: PoolClient, storeId: string, stream: string, ordersAdded = 0, streamStart = 0): Promise<ReceiptMark> {
  await client.query(`INSERT INTO central.receipt_marks (store_id, stream, committed_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [storeId, stream]);
  const held = (await client.query<{ committed_seq: number; stream_start: number }>(
    'SELECT committed_seq, stream_start FROM central.receipt_marks WHERE store_id = $1 AND stream = $2 FOR UPDATE', [storeId, stream])).rows[0]!;
  let mark = held.committed_seq;
  const start = Math.max(held.stream_start, streamStart);
  if (start - 1 > mark) {
    mark = start - 1;
    // The run below starts from the row at the mark: there is none for a sequence the stream never had.
    await client.query('INSERT INTO central.stream_seqs (store_id, stream, store_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [storeId, stream, mark]);
  }
  // The end of the run of consecutive sequences that starts at the mark (or at the first one ever committed),
  // looking only at sequences from the mark up: rows below it are pruned as it moves (an anti-join over every
  // sequence ever committed made a 10,000-order backlog slower with every batch).
  const r = await client.query<{ end_seq: number }>(
    `SELECT store_seq AS end_seq FROM (
       SELECT store_seq, lead(store_seq) OVER (ORDER BY store_seq) AS after
         FROM central.stream_seqs WHERE store_id = $1 AND stream = $2 AND store_seq >= $3) run
      WHERE after IS DISTINCT FROM store_seq + 1
      ORDER BY store_seq LIMIT 1`,
    [storeId, stream, mark],
  );
  // From mark 0 the run may start above 1: the store's stream had messages central never got a sequence for
  // (forwarded before the uplink stamped sequences), and those cannot be waited for.
  const endSeq = r.rows[0]?.end_seq ?? null;
  const next = endSeq !== null ? Math.max(mark, endSeq) : mark;
  if (next !== held.committed_seq || start !== held.stream_start || ordersAdded > 0) {
    await client.query(
      'UPDATE central.receipt_marks SET committed_seq = $3, stream_start = $4, orders_committed = orders_committed + $5, updated_at = now() WHERE store_id = $1 AND stream = $2',
      [storeId, stream, next, start, ordersAdded]);
  }
  // Below the mark every sequence is committed and the mark says so: those rows are never read again.
  if (next > held.committed_seq) await client.query('DELETE FROM central.stream_seqs WHERE store_id = $1 AND stream = $2 AND store_seq < $3', [storeId, stream, next]);
  // A few rows per store (one per stream): the count is kept, never taken from central.orders.
  const orders = await client.query<{ n: number }>('SELECT coalesce(sum(orders_committed), 0)::bigint AS n FROM central.receipt_marks WHERE store_id = $1', [storeId]);
  return { committedSeq: next, streamStart: start, ordersCommitted: Number(orders.rows[0]!.n) };
}
