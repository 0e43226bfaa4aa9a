import { inTransaction, type Pool, type PoolClient } from '@kiosk/kit';
import { wins, type EntityClock } from '../domain/clock.js';
import { entityKey, type CatalogChange, type CatalogEntity, type OptionGroupData, type ProductData } from '../domain/catalog-change.js';
import type { CatalogState } from '../domain/catalog-view.js';

export type ApplyResult = { applied: true; version: number } | { applied: false; reason: 'not_newer' };

/**
 * Applies one change last-write-wins in ONE transaction: entity clock, entity rows and the catalog version
 * move together or not at all. A per-entity advisory lock makes two replicas (or redeliveries) applying the
 * same entity at once take turns; the pure `wins` rule decides.
 */
export async function applyChange(pool: Pool, change: CatalogChange): Promise<ApplyResult> {
  const key = entityKey(change.entity);
  return inTransaction(pool, async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog:${key}`]);
    if (!wins(change.clock, await currentClock(db, key))) return { applied: false, reason: 'not_newer' };
    await saveClock(db, key, change);
    await (change.deleted ? removeEntity(db, change.entity) : upsertEntity(db, change.entity));
    return { applied: true, version: await bumpVersion(db) };
  });
}

async function currentClock(db: PoolClient, key: string): Promise<EntityClock | null> {
  const { rows } = await db.query<EntityClock>(
    'SELECT version, updated_at AS "updatedAt", origin, event_id AS "eventId" FROM catalog.entity_clocks WHERE entity_key = $1',
    [key],
  );
  return rows[0] ?? null;
}

async function saveClock(db: PoolClient, key: string, change: CatalogChange) {
  const c = change.clock;
  await db.query(
    `INSERT INTO catalog.entity_clocks (entity_key, version, updated_at, origin, event_id, deleted) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (entity_key) DO UPDATE SET version = $2, updated_at = $3, origin = $4, event_id = $5, deleted = $6, applied_at = now()`,
    [key, c.version, c.updatedAt, c.origin, c.eventId, change.deleted],
  );
}

async function bumpVersion(db: PoolClient): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO catalog.catalog_version (id, version) VALUES (1, 1)
     ON CONFLICT (id) DO UPDATE SET version = catalog.catalog_version.version + 1 RETURNING version`,
  );
  return rows[0]!.version;
}

async function removeEntity(db: PoolClient, entity: CatalogEntity) {
  switch (entity.kind) {
    case 'category':
      return db.query('DELETE FROM catalog.categories WHERE id = $1', [entity.value.id]);
    case 'product':
      return removeProduct(db, entity.value.id);
    case 'settings':
      return db.query('DELETE FROM catalog.store_settings WHERE store_id = $1', [entity.value.storeId]);
    case 'availability':
      return db.query('DELETE FROM catalog.availability WHERE product_id = $1 AND option_id = $2', [entity.value.productId, entity.value.optionId]);
    case 'media':
      return db.query('DELETE FROM catalog.media WHERE sha256 = $1', [entity.value.sha256]);
  }
}

async function upsertEntity(db: PoolClient, entity: CatalogEntity) {
  switch (entity.kind) {
    case 'category': {
      const c = entity.value;
      return db.query(
        `INSERT INTO catalog.categories (id, name, sort_order, image_url) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = $2, sort_order = $3, image_url = $4`,
        [c.id, c.name, c.sortOrder, c.imageUrl],
      );
    }
    case 'product':
      return upsertProduct(db, entity.value);
    case 'settings': {
      const s = entity.value;
      return db.query(
        `INSERT INTO catalog.store_settings (store_id, store_name, currency, tax_rate_bps, service_charge_bps, locale, time_zone, offline_card)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (store_id) DO UPDATE SET store_name = $2, currency = $3,
         tax_rate_bps = $4, service_charge_bps = $5, locale = $6, time_zone = $7, offline_card = $8`,
        [s.storeId, s.storeName, s.currency, s.taxRateBps, s.serviceChargeBps, s.locale, s.timeZone, s.offlineCard ? JSON.stringify(s.offlineCard) : null],
      );
    }
    case 'availability': {
      const a = entity.value;
      return db.query(
        `INSERT INTO catalog.availability (product_id, option_id, available) VALUES ($1, $2, $3)
         ON CONFLICT (product_id, option_id) DO UPDATE SET available = $3`,
        [a.productId, a.optionId, a.available],
      );
    }
    case 'media': {
      // Immutable: a name always carries the same bytes (checked before apply), so a second copy changes nothing.
      const m = entity.value;
      return db.query('INSERT INTO catalog.media (sha256, content_type, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
        [m.sha256, m.contentType, Buffer.from(m.bytes)]);
    }
  }
}

async function removeProduct(db: PoolClient, productId: string) {
  await db.query('DELETE FROM catalog.options WHERE product_id = $1', [productId]);
  await db.query('DELETE FROM catalog.option_groups WHERE product_id = $1', [productId]);
  await db.query('DELETE FROM catalog.products WHERE id = $1', [productId]);
}

