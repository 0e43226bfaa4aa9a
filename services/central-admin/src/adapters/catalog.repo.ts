import { conflict, enqueueEvents, inTransaction, notFound, unprocessable, type Pool, type PoolClient } from '@kiosk/kit';
import type { CatalogView } from '@kiosk/contracts';
import { nextVersion, previewOf, type CategoryInput, type ProductInput, type StoreSettingsInput } from '../domain/catalog.js';
import { adminOutbox, availabilityEntity, catalogEvent, categoryEntity, productEntity, settingsEntity } from './catalog-events.js';
import { recordAudit, type Actor } from './audit.repo.js';

interface Stamp { version: number; updatedAt: string }

/** Takes the next version under the clock row's lock: changes are versioned in commit order, never twice. */
export async function stamp(client: PoolClient): Promise<Stamp> {
  await client.query('INSERT INTO central_admin.catalog_clock (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING');
  const last = (await client.query<{ version: number }>('SELECT version FROM central_admin.catalog_clock WHERE id = 1 FOR UPDATE')).rows[0]!.version;
  const version = nextVersion(last, Date.now());
  await client.query('UPDATE central_admin.catalog_clock SET version = $1 WHERE id = 1', [version]);
  return { version, updatedAt: new Date().toISOString() };
}

/** A store's settings as one versioned, audited catalog change to it, inside the caller's transaction. */
export async function writeStoreSettings(client: PoolClient, storeId: string, settings: StoreSettingsInput, actor: Actor) {
  const before = (await client.query<{ settings: unknown }>('SELECT settings FROM central_admin.store_settings WHERE store_id = $1 FOR UPDATE', [storeId])).rows[0]?.settings ?? null;
  const s = await stamp(client);
  await client.query(
    `INSERT INTO central_admin.store_settings (store_id, settings, version, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [storeId, settings, s.version, s.updatedAt]);
  await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'settings', id: storeId, ...s, entity: settingsEntity(storeId, settings), storeId })]);
  await recordAudit(client, actor, { action: 'set_settings', entityType: 'store_settings', entityId: storeId, before, after: settings });
  return { storeId, ...settings, ...s };
}

interface ProductRow {
  id: string; category_id: string; name: string; description: string; image_url: string; price: number; available: boolean;
  station: string; sort_order: number; option_groups: ProductInput['optionGroups']; version: number; updated_at: Date;
}
const toProduct = (r: ProductRow): ProductInput & Stamp => ({
  id: r.id, categoryId: r.category_id, name: r.name, description: r.description, imageUrl: r.image_url, price: r.price, available: r.available,
  station: r.station, sortOrder: r.sort_order, optionGroups: r.option_groups, version: r.version, updatedAt: r.updated_at.toISOString(),
});

async function writeProduct(client: PoolClient, p: ProductInput, s: Stamp, priceChanged: boolean): Promise<void> {
  await client.query(
    `INSERT INTO central_admin.products (id, category_id, name, description, image_url, price, available, station, sort_order, option_groups, version, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
     ON CONFLICT (id) DO UPDATE SET category_id = EXCLUDED.category_id, name = EXCLUDED.name, description = EXCLUDED.description,
       image_url = EXCLUDED.image_url, price = EXCLUDED.price, available = EXCLUDED.available, station = EXCLUDED.station,
       sort_order = EXCLUDED.sort_order, option_groups = EXCLUDED.option_groups, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [p.id, p.categoryId, p.name, p.description, p.imageUrl, p.price, p.available, p.station, p.sortOrder, JSON.stringify(p.optionGroups), s.version, s.updatedAt],
  );
  if (priceChanged) {
    await client.query('INSERT INTO central_admin.price_history (product_id, price, version, effective_at) VALUES ($1, $2, $3, $4)', [p.id, p.price, s.version, s.updatedAt]);
  }
  await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'product', id: p.id, ...s, entity: productEntity(p) })]);
  await republishOverrides(client, p);
}

/**
 * A store with its own price for this product gets the product again on its own subject, stamped after the
 * global change: under last-write-wins its price outlives any later change to the product's other fields.
 */
