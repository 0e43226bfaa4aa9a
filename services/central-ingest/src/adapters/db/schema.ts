import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';

/**
 * central-ingest's schema in central Postgres: what the fleet's stores sent, append-only. Rows are inserted
 * once (keyed by globalId / event id) and never updated; only receipt marks and the latest heartbeat move.
 * Published as `@kiosk/central-ingest/schema` (table objects and types only): central-admin's reports and views
 * read these tables through it, read-only.
 */
export const central = pgSchema('central');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** One row per order, ever (primary key globalId). display_number is central's name for it (renamed on collision). */
export const orders = central.table('orders', {
  globalId: uuid('global_id').primaryKey(),
  storeId: text('store_id').notNull(),
  eventId: text('event_id').notNull(),
  kioskId: text('kiosk_id').notNull(),
  /** The number the store gave it (what the customer's receipt shows). */
  orderNumber: text('order_number').notNull(),
  /** The number central holds it under: the store's, or the renamed one after a collision. */
  displayNumber: text('display_number').notNull(),
  businessDay: text('business_day').notNull(),
  daySequence: bigint('day_sequence', { mode: 'number' }).notNull(),
  mode: text('mode').notNull(),
  customerName: text('customer_name'),
  notes: text('notes'),
  currency: text('currency').notNull(),
  subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
  tax: bigint('tax', { mode: 'number' }).notNull(),
  serviceCharge: bigint('service_charge', { mode: 'number' }).notNull(),
  total: bigint('total', { mode: 'number' }).notNull(),
  catalogVersion: bigint('catalog_version', { mode: 'number' }).notNull(),
  priceOverride: boolean('price_override').notNull().default(false),
  createdAt: ts('created_at').notNull(),
  syncedAt: ts('synced_at').notNull().default(sql`now()`),
  storeSeq: bigint('store_seq', { mode: 'number' }),
}, (t) => [
  // A pickup number names one order per business day across the fleet (a food court shares a board).
  uniqueIndex('orders_day_number_key').on(t.businessDay, t.displayNumber),
  index('orders_store_day_idx').on(t.storeId, t.businessDay),
]);

export const orderLines = central.table('order_lines', {
  globalId: uuid('global_id').notNull(),
  lineNo: integer('line_no').notNull(),
  productId: text('product_id').notNull(),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull(),
  unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
  options: jsonb('options').$type<{ id: string; name: string; priceDelta: number }[]>().notNull(),
  lineTotal: bigint('line_total', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.globalId, t.lineNo] })]);

