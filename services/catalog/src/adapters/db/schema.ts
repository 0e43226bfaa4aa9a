import { bigint, boolean, customType, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** The catalog service's own schema in the store database; no other service reads or writes it. */
export const catalog = pgSchema('catalog');

const money = (name: string) => bigint(name, { mode: 'number' }).notNull();

/**
 * The last-write-wins clock of every entity ever seen, deleted ones included: the tombstone stops an older
 * upsert that arrives late from bringing a deleted entity back.
 */
export const entityClocks = catalog.table('entity_clocks', {
  entityKey: text('entity_key').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: text('updated_at').notNull(),
  origin: text('origin').notNull(),
  eventId: text('event_id').notNull(),
  deleted: boolean('deleted').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row: the catalog's version, bumped in the same transaction as every applied change (ETag, price book). */
export const catalogVersion = catalog.table('catalog_version', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

export const categories = catalog.table('categories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
  imageUrl: text('image_url').notNull(),
});

export const products = catalog.table('products', {
  id: text('id').primaryKey(),
  categoryId: text('category_id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  imageUrl: text('image_url').notNull(),
  price: money('price'),
  available: boolean('available').notNull(),
  station: text('station').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

/** Replaced wholesale with their product (one event carries the product and all its groups). */
export const optionGroups = catalog.table('option_groups', {
  productId: text('product_id').notNull(),
  id: text('id').notNull(),
  name: text('name').notNull(),
  min: integer('min').notNull(),
  max: integer('max').notNull(),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.productId, t.id] })]);

export const options = catalog.table('options', {
  productId: text('product_id').notNull(),
  groupId: text('group_id').notNull(),
  id: text('id').notNull(),
  name: text('name').notNull(),
  priceDelta: money('price_delta'),
  available: boolean('available').notNull(),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.productId, t.id] })]);

/** Sold out / back, kept apart from products (its own LWW key). option_id '' means the product itself. */
export const availability = catalog.table('availability', {
  productId: text('product_id').notNull(),
  optionId: text('option_id').notNull(),
  available: boolean('available').notNull(),
}, (t) => [primaryKey({ columns: [t.productId, t.optionId] })]);

/** store_id '' holds settings addressed to every store; the store's own row wins over it. */
export const storeSettings = catalog.table('store_settings', {
  storeId: text('store_id').primaryKey(),
  storeName: text('store_name').notNull(),
  currency: text('currency').notNull(),
  taxRateBps: integer('tax_rate_bps').notNull(),
  serviceChargeBps: integer('service_charge_bps').notNull(),
  locale: text('locale').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Central's offline card rules ({ perPaymentLimit, totalLimit, expiryHours }); null: the order service's defaults. */
  offlineCard: jsonb('offline_card').$type<{ perPaymentLimit: number; totalLimit: number; expiryHours: number }>(),
});

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Images uploaded at central, as their catalog events brought them, served at /media/u/<sha256>.<ext>. In
 * Postgres rather than on disk: applied in the same transaction as the event's clock (acked after the commit),
 * backed up with the rest of the store's data, and no writable volume for the catalog service to look after.
 */
export const media = catalog.table('media', {
  sha256: text('sha256').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
