import { enqueueEvents, forOrder, type Logger, type OutboxEvent, type PoolClient } from '@kiosk/kit';
import { availabilityMismatches, nextSequencePast, priceDifferences, renamedNumber } from '../domain/conflicts.js';
import type { IncomingKitchenEvent, IncomingOrder, IncomingPayment } from '../domain/events.js';
import { centralCatalogFor } from './central-catalog.js';
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
  // Collisions are judged per business day across the fleet: replicas committing orders of the same day take
  // turns (a transaction lock), so two arrivals of the same number cannot both think they came first.
  const days = [...new Set(items.flatMap((i) => (i.kind === 'order' ? [i.order.businessDay] : [])))].sort();
  for (const day of days) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`central-day:${day}`]);

  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(
      `INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`,
      [storeId, stream, seqs],
    );
  }
  const decisions: OutboxEvent[] = [];
  for (const item of items) {
    if (item.kind === 'order') {
      const r = await commitOrder(client, item.order, item.storeSeq, decisions, logger);
      if (r === 'duplicate') out.duplicates++;
      else {
        out.ordersInserted++;
        out.conflicts += r.conflicts;
      }
    } else if (item.kind === 'payment') {
      await insertPayment(client, item.payment);
    }
  }
  await enqueueEvents(client, ingestOutbox, decisions);
  return out;
}

async function commitOrder(client: PoolClient, o: IncomingOrder, storeSeq: number | null, decisions: OutboxEvent[], logger: Logger): Promise<'duplicate' | { conflicts: number }> {
  const existing = await client.query('SELECT 1 FROM central.orders WHERE global_id = $1', [o.globalId]);
  if (existing.rowCount) return 'duplicate';
  const log = forOrder(logger, o.globalId);
  let conflicts = 0;

  // (b) Order-number collision: see renamedNumber() for the rule.
  let displayNumber = o.orderNumber;
  const holder = await client.query<{ global_id: string; store_id: string }>(
    'SELECT global_id, store_id FROM central.orders WHERE business_day = $1 AND display_number = $2', [o.businessDay, o.orderNumber]);
  if (holder.rows[0]) {
    const day = await client.query<{ display_number: string; store_id: string; day_sequence: number }>(
      'SELECT display_number, store_id, day_sequence FROM central.orders WHERE business_day = $1', [o.businessDay]);
    displayNumber = renamedNumber(o.orderNumber, o.storeId, new Set(day.rows.map((r) => r.display_number)));
    const next = nextSequencePast(o.daySequence, day.rows.map((r) => r.day_sequence));
    await client.query(
      `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
       VALUES ('order_number_collision', $1, $2, $3, 'renamed_later_arrival', 'resolved', $4)`,
      [o.storeId, o.globalId, o.businessDay, { orderNumber: o.orderNumber, renamedTo: displayNumber, heldBy: holder.rows[0].global_id, heldByStore: holder.rows[0].store_id, nextSequence: next }],
    );
    decisions.push(decisionEvent(o.storeId, 'order_number_collision', orderRenamed(o.globalId, o.orderNumber, displayNumber), o.globalId));
    decisions.push(decisionEvent(o.storeId, 'order_number_collision', numberingMoved(o.businessDay, next), o.globalId));
    log.warn('order number collision: later arrival renamed', { orderNumber: o.orderNumber, renamedTo: displayNumber, heldBy: holder.rows[0].global_id, nextSequence: next });
    conflicts++;
  }

  // (a) Paid at an old price, (c) sold out centrally.
  const catalog = await centralCatalogFor(client, o.lines.map((l) => l.productId), o.createdAt);
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

  await client.query(
    `INSERT INTO central.orders (global_id, store_id, event_id, kiosk_id, order_number, display_number, business_day, day_sequence, mode,
       customer_name, notes, currency, subtotal, tax, service_charge, total, catalog_version, price_override, created_at, store_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
    [o.globalId, o.storeId, o.eventId, o.kioskId, o.orderNumber, displayNumber, o.businessDay, o.daySequence, o.mode, o.customerName, o.notes,
      o.currency, o.subtotal, o.tax, o.serviceCharge, o.total, o.catalogVersion, differences.length > 0, o.createdAt, storeSeq],
  );
  for (const [i, l] of o.lines.entries()) {
    await client.query(
      `INSERT INTO central.order_lines (global_id, line_no, product_id, name, quantity, unit_price, options, line_total) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [o.globalId, i + 1, l.productId, l.name, l.quantity, l.unitPrice, JSON.stringify(l.options), l.lineTotal],
    );
  }
  if (o.payment) await insertPayment(client, o.payment);
  return { conflicts };
}

async function insertPayment(client: PoolClient, p: IncomingPayment): Promise<void> {
  await client.query(
    `INSERT INTO central.payments (global_id, payment_id, status, method, amount, currency, reference, recorded_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
    [p.globalId, p.paymentId, p.status, p.method, p.amount, p.currency, p.reference, p.recordedAt],
  );
}

export async function commitKitchen(client: PoolClient, storeId: string, stream: string, items: { storeSeq: number | null; event: IncomingKitchenEvent | null }[]): Promise<number> {
  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length > 0) {
    await client.query(`INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, [storeId, stream, seqs]);
  }
  let inserted = 0;
  for (const { event: e } of items) {
    if (!e) continue;
    const r = await client.query(
      `INSERT INTO central.kitchen_events (event_id, store_id, ticket_id, global_id, order_number, status, previous_status, version, action, changed_at, actor)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, storeId, e.ticketId, e.globalId, e.orderNumber, e.status, e.previousStatus, e.version, e.action, e.changedAt, e.actor],
    );
    inserted += r.rowCount ?? 0;
  }
  return inserted;
}

/**
 * Moves the store stream's receipt mark up to the highest contiguous committed sequence and returns it with
 * the store's committed order count. Takes the mark row's lock, so replicas advance it one at a time.
 */
export async function advanceReceipt(client: PoolClient, storeId: string, stream: string): Promise<{ committedSeq: number; ordersCommitted: number }> {
  await client.query(`INSERT INTO central.receipt_marks (store_id, stream, committed_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [storeId, stream]);
  const mark = (await client.query<{ committed_seq: number }>(
    'SELECT committed_seq FROM central.receipt_marks WHERE store_id = $1 AND stream = $2 FOR UPDATE', [storeId, stream])).rows[0]!.committed_seq;
  // The end of the run of consecutive sequences that starts at mark + 1 (or at the first one ever committed).
  const r = await client.query<{ end_seq: number | null }>(
    `SELECT min(s.store_seq) AS end_seq FROM central.stream_seqs s
      WHERE s.store_id = $1 AND s.stream = $2 AND s.store_seq >= $3
        AND NOT EXISTS (SELECT 1 FROM central.stream_seqs n WHERE n.store_id = s.store_id AND n.stream = s.stream AND n.store_seq = s.store_seq + 1)`,
    [storeId, stream, mark],
  );
  // From mark 0 the run may start above 1: the store's stream had messages central never got a sequence for
  // (forwarded before the uplink stamped sequences), and those cannot be waited for.
  const endSeq = r.rows[0]!.end_seq;
  const next = endSeq !== null ? Math.max(mark, endSeq) : mark;
  if (next !== mark) await client.query('UPDATE central.receipt_marks SET committed_seq = $3, updated_at = now() WHERE store_id = $1 AND stream = $2', [storeId, stream, next]);
  const orders = await client.query<{ n: number }>('SELECT count(*)::bigint AS n FROM central.orders WHERE store_id = $1', [storeId]);
  return { committedSeq: next, ordersCommitted: orders.rows[0]!.n };
}
