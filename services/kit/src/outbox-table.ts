import { sql } from 'drizzle-orm';
import { bigserial, customType, index, text, timestamp, uuid, type PgColumn } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The columns of a service's outbox table, as the kit's OutboxRelay reads and marks them (outbox.ts). Each
 * service declares the table in its own schema, so its migrations own it: `schema.table('outbox',
 * outboxColumns('uuid'), (t) => [unpublishedIndex(t)])`. Store services key events by UUID; central's by text.
 */
export function outboxColumns(eventId: 'uuid' | 'text') {
  return {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: (eventId === 'uuid' ? uuid('event_id') : text('event_id')).notNull().unique(),
    subject: text('subject').notNull(),
    eventType: text('event_type').notNull(),
    payload: bytea('payload').notNull(),
    correlationId: text('correlation_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
  };
}

/** The partial index the relay drains by: unpublished rows in id order. */
export function unpublishedIndex(t: { id: PgColumn }, name = 'outbox_unpublished_idx') {
  return index(name).on(t.id).where(sql`published_at IS NULL`);
}
