import { enqueueEvents, forOrder, type Logger, type OutboxEvent, type PoolClient } from '@kiosk/kit';
import { availabilityMismatches, nextSequencePast, priceDifferences, renamedNumber } from '../domain/conflicts.js';
import type { IncomingKitchenEvent, IncomingOrder, IncomingPayment } from '../domain/events.js';
import { centralCatalogForOrders, type CentralCatalogView } from './central-catalog.js';
import { decisionEvent, ingestOutbox, numberingMoved, orderRenamed, priceOverridden, reviewRequested } from './decisions.js';

export type SalesItem =
  | { kind: 'order'; storeSeq: number | null; order: IncomingOrder }
  | { kind: 'payment'; storeSeq: number | null; payment: IncomingPayment }
  /** Undecodable or foreign: nothing to store, but its sequence is committed so receipts can move past it. */
  | { kind: 'skip'; storeSeq: number | null };

export interface SalesOutcome { ordersInserted: number; duplicates: number; conflicts: number }

/**
 * Commits one batch of a store's sales events inside the caller's transaction. Each order is inserted once
 * (a globalId central already has is a redelivery: skipped, never overwritten), with the conflict rules
 * applied against what central holds; decisions for the store go to the outbox in the same transaction.
 */
export async function commitSales(client: PoolClient, storeId: string, stream: string, items: SalesItem[], logger: Logger): Promise<SalesOutcome> {
  const out: SalesOutcome = { ordersInserted: 0, duplicates: 0, conflicts: 0 };
  // Collisions are judged per business day across the fleet, and replicas commit in parallel: if another
  // replica's transaction takes a number this batch also holds, the unique (business_day, display_number) index
  // makes this transaction fail; the batch is redelivered and then sees the holder (whoever committed first
  // came first). A lock per day made the replicas take turns on every batch for a collision that is rare.

  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(
      `INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
      [storeId, stream, seqs],
    );
  }
  const decisions: OutboxEvent[] = [];
  const batch = new OrderBatch(client);
  const orders = items.flatMap((i) => (i.kind === 'order' ? [i] : []));
  const known = new Set((await client.query<{ global_id: string }>(
    'SELECT global_id FROM central.orders WHERE global_id = ANY($1)', [orders.map((i) => i.order.globalId)])).rows.map((r) => r.global_id));
  const fresh = orders.filter((i) => !known.has(i.order.globalId) && (known.add(i.order.globalId), true));
  out.duplicates = orders.length - fresh.length;
  const taken = await numbersTaken(client, fresh.map((i) => i.order));
  const catalogs = await centralCatalogForOrders(client, fresh.map((i) => ({ productIds: i.order.lines.map((l) => l.productId), at: i.order.createdAt })));
  for (const [n, item] of fresh.entries()) {
    const o = item.order;
    let displayNumber = o.orderNumber;
    if (taken.has(`${o.businessDay} ${o.orderNumber}`)) {
      // The rare path: the renaming rule reads the whole day as central has it, so write what is queued first.
      await batch.flush();
      displayNumber = await renameCollision(client, o, decisions, logger);
      out.conflicts++;
    }
    const reviews = await reviewPricesAndAvailability(client, o, catalogs[n]!, decisions, logger);
    batch.order(o, displayNumber, item.storeSeq, reviews.priceOverride);
    // A number repeated inside one batch (a store restored from an old backup) is a collision like any other.
    taken.add(`${o.businessDay} ${displayNumber}`);
    out.ordersInserted++;
    out.conflicts += reviews.conflicts;
    // The last line of an order's trail from kiosk to central (README: following one order through the logs).
    forOrder(logger, o.globalId).info('order committed at central', { storeId: o.storeId, orderNumber: o.orderNumber, displayNumber });
  }
  for (const item of items) if (item.kind === 'payment') batch.payment(item.payment);
  await batch.flush();
  await enqueueEvents(client, ingestOutbox, decisions);
  return out;
}

/** Which of these orders' numbers some order central has already shows on the pickup board that day. */
async function numbersTaken(client: PoolClient, orders: IncomingOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const { rows } = await client.query<{ business_day: string; display_number: string }>(
    `SELECT o.business_day, o.display_number FROM central.orders o
       JOIN unnest($1::text[], $2::text[]) AS q(day, num) ON o.business_day = q.day AND o.display_number = q.num`,
    [orders.map((o) => o.businessDay), orders.map((o) => o.orderNumber)]);
  return new Set(rows.map((r) => `${r.business_day} ${r.display_number}`));
}

/** (b) Order-number collision: see renamedNumber() for the rule. Returns the number the later arrival shows. */
async function renameCollision(client: PoolClient, o: IncomingOrder, decisions: OutboxEvent[], logger: Logger): Promise<string> {
  const holder = (await client.query<{ global_id: string; store_id: string }>(
    'SELECT global_id, store_id FROM central.orders WHERE business_day = $1 AND display_number = $2', [o.businessDay, o.orderNumber])).rows[0]!;
  const day = await client.query<{ display_number: string; store_id: string; day_sequence: number }>(
    'SELECT display_number, store_id, day_sequence FROM central.orders WHERE business_day = $1', [o.businessDay]);
  const displayNumber = renamedNumber(o.orderNumber, o.storeId, new Set(day.rows.map((r) => r.display_number)));
  const next = nextSequencePast(o.daySequence, day.rows.map((r) => r.day_sequence));
  await client.query(
    `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
     VALUES ('order_number_collision', $1, $2, $3, 'renamed_later_arrival', 'resolved', $4)`,
    [o.storeId, o.globalId, o.businessDay, { orderNumber: o.orderNumber, renamedTo: displayNumber, heldBy: holder.global_id, heldByStore: holder.store_id, nextSequence: next }],
  );
  decisions.push(decisionEvent(o.storeId, 'order_number_collision', orderRenamed(o.globalId, o.orderNumber, displayNumber), o.globalId));
  decisions.push(decisionEvent(o.storeId, 'order_number_collision', numberingMoved(o.businessDay, next), o.globalId));
  forOrder(logger, o.globalId).warn('order number collision: later arrival renamed', { orderNumber: o.orderNumber, renamedTo: displayNumber, heldBy: holder.global_id, nextSequence: next });
  return displayNumber;
}

/** (a) Paid at an old price, (c) sold out centrally: review entries and decisions. */
async function reviewPricesAndAvailability(client: PoolClient, o: IncomingOrder, catalog: CentralCatalogView, decisions: OutboxEvent[], logger: Logger): Promise<{ conflicts: number; priceOverride: boolean }> {
  const log = forOrder(logger, o.globalId);
  let conflicts = 0;
  const differences = priceDifferences(o.lines, (id) => catalog.priceAt(id));
  for (const d of differences) {
    const review = await client.query<{ id: number }>(
      `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
       VALUES ('price_override', $1, $2, $3, 'kept_paid_price', 'accounting_review', $4) RETURNING id`,
      [o.storeId, o.globalId, o.businessDay, { ...d, orderNumber: o.orderNumber }],
    );
    decisions.push(decisionEvent(o.storeId, 'price_override', priceOverridden(o.globalId, d.productId, d.paidUnitPrice, d.centralUnitPrice), o.globalId));
    log.warn('order paid at an old price: kept, flagged for accounting', { ...d, reviewId: review.rows[0]!.id });
    conflicts++;
  }
  for (const productId of availabilityMismatches(o.lines.map((l) => l.productId), (id) => catalog.available(id))) {
    const review = await client.query<{ id: number }>(
      `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
       VALUES ('availability_mismatch', $1, $2, $3, 'central_value_applies', 'manual_review', $4) RETURNING id`,
      [o.storeId, o.globalId, o.businessDay, { productId, centralAvailable: false, orderNumber: o.orderNumber }],
    );
    const id = String(review.rows[0]!.id);
    decisions.push(decisionEvent(o.storeId, 'availability_mismatch',
      reviewRequested(id, 'availability_mismatch', productId, `order ${o.orderNumber} sold ${productId}, which central has as unavailable`), o.globalId));
    log.warn('order sold a product central has as unavailable: queued for review', { productId, reviewId: id });
    conflicts++;
  }
  return { conflicts, priceOverride: differences.length > 0 };
}

/**
 * Orders, lines and payments of one batch, written with one multi-row INSERT per table (a round trip per row
 * made a 10,000-order backlog take minutes). Rows are queued in arrival order and flushed before anything
 * that must read them back.
 */
class OrderBatch {
  private orders: { o: IncomingOrder; displayNumber: string; storeSeq: number | null; priceOverride: boolean }[] = [];
  private payments: IncomingPayment[] = [];

  constructor(private readonly client: PoolClient) {}

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
    }
    if (payments.length > 0) {
      await this.client.query(
        `INSERT INTO central.payments (global_id, payment_id, status, method, amount, currency, reference, recorded_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
         ON CONFLICT DO NOTHING`,
        [payments.map((p) => p.globalId), payments.map((p) => p.paymentId), payments.map((p) => p.status), payments.map((p) => p.method),
          payments.map((p) => p.amount), payments.map((p) => p.currency), payments.map((p) => p.reference), payments.map((p) => p.recordedAt)],
      );
    }
  }
}

export async function commitKitchen(client: PoolClient, storeId: string, stream: string, items: { storeSeq: number | null; event: IncomingKitchenEvent | null }[]): Promise<number> {
  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(`INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, [storeId, stream, seqs]);
  }
  const events = items.flatMap((i) => (i.event ? [i.event] : []));
  if (events.length === 0) return 0;
  const col = <T>(f: (e: IncomingKitchenEvent) => T) => events.map(f);
  const r = await client.query(
    `INSERT INTO central.kitchen_events (event_id, store_id, ticket_id, global_id, order_number, status, previous_status, version, action, changed_at, actor)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::timestamptz[], $11::text[])
     ON CONFLICT (event_id) DO NOTHING`,
    [col((e) => e.eventId), col(() => storeId), col((e) => e.ticketId), col((e) => e.globalId), col((e) => e.orderNumber), col((e) => e.status),
      col((e) => e.previousStatus), col((e) => e.version), col((e) => e.action), col((e) => e.changedAt), col((e) => e.actor)],
  );
  const inserted = r.rowCount ?? 0;
  return inserted;
}