async function republishOverrides(client: PoolClient, p: ProductInput, onlyStore?: string): Promise<void> {
  const r = await client.query<{ store_id: string; price: number }>(
    'SELECT store_id, price FROM central_admin.store_prices WHERE product_id = $1 AND ($2::text IS NULL OR store_id = $2)', [p.id, onlyStore ?? null]);
  for (const o of r.rows) {
    const s = await stamp(client);
    await client.query('UPDATE central_admin.store_prices SET version = $3, updated_at = $4 WHERE store_id = $1 AND product_id = $2', [o.store_id, p.id, s.version, s.updatedAt]);
    await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'product', id: p.id, ...s, entity: productEntity({ ...p, price: o.price }), storeId: o.store_id })]);
  }
}

const unstamped = ({ version: _v, updatedAt: _u, ...p }: ProductInput & Stamp): ProductInput => p;

async function lockedProduct(client: PoolClient, id: string): Promise<(ProductInput & Stamp) | null> {
  const r = await client.query<ProductRow>('SELECT * FROM central_admin.products WHERE id = $1 FOR UPDATE', [id]);
  return r.rows[0] ? toProduct(r.rows[0]) : null;
}

/** Central's catalog: the state the stores converge on. Each write is one transaction with its event. */
export class CatalogRepo {
  constructor(private readonly pool: Pool) {}

  async snapshot() {
    const [cats, prods, settings] = await Promise.all([
      this.pool.query<{ id: string; name: string; sort_order: number; image_url: string; version: number }>('SELECT * FROM central_admin.categories ORDER BY sort_order, id'),
      this.pool.query<ProductRow>('SELECT * FROM central_admin.products ORDER BY sort_order, id'),
      this.pool.query<{ store_id: string; settings: Record<string, unknown>; version: number }>('SELECT * FROM central_admin.store_settings ORDER BY store_id'),
    ]);
    return {
      categories: cats.rows.map((c) => ({ id: c.id, name: c.name, sortOrder: c.sort_order, imageUrl: c.image_url, version: c.version })),
      products: prods.rows.map(toProduct),
      storeSettings: settings.rows.map((s) => ({ storeId: s.store_id, ...s.settings, version: s.version })),
    };
  }

  /** One store's menu as its kiosk will show it: central's catalog with that store's prices and sold-out flags. */
  async storePreview(storeId: string): Promise<CatalogView & { settingsFromCentral: boolean }> {
    const [snap, prices, avail, clock] = await Promise.all([
      this.snapshot(),
      this.pool.query<{ product_id: string; price: number }>('SELECT product_id, price FROM central_admin.store_prices WHERE store_id = $1', [storeId]),
      this.pool.query<{ product_id: string; available: boolean }>('SELECT product_id, available FROM central_admin.store_availability WHERE store_id = $1', [storeId]),
      this.pool.query<{ version: number }>('SELECT version FROM central_admin.catalog_clock WHERE id = 1'),
    ]);
    const own = snap.storeSettings.find((x) => x.storeId === storeId) as (StoreSettingsInput & { storeId: string }) | undefined;
    const price = new Map(prices.rows.map((r) => [r.product_id, r.price]));
    const available = new Map(avail.rows.map((r) => [r.product_id, r.available]));
    return previewOf({ storeId, version: clock.rows[0]?.version ?? 0, settings: own, categories: snap.categories, products: snap.products, price, available });
  }