/** A product event carries its whole option tree, so the tree is replaced, never merged option by option. */
async function upsertProduct(db: PoolClient, p: ProductData) {
  await removeProduct(db, p.id);
  await db.query(
    `INSERT INTO catalog.products (id, category_id, name, description, image_url, price, available, station, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [p.id, p.categoryId, p.name, p.description, p.imageUrl, p.price, p.available, p.station, p.sortOrder],
  );
  await p.optionGroups.reduce((prev, g, position) => prev.then(() => insertGroup(db, p.id, g, position)), Promise.resolve());
}

async function insertGroup(db: PoolClient, productId: string, g: OptionGroupData, position: number) {
  await db.query(
    'INSERT INTO catalog.option_groups (product_id, id, name, min, max, position) VALUES ($1, $2, $3, $4, $5, $6)',
    [productId, g.id, g.name, g.min, g.max, position],
  );
  if (g.options.length === 0) return;
  const values: unknown[] = [];
  const rows = g.options.map((o, i) => {
    values.push(productId, g.id, o.id, o.name, o.priceDelta, o.available, i);
    const b = i * 7;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
  });
  await db.query(`INSERT INTO catalog.options (product_id, group_id, id, name, price_delta, available, position) VALUES ${rows.join(', ')}`, values);
}

/** The catalog version alone: the cheap question every GET asks first. */
export async function readVersion(db: Pool | PoolClient): Promise<number> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM catalog.catalog_version WHERE id = 1');
  return rows[0]?.version ?? 0;
}

/**
 * Everything the view needs, read in one REPEATABLE READ snapshot, so the version and the rows always belong
 * together even while the consumer applies changes.
 */
export async function readState(pool: Pool, storeId: string): Promise<CatalogState> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = await readVersion(client);
    const q = async <T>(sql: string) => (await client.query(sql)).rows as T[];
    const [categories, products, groups, opts, availability, settings] = [
      await q<CatalogState['categories'][number]>('SELECT id, name, sort_order AS "sortOrder", image_url AS "imageUrl" FROM catalog.categories'),
      await q<Omit<ProductData, 'optionGroups'>>(`SELECT id, category_id AS "categoryId", name, description, image_url AS "imageUrl", price,
        available, station, sort_order AS "sortOrder" FROM catalog.products`),
      await q<OptionGroupData & { productId: string }>(
        'SELECT product_id AS "productId", id, name, min, max FROM catalog.option_groups ORDER BY product_id, position'),
      await q<{ productId: string; groupId: string; id: string; name: string; priceDelta: number; available: boolean }>(
        `SELECT product_id AS "productId", group_id AS "groupId", id, name, price_delta AS "priceDelta", available
           FROM catalog.options ORDER BY product_id, group_id, position`),
      await q<CatalogState['availability'][number]>('SELECT product_id AS "productId", option_id AS "optionId", available FROM catalog.availability'),
      await q<CatalogState['settings'][number]>(`SELECT store_id AS "storeId", store_name AS "storeName", currency, tax_rate_bps AS "taxRateBps",
        service_charge_bps AS "serviceChargeBps", locale, time_zone AS "timeZone", offline_card AS "offlineCard" FROM catalog.store_settings`),
    ];
    await client.query('COMMIT');
    return { storeId, version, categories, products: attachOptions(products, groups, opts), availability, settings };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function attachOptions(
  products: Omit<ProductData, 'optionGroups'>[],
  groups: (OptionGroupData & { productId: string })[],
  opts: { productId: string; groupId: string; id: string; name: string; priceDelta: number; available: boolean }[],
): ProductData[] {
  const groupsOf = new Map<string, OptionGroupData[]>();
  const byGroup = new Map<string, OptionGroupData>();
  for (const { productId, ...g } of groups) {
    const group = { ...g, options: [] };
    byGroup.set(`${productId}\u0000${g.id}`, group);
    groupsOf.set(productId, [...(groupsOf.get(productId) ?? []), group]);
  }
  for (const { productId, groupId, ...o } of opts) byGroup.get(`${productId}\u0000${groupId}`)?.options.push(o);
  return products.map((p) => ({ ...p, optionGroups: groupsOf.get(p.id) ?? [] }));
}

/** The product and its option ids, for checking a sold-out request before it is published. */
export async function findProduct(pool: Pool, productId: string): Promise<{ id: string; optionIds: string[] } | null> {
  const { rows } = await pool.query<{ id: string; option_ids: string[] }>(
    `SELECT p.id, coalesce(array_agg(o.id) FILTER (WHERE o.id IS NOT NULL), '{}') AS option_ids
       FROM catalog.products p LEFT JOIN catalog.options o ON o.product_id = p.id WHERE p.id = $1 GROUP BY p.id`,
    [productId],
  );
  const row = rows[0];
  return row ? { id: row.id, optionIds: row.option_ids } : null;
}

/** An image by its SHA-256, or null when central's event for it has not arrived (or never will). */
export async function findMedia(pool: Pool, sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
  const { rows } = await pool.query<{ content_type: string; bytes: Buffer }>('SELECT content_type, bytes FROM catalog.media WHERE sha256 = $1', [sha256]);
  return rows[0] ? { contentType: rows[0].content_type, bytes: rows[0].bytes } : null;
}
