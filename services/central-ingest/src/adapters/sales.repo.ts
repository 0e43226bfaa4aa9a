import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { dbOf, enqueueEvents, forOrder, type Logger, type OutboxEvent, type PoolClient } from '@kiosk/kit';
import { daysToRead, resolveOrders, type Conflict, type NumberHolder } from '../domain/order-batch.js';
import type { IncomingKitchenEvent, IncomingOrder, IncomingPayment } from '../domain/events.js';
import type { IncomingOfflineCardFailure, IncomingReversal } from '../domain/counter-events.js';
import type { ZReportView } from '@kiosk/contracts';
import { centralCatalogForOrders } from './central-catalog.js';
import { insertOfflineCardFailures, insertReversals, insertZReports } from './counter.repo.js';
import { insertPayments, lockStoreRollups, rollUpKitchen, rollUpOrders } from './rollups.js';
import { decisionEvent, ingestOutbox, reviewRequested } from './decisions.js';
import { conflicts, kitchenEvents, orderLines, orders as ordersTable, receiptMarks, streamSeqs } from './db/schema.js';
import { columnList, insertRows } from './db/sql.js';

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
  const db = dbOf(client);
  await lockStoreRollups(db, storeId);
  await recordSeqs(db, storeId, stream, items);
  const orders = items.flatMap((i) => (i.kind === 'order' ? [i] : []));
  const known = new Set((await db.select({ globalId: ordersTable.globalId }).from(ordersTable)
    .where(inArray(ordersTable.globalId, orders.map((i) => i.order.globalId)))).map((r) => r.globalId));
  const fresh = orders.filter((i) => !known.has(i.order.globalId) && (known.add(i.order.globalId), true));
  const incoming = fresh.map((i) => i.order);
  const resolved = resolveOrders(incoming, {
    days: await numbersOfDays(db, daysToRead(incoming, await numbersTaken(db, incoming))),
    catalogs: await centralCatalogForOrders(client, incoming.map((o) => ({ productIds: o.lines.map((l) => l.productId), at: o.createdAt }))),
  });

  const batch = new OrderBatch(db, storeId, reportTimeZone);
  resolved.orders.forEach(({ order, displayNumber, priceOverride }, n) => batch.order(order, displayNumber, fresh[n]!.storeSeq, priceOverride));
  for (const item of items) if (item.kind === 'payment') batch.payment(item.payment);
  await batch.flush();
  const decisions = await recordConflicts(db, resolved.conflicts, logger);
  for (const { order: o, displayNumber } of resolved.orders) {
    // The last line of an order's trail from kiosk to central (README: following one order through the logs).
    forOrder(logger, o.globalId).info('order committed at central', { storeId: o.storeId, orderNumber: o.orderNumber, displayNumber });
  }
  await insertReversals(db, items.flatMap((i) => (i.kind === 'reversal' ? [i.reversal] : [])), reportTimeZone);
  await insertZReports(db, items.flatMap((i) => (i.kind === 'z_report' ? [i.zReport] : [])));
  const offlineCardConflicts = await insertOfflineCardFailures(db, items.flatMap((i) => (i.kind === 'offline_card_failed' ? [i.failure] : [])), storeId, logger);
  await enqueueEvents(client, ingestOutbox, decisions);
  return { ordersInserted: resolved.orders.length, duplicates: orders.length - fresh.length, conflicts: resolved.conflicts.length + offlineCardConflicts };
}

/** The batch's stream sequences, committed with it (what the receipt mark moves over). */
async function recordSeqs(db: NodePgDatabase, storeId: string, stream: string, items: { storeSeq: number | null }[]): Promise<void> {
  const seqs = items.map((i) => i.storeSeq).filter((s): s is number => s !== null);
  if (seqs.length === 0) return;
  await db.execute(sql`${insertRows(streamSeqs, seqs, [[streamSeqs.storeId, () => storeId], [streamSeqs.stream, () => stream], [streamSeqs.storeSeq, (seq) => seq]])} ON CONFLICT DO NOTHING`);
}

