import { eq, sql } from 'drizzle-orm';
import { dbOf, pgError, type OutboxEvent, type Pool } from '@kiosk/kit';
import type { NewOrder } from '../domain/order.js';
import { offlineCardTable, orderLineTable, orderTable, outboxTable, paymentTable } from './db/schema.js';

/**
 * The relay LISTENs on `channel`, but order writes do not NOTIFY inside their transaction: Postgres takes one
 * global lock at the commit of every notifying transaction and holds it through the WAL fsync, which would
 * serialise all orders exactly like a counter row (known Postgres behaviour, see the notify queue lock in async.c; not measured here: the box was
 * too busy to tell the difference). The service wakes its
 * relay in-process after each commit instead (`OrderService` -> `relay.kick()`); the relay's sweep catches
 * anything else (another replica's orders, a crash between commit and kick).
 */
export const OUTBOX = { table: 'orders.outbox', channel: 'orders_outbox' } as const;

/** What is stored for a globalId: enough to answer a repeat (same hash) or refuse a different body. */
export interface StoredOrder {
  requestHash: string;
  /** The JSON text answered when the order was created, byte for byte. */
  viewJson: string;
}

export class OrderRepo {
  constructor(private readonly pool: Pool) {}

  /**
   * Writes the order unless its globalId exists. Returns true if this call created it. A taken order number
   * (unique index) throws a `NumberTakenError` so the caller can draw a new one.
   *
   * Order, lines, payment, both outbox events (and the offline card row of a card approved offline) in ONE
   * statement: data-modifying CTEs run as one atomic statement (one transaction in autocommit, one round trip,
   * one fsync). A repeat of a globalId breaks a unique key (the order's, its lines' or its payment's), which
   * fails the whole statement, so nothing of it is written; a concurrent repeat waits for the winner's commit
   * first. The caller then reads the stored order (`find`).
   */
  async insert(order: NewOrder, viewJson: string, events: [OutboxEvent, OutboxEvent], offline?: { expiresAt: Date }): Promise<boolean> {
    const v = order.view;
    const createdAt = new Date(v.createdAt);
    const db = dbOf(this.pool);
    const writes = [
      db.$with('o').as(db.insert(orderTable).values({
        globalId: v.globalId, storeId: v.storeId, originStoreId: v.storeId, kioskId: v.kioskId, businessDay: v.businessDay,
        daySequence: order.daySequence, orderNumber: v.orderNumber, status: v.status, mode: v.mode, customerName: v.customerName ?? null,
        notes: v.notes ?? null, currency: v.currency, subtotal: v.subtotal, serviceCharge: v.serviceCharge, tax: v.tax, total: v.total,
        catalogVersion: v.catalogVersion, requestHash: order.requestHash,
        // The answer's own bytes: a repeat returns them as they are (the json column would serialise the object again).
        view: sql`${viewJson}::json`,
        createdAt, updatedAt: createdAt,
      }).returning({ globalId: orderTable.globalId })),
      db.$with('l').as(db.insert(orderLineTable).values(v.lines.map((l, i) => ({
        globalId: v.globalId, lineNo: i + 1, productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice,
        options: l.options, notes: l.notes ?? null, station: l.station, lineTotal: l.lineTotal,
      }))).returning({ lineNo: orderLineTable.lineNo })),
      db.$with('p').as(db.insert(paymentTable).values({
        paymentId: order.paymentId, globalId: v.globalId, method: v.payment.method, status: v.payment.status, amount: v.payment.amount,
        currency: v.currency, reference: v.payment.reference ?? null, createdAt,
      }).returning({ paymentId: paymentTable.paymentId })),
      db.$with('e').as(db.insert(outboxTable).values(events.map((e) => ({
        eventId: e.eventId, subject: e.subject, eventType: e.eventType, payload: Buffer.from(e.payload), correlationId: v.globalId,
      }))).returning({ id: outboxTable.id })),
      ...(offline ? [db.$with('c').as(db.insert(offlineCardTable).values({
        paymentId: order.paymentId, globalId: v.globalId, terminalId: v.kioskId, amount: v.payment.amount, currency: v.currency,
        offlineReference: v.payment.reference!, approvedAt: createdAt, expiresAt: offline.expiresAt,
      }).returning({ paymentId: offlineCardTable.paymentId }))] : []),
    ] as const;
    try {
      const [o] = writes;
      await db.with(...writes).select({ globalId: o.globalId }).from(o);
      return true;
    } catch (err) {
      const e = pgError(err);
      if (e.code === '23505' && e.constraint === 'orders_day_number_uq') throw new NumberTakenError(v.orderNumber, { cause: err });
      if (e.code === '23505') return false;
      throw err;
    }
  }

  async find(globalId: string): Promise<StoredOrder | null> {
    const [row] = await dbOf(this.pool)
      .select({ requestHash: orderTable.requestHash, viewJson: sql<string>`${orderTable.view}::text` })
      .from(orderTable).where(eq(orderTable.globalId, globalId));
    return row ?? null;
  }
}

export class NumberTakenError extends Error {
  override name = 'NumberTakenError';
  constructor(readonly orderNumber: string, options?: { cause?: unknown }) {
    super(`order number ${orderNumber} is already taken today`, options);
  }
}