/**
 * Moves the store stream's receipt mark up to the highest contiguous committed sequence, adds the orders this
 * batch committed, and returns the mark with the store's committed order count. Takes the mark row's lock, so
 * replicas advance it one at a time.
 */
export async function advanceReceipt(client: PoolClient, storeId: string, stream: string, ordersAdded = 0): Promise<{ committedSeq: number; ordersCommitted: number }> {
  await client.query(`INSERT INTO central.receipt_marks (store_id, stream, committed_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [storeId, stream]);
  const mark = (await client.query<{ committed_seq: number }>(
    'SELECT committed_seq FROM central.receipt_marks WHERE store_id = $1 AND stream = $2 FOR UPDATE', [storeId, stream])).rows[0]!.committed_seq;
  // The end of the run of consecutive sequences that starts at mark + 1 (or at the first one ever committed),
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
  if (next !== mark || ordersAdded > 0) {
    await client.query('UPDATE central.receipt_marks SET committed_seq = $3, orders_committed = orders_committed + $4, updated_at = now() WHERE store_id = $1 AND stream = $2',
      [storeId, stream, next, ordersAdded]);
  }
  // Below the mark every sequence is committed and the mark says so: those rows are never read again.
  if (next > mark) await client.query('DELETE FROM central.stream_seqs WHERE store_id = $1 AND stream = $2 AND store_seq < $3', [storeId, stream, next]);
  // A few rows per store (one per stream): the count is kept, never taken from central.orders.
  const orders = await client.query<{ n: number }>('SELECT coalesce(sum(orders_committed), 0)::bigint AS n FROM central.receipt_marks WHERE store_id = $1', [storeId]);
  return { committedSeq: next, ordersCommitted: Number(orders.rows[0]!.n) };
}