/** Payment records as they were reported: one row per (order, payment, status), never overwritten. */
export const payments = central.table('payments', {
  globalId: uuid('global_id').notNull(),
  paymentId: text('payment_id').notNull(),
  status: text('status').notNull(),
  method: text('method').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  reference: text('reference'),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [primaryKey({ columns: [t.globalId, t.paymentId, t.status] })]);

export const kitchenEvents = central.table('kitchen_events', {
  eventId: text('event_id').primaryKey(),
  storeId: text('store_id').notNull(),
  ticketId: text('ticket_id').notNull(),
  globalId: text('global_id').notNull(),
  orderNumber: text('order_number').notNull(),
  status: text('status').notNull(),
  previousStatus: text('previous_status').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  action: text('action').notNull(),
  changedAt: ts('changed_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [index('kitchen_events_global_idx').on(t.globalId)]);

/** Every store-stream sequence committed centrally: receipts report the highest contiguous one. */
export const streamSeqs = central.table('stream_seqs', {
  storeId: text('store_id').notNull(),
  stream: text('stream').notNull(),
  storeSeq: bigint('store_seq', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.storeId, t.stream, t.storeSeq] })]);

/** The highest contiguous committed sequence per store stream (only ever moves up). */
export const receiptMarks = central.table('receipt_marks', {
  storeId: text('store_id').notNull(),
  stream: text('stream').notNull(),
  committedSeq: bigint('committed_seq', { mode: 'number' }).notNull(),
  /** Where the store's stream started (its first sequence): a replacement box's stream starts above the dead one's. */
  streamStart: bigint('stream_start', { mode: 'number' }).notNull().default(1),
  /** Orders committed from this stream (sales streams only): kept here so a receipt never counts the table. */
  ordersCommitted: bigint('orders_committed', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull().default(sql`now()`),
}, (t) => [primaryKey({ columns: [t.storeId, t.stream] })]);

/** Every conflict central resolved or queued for a person (GET /api/conflicts). */
export const conflicts = central.table('conflicts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  storeId: text('store_id').notNull(),
  globalId: uuid('global_id'),
  businessDay: text('business_day'),
  resolution: text('resolution').notNull(),
  /** Still waiting for a person (accounting review, availability review) or settled by the rule. */
  reviewStatus: text('review_status').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull().default(sql`now()`),
}, (t) => [index('conflicts_kind_idx').on(t.kind, t.createdAt), index('conflicts_global_idx').on(t.globalId)]);

/** The latest heartbeat of each store (older ones arriving late are ignored). */
export const heartbeats = central.table('heartbeats', {
  storeId: text('store_id').primaryKey(),
  sentAt: ts('sent_at').notNull(),
  receivedAt: ts('received_at').notNull().default(sql`now()`),
  // Null when the store could not read it (the payload leaves it unset).
  linkUp: boolean('link_up'),
  pendingUpload: bigint('pending_upload', { mode: 'number' }),
  lastSyncAt: text('last_sync_at'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
});

/** Decisions for stores, written in the transaction that made them (kit outbox shape). */
export const outbox = central.table('outbox', outboxColumns('text'), (t) => [unpublishedIndex(t)]);

/** Voids and refunds approved at a store's counter, once per event (the store's reversal id). */
export const paymentReversals = central.table('payment_reversals', {
  eventId: text('event_id').primaryKey(),
  storeId: text('store_id').notNull(),
  globalId: uuid('global_id').notNull(),
  kind: text('kind').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  method: text('method').notNull(),
  lines: jsonb('lines').$type<{ lineNo: number; quantity: number; amount: number }[]>().notNull(),
  reason: text('reason').notNull(),
  approvedBy: text('approved_by').notNull(),
  requestedBy: text('requested_by').notNull(),
  businessDay: text('business_day').notNull(),
  reversedAt: ts('reversed_at').notNull(),
}, (t) => [index('payment_reversals_global_idx').on(t.globalId)]);

/** Each store's Z report per business day: the first one central receives stands (a day closes once). */
export const zReports = central.table('z_reports', {
  storeId: text('store_id').notNull(),
  businessDay: text('business_day').notNull(),
  eventId: text('event_id').notNull(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  closedAt: ts('closed_at').notNull(),
  receivedAt: ts('received_at').notNull().default(sql`now()`),
}, (t) => [primaryKey({ columns: [t.storeId, t.businessDay] })]);

// ---- Report rollups: maintained in the transaction that commits the orders (sales.repo.ts), so a report reads
// a few thousand rows instead of every order of the chain, and still equals the orders central holds exactly.

/** Orders and money per store, business day and hour of day (in the chain's reporting time zone). */
export const salesHourly = central.table('sales_hourly', {
  storeId: text('store_id').notNull(),
  businessDay: text('business_day').notNull(),
  hour: integer('hour').notNull(),
  currency: text('currency').notNull(),
  orders: bigint('orders', { mode: 'number' }).notNull(),
  gross: bigint('gross', { mode: 'number' }).notNull(),
  tax: bigint('tax', { mode: 'number' }).notNull(),
  serviceCharge: bigint('service_charge', { mode: 'number' }).notNull(),
  net: bigint('net', { mode: 'number' }).notNull(),
  /** Refunds given that hour (by when they were given, not when the order was taken) and their amount. */
  refunds: bigint('refunds', { mode: 'number' }).notNull().default(0),
  refundsAmount: bigint('refunds_amount', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.businessDay, t.storeId, t.hour, t.currency] })]);

/** Quantity and revenue (line totals) per store, business day and product. */
export const productDaily = central.table('product_daily', {
  storeId: text('store_id').notNull(),
  businessDay: text('business_day').notNull(),
  productId: text('product_id').notNull(),
  name: text('name').notNull(),
  quantity: bigint('quantity', { mode: 'number' }).notNull(),
  revenue: bigint('revenue', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.businessDay, t.storeId, t.productId] })]);

/** Payments per store, business day, method and current status (each payment counted once, at its latest status). */
export const paymentDaily = central.table('payment_daily', {
  storeId: text('store_id').notNull(),
  businessDay: text('business_day').notNull(),
  method: text('method').notNull(),
  status: text('status').notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.businessDay, t.storeId, t.method, t.status] })]);

/** Orders whose payment is not approved yet (a row leaves when its approval arrives). */
export const awaitingPayment = central.table('awaiting_payment', {
  globalId: uuid('global_id').primaryKey(),
  storeId: text('store_id').notNull(),
  businessDay: text('business_day').notNull(),
  orderNumber: text('order_number').notNull(),
  total: bigint('total', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [index('awaiting_payment_day_idx').on(t.businessDay, t.storeId)]);

/** One row per kitchen ticket: when cooking started and when it was ready (prep time = the difference). */
export const ticketPrep = central.table('ticket_prep', {
  storeId: text('store_id').notNull(),
  ticketId: text('ticket_id').notNull(),
  /** The order's: its business day is filled in from it, whichever of the order and the ticket arrives first. */
  globalId: text('global_id'),
  businessDay: text('business_day'),
  startedAt: ts('started_at'),
  readyAt: ts('ready_at'),
  prepSeconds: integer('prep_seconds'),
}, (t) => [primaryKey({ columns: [t.storeId, t.ticketId] }), index('ticket_prep_day_idx').on(t.businessDay, t.storeId, t.prepSeconds)]);

/**
 * Prep times as a histogram per store and day (migration 0006 keeps it from ticket_prep by trigger, in the same
 * transaction): `within_seconds` is the upper edge of a bucket - 5 s wide below 2 min, 15 s below 10 min, 1 min
 * below 1 h, 1 h beyond - so a month of a hundred stores' tickets is a few thousand rows, not a million.
 */
export const prepHistogram = central.table('prep_histogram', {
  businessDay: text('business_day').notNull(),
  storeId: text('store_id').notNull(),
  withinSeconds: integer('within_seconds').notNull(),
  tickets: bigint('tickets', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.businessDay, t.storeId, t.withinSeconds] })]);