/** Which of these orders' numbers some order central has already shows on the pickup board that day ("day number"). */
async function numbersTaken(db: NodePgDatabase, orders: IncomingOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const q = sql`unnest(${sql.param(orders.map((o) => o.businessDay))}::text[], ${sql.param(orders.map((o) => o.orderNumber))}::text[]) AS q(day, num)`;
  const rows = await db.select({ businessDay: ordersTable.businessDay, displayNumber: ordersTable.displayNumber }).from(ordersTable)
    .innerJoin(q, sql`${ordersTable.businessDay} = q.day AND ${ordersTable.displayNumber} = q.num`);
  return new Set(rows.map((r) => `${r.businessDay} ${r.displayNumber}`));
}

/** Every number central holds on these business days, with the order holding it (the rare path: collisions). */
async function numbersOfDays(db: NodePgDatabase, days: string[]): Promise<Map<string, Map<string, NumberHolder>>> {
  const out = new Map<string, Map<string, NumberHolder>>();
  if (days.length === 0) return out;
  const rows = await db.select({
    businessDay: ordersTable.businessDay, displayNumber: ordersTable.displayNumber, globalId: ordersTable.globalId, storeId: ordersTable.storeId, daySequence: ordersTable.daySequence,
  }).from(ordersTable).where(inArray(ordersTable.businessDay, days));
  for (const r of rows) {
    let numbers = out.get(r.businessDay);
    if (!numbers) out.set(r.businessDay, (numbers = new Map()));
    numbers.set(r.displayNumber, { globalId: r.globalId, storeId: r.storeId, daySequence: r.daySequence });
  }
  return out;
}

/** Writes the conflicts the rules found and answers the decisions they send to the stores. */
async function recordConflicts(db: NodePgDatabase, found: Conflict[], logger: Logger): Promise<OutboxEvent[]> {
  const decisions: OutboxEvent[] = [];
  for (const c of found) {
    const [row] = await db.insert(conflicts).values({
      kind: c.kind, storeId: c.storeId, globalId: c.globalId, businessDay: c.businessDay, resolution: c.resolution, reviewStatus: c.reviewStatus, details: c.details,
    }).returning({ id: conflicts.id });
    const reviewId = String(row!.id);
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

  constructor(private readonly db: NodePgDatabase, private readonly storeId: string, private readonly reportTimeZone: string) {}

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
      const t = ordersTable;
      await this.db.execute(insertRows(t, orders, [
        [t.globalId, (r) => r.o.globalId], [t.storeId, (r) => r.o.storeId], [t.eventId, (r) => r.o.eventId], [t.kioskId, (r) => r.o.kioskId],
        [t.orderNumber, (r) => r.o.orderNumber], [t.displayNumber, (r) => r.displayNumber], [t.businessDay, (r) => r.o.businessDay],
        [t.daySequence, (r) => r.o.daySequence], [t.mode, (r) => r.o.mode], [t.customerName, (r) => r.o.customerName], [t.notes, (r) => r.o.notes],
        [t.currency, (r) => r.o.currency], [t.subtotal, (r) => r.o.subtotal], [t.tax, (r) => r.o.tax], [t.serviceCharge, (r) => r.o.serviceCharge],
        [t.total, (r) => r.o.total], [t.catalogVersion, (r) => r.o.catalogVersion], [t.priceOverride, (r) => r.priceOverride],
        [t.createdAt, (r) => r.o.createdAt], [t.storeSeq, (r) => r.storeSeq],
      ]));
      const lines = orders.flatMap(({ o }) => o.lines.map((line, i) => ({ globalId: o.globalId, lineNo: i + 1, line })));
      const l = orderLines;
      if (lines.length > 0) {
        await this.db.execute(insertRows(l, lines, [
          [l.globalId, (r) => r.globalId], [l.lineNo, (r) => r.lineNo], [l.productId, (r) => r.line.productId], [l.name, (r) => r.line.name],
          [l.quantity, (r) => r.line.quantity], [l.unitPrice, (r) => r.line.unitPrice], [l.options, (r) => JSON.stringify(r.line.options)], [l.lineTotal, (r) => r.line.lineTotal],
        ]));
      }
      await rollUpOrders(this.db, orders.map(({ o }) => o.globalId), this.reportTimeZone);
    }
    await insertPayments(this.db, payments, this.storeId);
  }
}