  async upsertCategory(c: CategoryInput, mode: 'create' | 'update', actor: Actor) {
    return inTransaction(this.pool, async (client) => {
      const found = (await client.query('SELECT id, name, sort_order AS "sortOrder", image_url AS "imageUrl" FROM central_admin.categories WHERE id = $1 FOR UPDATE', [c.id])).rows[0] as CategoryInput | undefined;
      const exists = found !== undefined;
      if (mode === 'create' && exists) throw conflict('already_exists', `category ${c.id} already exists`, { id: c.id });
      if (mode === 'update' && !exists) throw notFound('category', c.id);
      const s = await stamp(client);
      await client.query(
        `INSERT INTO central_admin.categories (id, name, sort_order, image_url, version, updated_at) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sort_order = EXCLUDED.sort_order, image_url = EXCLUDED.image_url,
           version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`, [c.id, c.name, c.sortOrder, c.imageUrl, s.version, s.updatedAt]);
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'category', id: c.id, ...s, entity: categoryEntity(c) })]);
      await recordAudit(client, actor, { action: mode, entityType: 'category', entityId: c.id, before: found, after: c });
      return { ...c, ...s };
    });
  }

  async createProduct(p: ProductInput, actor: Actor) {
    return inTransaction(this.pool, async (client) => {
      if (await lockedProduct(client, p.id)) throw conflict('already_exists', `product ${p.id} already exists`, { id: p.id });
      await this.requireCategory(client, p.categoryId);
      const s = await stamp(client);
      await writeProduct(client, p, s, true);
      await recordAudit(client, actor, { action: 'create', entityType: 'product', entityId: p.id, after: p });
      return { ...p, ...s };
    });
  }

  async replaceProduct(p: ProductInput, actor: Actor) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, p.id);
      if (!before) throw notFound('product', p.id);
      await this.requireCategory(client, p.categoryId);
      const s = await stamp(client);
      await writeProduct(client, p, s, before.price !== p.price);
      await recordAudit(client, actor, { action: 'update', entityType: 'product', entityId: p.id, before: unstamped(before), after: p });
      return { ...p, ...s };
    });
  }

  /** The product's price everywhere, or one store's own price for it (`storeId`). */
  async setPrice(id: string, price: number, actor: Actor, storeId?: string) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, id);
      if (!before) throw notFound('product', id);
      if (storeId) return this.setStorePrice(client, before, price, storeId, actor);
      const s = await stamp(client);
      const p = { ...before, price };
      await writeProduct(client, p, s, before.price !== price);
      await recordAudit(client, actor, { action: 'set_price', entityType: 'price', entityId: id, before: { price: before.price }, after: { price } });
      return { ...p, ...s };
    });
  }

  private async setStorePrice(client: PoolClient, product: ProductInput & Stamp, price: number, storeId: string, actor: Actor) {
    const old = (await client.query<{ price: number }>('SELECT price FROM central_admin.store_prices WHERE store_id = $1 AND product_id = $2 FOR UPDATE', [storeId, product.id])).rows[0];
    await client.query(
      `INSERT INTO central_admin.store_prices (store_id, product_id, price, version, updated_at) VALUES ($1, $2, $3, 0, now())
       ON CONFLICT (store_id, product_id) DO UPDATE SET price = EXCLUDED.price`, [storeId, product.id, price]);
    await republishOverrides(client, unstamped(product), storeId);
    await recordAudit(client, actor, { action: 'set_store_price', entityType: 'price', entityId: `${storeId}/${product.id}`,
      before: { storeId, price: old?.price ?? product.price }, after: { storeId, price } });
    const v = (await client.query<{ version: number; updated_at: Date }>('SELECT version, updated_at FROM central_admin.store_prices WHERE store_id = $1 AND product_id = $2', [storeId, product.id])).rows[0]!;
    return { ...unstamped(product), price, storeId, version: v.version, updatedAt: v.updated_at.toISOString() };
  }

  /** Sold out / back: everywhere (central's product changes), or at one store only (its own subject). */
  async setAvailability(id: string, available: boolean, actor: Actor, storeId?: string) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, id);
      if (!before) throw notFound('product', id);
      const s = await stamp(client);
      if (!storeId) await client.query('UPDATE central_admin.products SET available = $2, version = $3, updated_at = $4 WHERE id = $1', [id, available, s.version, s.updatedAt]);
      let was = before.available;
      if (storeId) {
        was = (await client.query<{ available: boolean }>('SELECT available FROM central_admin.store_availability WHERE store_id = $1 AND product_id = $2', [storeId, id])).rows[0]?.available ?? before.available;
        await client.query(
          `INSERT INTO central_admin.store_availability (store_id, product_id, available, version, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (store_id, product_id) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
          [storeId, id, available, s.version, s.updatedAt]);
      }
      await recordAudit(client, actor, { action: 'set_availability', entityType: 'availability', entityId: storeId ? `${storeId}/${id}` : id,
        before: { storeId: storeId ?? null, available: was }, after: { storeId: storeId ?? null, available } });
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'availability', id, ...s, entity: availabilityEntity(id, available), storeId })]);
      return { productId: id, available, storeId: storeId ?? null, ...s };
    });
  }

  async setStoreSettings(storeId: string, settings: StoreSettingsInput, actor: Actor) {
    return inTransaction(this.pool, (client) => writeStoreSettings(client, storeId, settings, actor));
  }

  private async requireCategory(client: PoolClient, categoryId: string) {
    const r = await client.query('SELECT 1 FROM central_admin.categories WHERE id = $1', [categoryId]);
    if (!r.rowCount) throw unprocessable('unknown_category', `category ${categoryId} does not exist at central`, { categoryId });
  }
}
