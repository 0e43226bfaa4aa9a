import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';

/**
 * central-ingest's schema in central Postgres: what the fleet's stores sent, append-only. Rows are inserted
 * once (keyed by globalId / event id) and never updated; only receipt marks and the latest heartbeat move.
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
  // A pickup number names one order per business day across the fleet (DESIGN.md: a food court shares a board).
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
  linkUp: boolean('link_up').notNull(),
  pendingUpload: bigint('pending_upload', { mode: 'number' }).notNull(),
  lastSyncAt: text('last_sync_at'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
});

/** Decisions for stores, written in the transaction that made them (kit outbox shape). */
export const outbox = central.table('outbox', outboxColumns('text'), (t) => [unpublishedIndex(t)]);
