import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
// The outbox table alone, not the whole kit: drizzle-kit loads this file to generate migrations.
import { outboxColumns, unpublishedIndex } from '@kiosk/kit/outbox-table';

/**
 * central-admin's schema: central's current catalog (what it publishes to the stores) and the history of
 * prices. central-ingest reads price_history and products (read-only) for the price-override and
 * availability rules, through this file published as `@kiosk/central-admin/schema` (table objects and types
 * only); nothing else outside this service touches these tables.
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

/** People who sign in at central. Passwords are scrypt hashes (salt and cost in the stored string). */
export const users = centralAdmin.table('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: ts('created_at').notNull().default(sql`now()`),
  lastLoginAt: ts('last_login_at'),
});

/** Signed-in sessions: the cookie holds a random token, only its SHA-256 is stored (a leaked table signs no one in). */
export const sessions = centralAdmin.table('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull().default(sql`now()`),
  expiresAt: ts('expires_at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** API tokens for scripts: one role each, shown once, stored as SHA-256, revocable. */
export const apiTokens = centralAdmin.table('api_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().default(sql`now()`),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

/** Failed sign-ins, by account and by client address: what login throttling counts (rows older than the window are pruned). */
export const loginFailures = centralAdmin.table('login_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  failedAt: ts('failed_at').notNull().default(sql`now()`),
}, (t) => [index('login_failures_key_idx').on(t.scope, t.key, t.failedAt)]);

/** Every write at central: who, when, what changed (before/after) and from where. Append-only. */
export const auditLog = centralAdmin.table('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().default(sql`now()`),
  actor: text('actor').notNull(),
  role: text('role'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('audit_log_entity_idx').on(t.entityType, t.id), index('audit_log_actor_idx').on(t.actor, t.id), index('audit_log_at_idx').on(t.at)]);

/**
 * A person's decision on a conflict central-ingest queued (central.conflicts stays as ingest wrote it): one row
 * per conflict, so a second decision is refused rather than silently replacing the first.
 */
export const conflictDecisions = centralAdmin.table('conflict_decisions', {
  conflictId: bigint('conflict_id', { mode: 'number' }).primaryKey(),
  decision: text('decision').notNull(),
  note: text('note'),
  amount: bigint('amount', { mode: 'number' }),
  resolvedBy: text('resolved_by').notNull(),
  resolvedAt: ts('resolved_at').notNull().default(sql`now()`),
});

/** Per-store price overrides: a store whose row exists charges this price instead of the product's. */
export const storePrices = centralAdmin.table('store_prices', {
  storeId: text('store_id').notNull(),
  productId: text('product_id').notNull(),
  price: bigint('price', { mode: 'number' }).notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.storeId, t.productId] })]);

/** Per-store availability (sold out at one store only), as central last published it. */
export const storeAvailability = centralAdmin.table('store_availability', {
  storeId: text('store_id').notNull(),
  productId: text('product_id').notNull(),
  available: boolean('available').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.storeId, t.productId] })]);

/**
 * The chain's stores: the one list central's hub accounts, ingest and the fleet views are made from. A store's
 * leaf password is shown once when it is added; only its bcrypt hash is kept (nats-server checks it as given).
 * Its name, currency, tax, service charge and time zone are its settings (store_settings, published to it).
 * A disabled store's leaf login is refused; its data at central stays.
 */
export const stores = centralAdmin.table('stores', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  enabled: boolean('enabled').notNull().default(true),
  leafUser: text('leaf_user').notNull().unique(),
  leafPasswordHash: text('leaf_password_hash').notNull(),
  createdAt: ts('created_at').notNull().default(sql`now()`),
  updatedAt: ts('updated_at').notNull().default(sql`now()`),
});

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Images uploaded for the menu, named by the SHA-256 of their bytes (immutable: a row is never changed). Each is
 * published to the stores as one catalog event of its own subject; central serves it for the admin preview.
 */
export const media = centralAdmin.table('media', {
  sha256: text('sha256').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().default(sql`now()`),
});
