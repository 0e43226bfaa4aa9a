import { eq, sql, type Placeholder } from 'drizzle-orm';
import { dbOf, pgError, type Db, type OutboxEvent, type Pool } from '@kiosk/kit';
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

const ph = (name: string) => sql.placeholder(name);
const lineKeys = ['productId', 'name', 'quantity', 'unitPrice', 'options', 'notes', 'station', 'lineTotal'] as const;
const eventKeys = ['eventId', 'subject', 'eventType', 'payload'] as const;

/**
 * Order + lines + payment + both outbox events (+ the offline card row of a card approved offline) in ONE
 * statement of data-modifying CTEs: one atomic statement (one transaction in autocommit, one round trip, one
 * fsync). Every value is a placeholder, so the statement is built and prepared once per shape (its number of
 * lines, with or without an offline card) and each order only fills it in.
 */
function orderInsert(db: Db, lines: number, offline: boolean) {
  const writes = [
    db.$with('o').as(db.insert(orderTable).values({
      globalId: ph('globalId'), storeId: ph('storeId'), originStoreId: ph('storeId'), kioskId: ph('kioskId'), businessDay: ph('businessDay'),
      daySequence: ph('daySequence'), orderNumber: ph('orderNumber'), status: ph('status'), mode: ph('mode'), customerName: ph('customerName'),
      notes: ph('notes'), currency: ph('currency'), subtotal: ph('subtotal'), serviceCharge: ph('serviceCharge'), tax: ph('tax'), total: ph('total'),
      catalogVersion: ph('catalogVersion'), requestHash: ph('requestHash'),
      // The answer's own bytes: a repeat returns them as they are (the json column would serialise an object again).
      view: sql`${ph('viewJson')}::json`,
      createdAt: ph('createdAt'), updatedAt: ph('createdAt'),
    }).returning({ globalId: orderTable.globalId })),
    db.$with('l').as(db.insert(orderLineTable).values(Array.from({ length: lines }, (_, i) => ({
      globalId: ph('globalId'), lineNo: i + 1, ...Object.fromEntries(lineKeys.map((k) => [k, ph(`line${i}.${k}`)])) as Record<(typeof lineKeys)[number], Placeholder>,
    }))).returning({ lineNo: orderLineTable.lineNo })),
    db.$with('p').as(db.insert(paymentTable).values({
      paymentId: ph('paymentId'), globalId: ph('globalId'), method: ph('paymentMethod'), status: ph('paymentStatus'), amount: ph('paymentAmount'),
      currency: ph('currency'), reference: ph('paymentReference'), createdAt: ph('createdAt'),
    }).returning({ paymentId: paymentTable.paymentId })),
    db.$with('e').as(db.insert(outboxTable).values([0, 1].map((i) => ({
      correlationId: ph('globalId'), ...Object.fromEntries(eventKeys.map((k) => [k, ph(`event${i}.${k}`)])) as Record<(typeof eventKeys)[number], Placeholder>,
    }))).returning({ id: outboxTable.id })),
    ...(offline ? [db.$with('c').as(db.insert(offlineCardTable).values({
      paymentId: ph('paymentId'), globalId: ph('globalId'), terminalId: ph('kioskId'), amount: ph('paymentAmount'), currency: ph('currency'),
      offlineReference: ph('paymentReference'), approvedAt: ph('createdAt'), expiresAt: ph('expiresAt'),
    }).returning({ paymentId: offlineCardTable.paymentId }))] : []),
  ] as const;
  const [o] = writes;
  return db.with(...writes).select({ globalId: o.globalId }).from(o).prepare(`orders_insert_${lines}${offline ? '_offline' : ''}`);
}

export class OrderRepo {
  private readonly inserts = new Map<string, ReturnType<typeof orderInsert>>();

  constructor(private readonly pool: Pool) {}

  /**
   * Writes the order unless its globalId exists. Returns true if this call created it. A taken order number
   * (unique index) throws a `NumberTakenError` so the caller can draw a new one.
   *
   * A repeat of a globalId breaks a unique key (the order's, its lines' or its payment's), which fails the whole
   * statement, so nothing of it is written; a concurrent repeat waits for the winner's commit first. The caller
   * then reads the stored order (`find`).
   */
  async insert(order: NewOrder, viewJson: string, events: [OutboxEvent, OutboxEvent], offline?: { expiresAt: Date }): Promise<boolean> {
    const v = order.view;
    const shape = `${v.lines.length}${offline ? 'c' : ''}`;
    let statement = this.inserts.get(shape);
    if (!statement) {
      statement = orderInsert(dbOf(this.pool), v.lines.length, offline !== undefined);
      this.inserts.set(shape, statement);
    }
    const values: Record<string, unknown> = {
      globalId: v.globalId, storeId: v.storeId, kioskId: v.kioskId, businessDay: v.businessDay, daySequence: order.daySequence,
      orderNumber: v.orderNumber, status: v.status, mode: v.mode, customerName: v.customerName ?? null, notes: v.notes ?? null,
      currency: v.currency, subtotal: v.subtotal, serviceCharge: v.serviceCharge, tax: v.tax, total: v.total, catalogVersion: v.catalogVersion,
      requestHash: order.requestHash, viewJson, createdAt: new Date(v.createdAt),
      paymentId: order.paymentId, paymentMethod: v.payment.method, paymentStatus: v.payment.status, paymentAmount: v.payment.amount,
      paymentReference: v.payment.reference ?? null, expiresAt: offline?.expiresAt ?? null,
    };
    v.lines.forEach((l, i) => Object.assign(values, {
      [`line${i}.productId`]: l.productId, [`line${i}.name`]: l.name, [`line${i}.quantity`]: l.quantity, [`line${i}.unitPrice`]: l.unitPrice,
      [`line${i}.options`]: l.options, [`line${i}.notes`]: l.notes ?? null, [`line${i}.station`]: l.station, [`line${i}.lineTotal`]: l.lineTotal,
    }));
    events.forEach((e, i) => Object.assign(values, {
      [`event${i}.eventId`]: e.eventId, [`event${i}.subject`]: e.subject, [`event${i}.eventType`]: e.eventType, [`event${i}.payload`]: Buffer.from(e.payload),
    }));
    try {
      await statement.execute(values);
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
