import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgSchema, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns } from '@kiosk/kit/outbox-table';
import type { OrderMode, TicketStatus } from '@kiosk/contracts';
import type { TicketLine } from '../../domain/ticket.js';

/** Everything the kitchen service stores lives in its own schema; no other service reads it. */
export const kitchen = pgSchema('kitchen');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** One ticket per order (unique global_id: a redelivered OrderCreated finds it and changes nothing). */
export const tickets = kitchen.table('tickets', {
  id: uuid('id').primaryKey(),
  globalId: uuid('global_id').notNull(),
  orderNumber: text('order_number').notNull(),
  businessDay: text('business_day').notNull(),
  status: text('status').$type<TicketStatus>().notNull(),
  // Optimistic concurrency: every change is `UPDATE ... WHERE version = <the version it was computed from>`.
  version: integer('version').notNull(),
  mode: text('mode').$type<OrderMode>().notNull(),
  customerName: text('customer_name'),
  notes: text('notes'),
  lines: jsonb('lines').$type<TicketLine[]>().notNull(),
  paid: boolean('paid').notNull().default(false),
  createdAt: ts('created_at').notNull(),
  receivedAt: ts('received_at').notNull().default(sql`now()`),
  updatedAt: ts('updated_at').notNull(),
  startedAt: ts('started_at'),
  readyAt: ts('ready_at'),
  servedAt: ts('served_at'),
  cancelledAt: ts('cancelled_at'),
}, (t) => [
  uniqueIndex('tickets_global_id_key').on(t.globalId),
  index('tickets_status_idx').on(t.status, t.createdAt),
  index('tickets_business_day_idx').on(t.businessDay),
  index('tickets_updated_at_idx').on(t.updatedAt),
]);

/** Append-only log: one row per ticket version, who did what. Never updated, never deleted. */
export const ticketEvents = kitchen.table('ticket_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status').$type<TicketStatus>(),
  toStatus: text('to_status').$type<TicketStatus>().notNull(),
  lineIndex: smallint('line_index'),
  lineDone: boolean('line_done'),
  actor: text('actor').notNull(),
  at: ts('at').notNull(),
}, (t) => [uniqueIndex('ticket_events_ticket_version_key').on(t.ticketId, t.version)]);

/** The kit's transactional outbox (see @kiosk/kit outbox.ts for the shape it expects). */
export const outbox = kitchen.table('outbox', {
  ...outboxColumns('uuid'),
  // The KITCHEN stream sequence of the PubAck (the relay runs with recordSequence): retention deletes a row only
  // once central's kitchen receipt covers it.
  publishedSeq: bigint('published_seq', { mode: 'number' }),
}, (t) => [
  // Written with the qualified column when this table was first migrated; kept so the schema has no diff.
  index('outbox_pending_idx').on(t.id).where(sql`${t.publishedAt} IS NULL`),
]);

/**
 * Orders the sales stream says are paid, by globalId: a payment may arrive before its order's ticket (two
 * consumers), so the ticket is created paid when its payment is already here.
 */
export const orderPayments = kitchen.table('order_payments', {
  globalId: uuid('global_id').primaryKey(),
  eventId: text('event_id').notNull(),
  paidAt: ts('paid_at').notNull(),
});

/** Business days the counter closed: their open tickets left the rail once. */
export const closedDays = kitchen.table('closed_days', {
  businessDay: text('business_day').primaryKey(),
  closedAt: ts('closed_at').notNull(),
  ticketsClosedOut: integer('tickets_closed_out').notNull(),
});
