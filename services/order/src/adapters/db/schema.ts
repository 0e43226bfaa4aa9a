import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, json, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';

/** The order service's own schema of the store database; no other service reads or writes it. */
export const orders = pgSchema('orders');


/**
 * One row per order, immutable once written except for its sync metadata (central sync issue). `view` is the
 * exact JSON answered at creation: an idempotent repeat returns those very bytes (json, not jsonb, keeps them).
 */
export const orderTable = orders.table('orders', {
  globalId: uuid('global_id').primaryKey(),
  storeId: text('store_id').notNull(),
  kioskId: text('kiosk_id').notNull(),
  businessDay: date('business_day').notNull(),
  daySequence: integer('day_sequence').notNull(),
  orderNumber: text('order_number').notNull(),
  status: text('status').notNull(),
  mode: text('mode').notNull(),
  customerName: text('customer_name'),
  notes: text('notes'),
  currency: text('currency').notNull(),
  subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
  serviceCharge: bigint('service_charge', { mode: 'number' }).notNull(),
  tax: bigint('tax', { mode: 'number' }).notNull(),
  total: bigint('total', { mode: 'number' }).notNull(),
  catalogVersion: bigint('catalog_version', { mode: 'number' }).notNull(),
  requestHash: text('request_hash').notNull(),
  view: json('view').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  // Sync metadata (DESIGN.md): central's receipts move sync_status to synced and set synced_at.
  syncStatus: text('sync_status').notNull().default('pending'),
  syncedAt: timestamp('synced_at', { withTimezone: true }),
  syncError: text('sync_error'),
  syncAttempts: integer('sync_attempts').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
  originStoreId: text('origin_store_id').notNull(),
  // Central's decisions (sync.proto): the number central shows when it renamed this order after a collision
  // (the store keeps printing its own), and the flag for an order paid at a price central had already changed.
  centralOrderNumber: text('central_order_number'),
  priceOverride: boolean('price_override').notNull().default(false),
}, (t) => [
  // A number is never handed out twice on one day, whatever happens to the sequence (a manual reset, a bump race).
  uniqueIndex('orders_day_number_uq').on(t.businessDay, t.orderNumber),
  index('orders_sync_pending_idx').on(t.createdAt).where(sql`sync_status = 'pending'`),
  index('orders_synced_at_idx').on(t.syncedAt),
]);

export const orderLineTable = orders.table('order_lines', {
  globalId: uuid('global_id').notNull().references(() => orderTable.globalId),
  lineNo: integer('line_no').notNull(),
  productId: text('product_id').notNull(),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull(),
  unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
  options: jsonb('options').notNull(),
  notes: text('notes'),
  station: text('station').notNull(),
  lineTotal: bigint('line_total', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.globalId, t.lineNo] })]);

export const paymentTable = orders.table('payments', {
  paymentId: uuid('payment_id').primaryKey(),
  globalId: uuid('global_id').notNull().unique().references(() => orderTable.globalId),
  method: text('method').notNull(),
  status: text('status').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  reference: text('reference'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** The kit's transactional outbox (see @kiosk/kit outbox.ts for the contract of these columns). */
export const outboxTable = orders.table('outbox', {
  ...outboxColumns('uuid'),
  // The SALES stream sequence of the PubAck: central's receipts count in it (the relay runs with recordSequence).
  publishedSeq: bigint('published_seq', { mode: 'number' }),
}, (t) => [
  unpublishedIndex(t),
  // A receipt checks the events of each pending order by its globalId (the correlation id).
  index('outbox_correlation_idx').on(t.correlationId),
]);

/** The latest receipt central sent per store stream: what is safe at central, and when (last_sync). */
export const syncReceiptTable = orders.table('sync_receipts', {
  stream: text('stream').primaryKey(),
  committedSeq: bigint('committed_seq', { mode: 'number' }).notNull(),
  committedAt: timestamp('committed_at', { withTimezone: true }).notNull(),
  ordersCommitted: bigint('orders_committed', { mode: 'number' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every decision central sent, once (by its event id): the record of what was applied and why. */
export const decisionTable = orders.table('decisions', {
  eventId: text('event_id').primaryKey(),
  kind: text('kind').notNull(),
  globalId: uuid('global_id'),
  reason: text('reason').notNull(),
  details: jsonb('details').notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Items central asked a person at the store to look at (inventory/availability mismatches, ...). */
export const reviewTable = orders.table('reviews', {
  reviewId: text('review_id').primaryKey(),
  kind: text('kind').notNull(),
  subjectId: text('subject_id').notNull(),
  summary: text('summary').notNull(),
  status: text('status').notNull().default('open'),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
});
