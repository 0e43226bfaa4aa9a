import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgSchema, smallint, text, timestamp } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';

/**
 * central-admin's schema: central's current catalog (what it publishes to the stores) and the history of
 * prices. central-ingest reads price_history and products (read-only) for the price-override and
 * availability rules; nothing else outside this service touches these tables.
 */
export const centralAdmin = pgSchema('central_admin');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** One row: the last catalog version handed out (versions strictly increase across every kind of change). */
export const catalogClock = centralAdmin.table('catalog_clock', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

export interface OptionGroupRow { id: string; name: string; min: number; max: number; options: { id: string; name: string; priceDelta: number; available: boolean }[] }

export const categories = centralAdmin.table('categories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
  imageUrl: text('image_url').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const products = centralAdmin.table('products', {
  id: text('id').primaryKey(),
  categoryId: text('category_id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  imageUrl: text('image_url').notNull(),
  price: bigint('price', { mode: 'number' }).notNull(),
  available: boolean('available').notNull(),
  station: text('station').notNull(),
  sortOrder: integer('sort_order').notNull(),
  optionGroups: jsonb('option_groups').$type<OptionGroupRow[]>().notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Every price a product has had at central, from when: "what did central charge at time T" (price override). */
export const priceHistory = centralAdmin.table('price_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  productId: text('product_id').notNull(),
  price: bigint('price', { mode: 'number' }).notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  effectiveAt: ts('effective_at').notNull().default(sql`now()`),
}, (t) => [index('price_history_product_idx').on(t.productId, t.effectiveAt)]);

export const storeSettings = centralAdmin.table('store_settings', {
  storeId: text('store_id').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Catalog events, written in the transaction of the change (kit outbox shape), relayed to the hub CATALOG stream. */
export const outbox = centralAdmin.table('outbox', outboxColumns('text'), (t) => [unpublishedIndex(t)]);