export async function commitKitchen(client: PoolClient, storeId: string, stream: string, items: { storeSeq: number | null; event: IncomingKitchenEvent | null }[]): Promise<number> {
  const db = dbOf(client);
  await recordSeqs(db, storeId, stream, items);
  const events = items.flatMap((i) => (i.event ? [i.event] : []));
  if (events.length === 0) return 0;
  await lockStoreRollups(db, storeId);
  let inserted = 0;
  const k = kitchenEvents;
  inserted += (await db.execute(sql`${insertRows(k, events, [
    [k.eventId, (e) => e.eventId], [k.storeId, () => storeId], [k.ticketId, (e) => e.ticketId], [k.globalId, (e) => e.globalId],
    [k.orderNumber, (e) => e.orderNumber], [k.status, (e) => e.status], [k.previousStatus, (e) => e.previousStatus], [k.version, (e) => e.version],
    [k.action, (e) => e.action], [k.changedAt, (e) => e.changedAt], [k.actor, (e) => e.actor],
  ])} ON CONFLICT (${columnList(k.eventId)}) DO NOTHING`)).rowCount ?? 0;
  await rollUpKitchen(db, events.map((e) => ({ storeId, ticketId: e.ticketId, globalId: e.globalId, status: e.status, changedAt: e.changedAt })));
  return inserted;
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
  const db = dbOf(client);
  const thisStream = and(eq(receiptMarks.storeId, storeId), eq(receiptMarks.stream, stream));
  await db.insert(receiptMarks).values({ storeId, stream, committedSeq: 0 }).onConflictDoNothing();
  const [held] = await db.select({ committedSeq: receiptMarks.committedSeq, streamStart: receiptMarks.streamStart }).from(receiptMarks).where(thisStream).for('update');
  let mark = held!.committedSeq;
  const start = Math.max(held!.streamStart, streamStart);
  if (start - 1 > mark) {
    mark = start - 1;
    // The run below starts from the row at the mark: there is none for a sequence the stream never had.
    await db.insert(streamSeqs).values({ storeId, stream, storeSeq: mark }).onConflictDoNothing();
  }
  // The end of the run of consecutive sequences that starts at the mark (or at the first one ever committed),
  // looking only at sequences from the mark up: rows below it are pruned as it moves (an anti-join over every
  // sequence ever committed made a 10,000-order backlog slower with every batch).
  const run = await db.execute<{ end_seq: number }>(sql`
    SELECT store_seq AS end_seq FROM (
      SELECT ${streamSeqs.storeSeq} AS store_seq, lead(${streamSeqs.storeSeq}) OVER (ORDER BY ${streamSeqs.storeSeq}) AS after
        FROM ${streamSeqs} WHERE ${streamSeqs.storeId} = ${storeId} AND ${streamSeqs.stream} = ${stream} AND ${streamSeqs.storeSeq} >= ${mark}) run
     WHERE after IS DISTINCT FROM store_seq + 1
     ORDER BY store_seq LIMIT 1`);
  // From mark 0 the run may start above 1: the store's stream had messages central never got a sequence for
  // (forwarded before the uplink stamped sequences), and those cannot be waited for.
  const endSeq = run.rows[0]?.end_seq ?? null;
  const next = endSeq !== null ? Math.max(mark, endSeq) : mark;
  if (next !== held!.committedSeq || start !== held!.streamStart || ordersAdded > 0) {
    await db.update(receiptMarks)
      .set({ committedSeq: next, streamStart: start, ordersCommitted: sql`${receiptMarks.ordersCommitted} + ${ordersAdded}`, updatedAt: sql`now()` })
      .where(thisStream);
  }
  // Below the mark every sequence is committed and the mark says so: those rows are never read again.
  if (next > held!.committedSeq) {
    await db.delete(streamSeqs).where(and(eq(streamSeqs.storeId, storeId), eq(streamSeqs.stream, stream), lt(streamSeqs.storeSeq, next)));
  }
  // A few rows per store (one per stream): the count is kept, never taken from central.orders.
  const [orders] = await db.select({ n: sql<number>`coalesce(sum(${receiptMarks.ordersCommitted}), 0)::bigint` }).from(receiptMarks).where(eq(receiptMarks.storeId, storeId));
  return { committedSeq: next, streamStart: start, ordersCommitted: Number(orders!.n) };
}
