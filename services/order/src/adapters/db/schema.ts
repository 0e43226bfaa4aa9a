import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, json, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';
import type { OrderStatus, ReversalKind } from '@kiosk/contracts';

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
  status: text('status').$type<OrderStatus>().notNull(),
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
  // Sync metadata (docs/architecture.md): central's receipts move sync_status to synced and set synced_at.
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

/**
 * Money taken at the counter for an order placed "pay at the counter": one per order (unique global_id), keyed
 * by the counter's settlement id, so a repeat finds its first answer (`answer`, returned byte for byte).
 */
export const settlementTable = orders.table('settlements', {
  settlementId: uuid('settlement_id').primaryKey(),
  globalId: uuid('global_id').notNull().unique().references(() => orderTable.globalId),
  method: text('method').notNull(),
  amountDue: bigint('amount_due', { mode: 'number' }).notNull(),
  rounding: bigint('rounding', { mode: 'number' }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  tendered: bigint('tendered', { mode: 'number' }).notNull(),
  changeDue: bigint('change_due', { mode: 'number' }).notNull(),
  reference: text('reference'),
  // The drawer shift a cash payment went into (null for QRIS and card).
  shiftId: uuid('shift_id'),
  businessDay: date('business_day').notNull(),
  settledBy: text('settled_by').notNull(),
  requestHash: text('request_hash').notNull(),
  answer: json('answer').notNull(),
  settledAt: timestamp('settled_at', { withTimezone: true }).notNull(),
});

/** Voids and refunds, append-only, each approved by a manager; `lines` is empty for the whole order. */
export const reversalTable = orders.table('reversals', {
  reversalId: uuid('reversal_id').primaryKey(),
  globalId: uuid('global_id').notNull().references(() => orderTable.globalId),
  kind: text('kind').$type<ReversalKind>().notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  lines: jsonb('lines').notNull(),
  reason: text('reason').notNull(),
  method: text('method'),
  shiftId: uuid('shift_id'),
  approvedBy: text('approved_by').notNull(),
  requestedBy: text('requested_by').notNull(),
  businessDay: date('business_day').notNull(),
  requestHash: text('request_hash').notNull(),
  answer: json('answer').notNull(),
  reversedAt: timestamp('reversed_at', { withTimezone: true }).notNull(),
}, (t) => [index('reversals_order_idx').on(t.globalId), index('reversals_day_idx').on(t.businessDay)]);

/** The store's cash drawer, one shift at a time: opened with a float, closed with the counted cash. */
export const drawerShiftTable = orders.table('drawer_shifts', {
  shiftId: uuid('shift_id').primaryKey(),
  businessDay: date('business_day').notNull(),
  status: text('status').$type<'open' | 'closed'>().notNull(),
  float: bigint('float', { mode: 'number' }).notNull(),
  openedBy: text('opened_by').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  expected: bigint('expected', { mode: 'number' }),
  counted: bigint('counted', { mode: 'number' }),
  closedBy: text('closed_by'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  // One drawer per store box: a second open shift is refused by the database itself.
  uniqueIndex('drawer_one_open_uq').on(t.status).where(sql`status = 'open'`),
  index('drawer_day_idx').on(t.businessDay),
]);

export const drawerMovementTable = orders.table('drawer_movements', {
  movementId: uuid('movement_id').primaryKey(),
  shiftId: uuid('shift_id').notNull().references(() => drawerShiftTable.shiftId),
  direction: text('direction').$type<'in' | 'out'>().notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  movedBy: text('moved_by').notNull(),
  movedAt: timestamp('moved_at', { withTimezone: true }).notNull(),
}, (t) => [index('drawer_movements_shift_idx').on(t.shiftId)]);

/** A closed business day and its Z report, once (the day is the key). */
export const dayCloseTable = orders.table('day_closes', {
  businessDay: date('business_day').primaryKey(),
  report: json('report').notNull(),
  closedBy: text('closed_by').notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
});

/**
 * Cards approved by the store while the acquirer was unreachable (store-and-forward), written in the order's own
 * statement, so the kiosk's "paid" always has its row. The forwarder submits each pending one to the acquirer
 * with `payment_id` as the idempotency key and records the answer: `forwarded`, or `declined` / `expired` (flagged
 * to the manager and to central). Never deleted: the counter and the status page read them.
 */
export const offlineCardTable = orders.table('offline_card_payments', {
  paymentId: uuid('payment_id').primaryKey().references(() => paymentTable.paymentId),
  globalId: uuid('global_id').notNull(),
  terminalId: text('terminal_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  offlineReference: text('offline_reference').notNull(),
  approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  status: text('status').$type<'pending' | 'forwarded' | 'declined' | 'expired'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  acquirerReference: text('acquirer_reference'),
  declineReason: text('decline_reason'),
  settledAt: timestamp('settled_at', { withTimezone: true }),
}, (t) => [index('offline_card_pending_idx').on(t.status, t.approvedAt)]);
