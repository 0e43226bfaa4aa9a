import type { Pool } from '@kiosk/kit';
import type { OutboxEvent } from '@kiosk/kit';
import type { NewOrder } from '../src/domain/order.js';

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

/**
 * Order + lines + payment + both outbox events (+ the offline card row of a card approved offline) in ONE statement: data-modifying CTEs run
 * as one atomic statement (one transaction in autocommit, one round trip, one fsync). ON CONFLICT on the
 * primary key makes a concurrent duplicate wait for the winner and insert nothing; every other CTE reads from
 * `o`, so a losing duplicate writes no line, payment or event either.
 */
const INSERT_ORDER = `
WITH o AS (
  INSERT INTO orders.orders (global_id, store_id, origin_store_id, kiosk_id, business_day, day_sequence, order_number, status, mode,
    customer_name, notes, currency, subtotal, service_charge, tax, total, catalog_version, request_hash, view, created_at, updated_at)
  VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::json, $19, $19)
  ON CONFLICT (global_id) DO NOTHING
  RETURNING global_id
), l AS (
  INSERT INTO orders.order_lines (global_id, line_no, product_id, name, quantity, unit_price, options, notes, station, line_total)
  SELECT o.global_id, x.line_no, x.product_id, x.name, x.quantity, x.unit_price, x.options, x.notes, x.station, x.line_total
    FROM o, jsonb_to_recordset($20::jsonb) AS x(line_no int, product_id text, name text, quantity int, unit_price bigint,
      options jsonb, notes text, station text, line_total bigint)
), p AS (
  INSERT INTO orders.payments (payment_id, global_id, method, status, amount, currency, reference, created_at)
  SELECT $21, o.global_id, $22, $23, $24, $11, $25, $19 FROM o
), e AS (
  INSERT INTO ${OUTBOX.table} (event_id, subject, event_type, payload, correlation_id)
  SELECT x.event_id, x.subject, x.event_type, x.payload, x.correlation_id
    FROM o, (VALUES ($26::uuid, $27, $28, $29::bytea, $1::text), ($30::uuid, $31, $32, $33::bytea, $1::text))
      AS x(event_id, subject, event_type, payload, correlation_id)
), c AS (
  INSERT INTO orders.offline_card_payments (payment_id, global_id, terminal_id, amount, currency, offline_reference, approved_at, expires_at)
  SELECT $21, o.global_id, $3, $24, $11, $25, $19, $35 FROM o WHERE $34::bool
)
SELECT o.global_id FROM o`;

export class OrderRepo {
  constructor(private readonly pool: Pool) {}

  /**
   * Writes the order unless its globalId exists. Returns true if this call created it. A taken order number
   * (unique index) throws a `NumberTakenError` so the caller can draw a new one.
   */
  async insert(order: NewOrder, viewJson: string, events: [OutboxEvent, OutboxEvent], offline?: { expiresAt: Date }): Promise<boolean> {
    const v = order.view;
    const lines = v.lines.map((l, i) => ({
      line_no: i + 1, product_id: l.productId, name: l.name, quantity: l.quantity, unit_price: l.unitPrice,
      options: l.options, notes: l.notes ?? null, station: l.station, line_total: l.lineTotal,
    }));
    const [created, recorded] = events;
    try {
      const { rowCount } = await this.pool.query(INSERT_ORDER, [
        v.globalId, v.storeId, v.kioskId, v.businessDay, order.daySequence, v.orderNumber, v.status, v.mode,
        v.customerName ?? null, v.notes ?? null, v.currency, v.subtotal, v.serviceCharge, v.tax, v.total, v.catalogVersion,
        order.requestHash, viewJson, v.createdAt, JSON.stringify(lines),
        order.paymentId, v.payment.method, v.payment.status, v.payment.amount, v.payment.reference ?? null,
        created.eventId, created.subject, created.eventType, Buffer.from(created.payload),
        recorded.eventId, recorded.subject, recorded.eventType, Buffer.from(recorded.payload),
        offline !== undefined, offline?.expiresAt ?? null,
      ]);
      return rowCount === 1;
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'orders_day_number_uq') throw new NumberTakenError(v.orderNumber, { cause: err });
      throw err;
    }
  }

  async find(globalId: string): Promise<StoredOrder | null> {
    const { rows } = await this.pool.query<{ request_hash: string; view: string }>(
      'SELECT request_hash, view::text AS view FROM orders.orders WHERE global_id = $1',
      [globalId],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, viewJson: row.view } : null;
  }
}

export class NumberTakenError extends Error {
  override name = 'NumberTakenError';
  constructor(readonly orderNumber: string, options?: { cause?: unknown }) {
    super(`order number ${orderNumber} is already taken today`, options);
  }
}
