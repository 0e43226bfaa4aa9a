import { conflict, enqueueEvents, inTransaction, notFound, unprocessable, type Pool, type PoolClient } from '@kiosk/kit';
import { nextVersion, type CategoryInput, type ProductInput, type StoreSettingsInput } from '../domain/catalog.js';
import { adminOutbox, availabilityEntity, catalogEvent, categoryEntity, productEntity, settingsEntity } from './catalog-events.js';

interface Stamp { version: number; updatedAt: string }

/** Takes the next version under the clock row's lock: changes are versioned in commit order, never twice. */
async function stamp(client: PoolClient): Promise<Stamp> {
  await client.query('INSERT INTO central_admin.catalog_clock (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING');
  const last = (await client.query<{ version: number }>('SELECT version FROM central_admin.catalog_clock WHERE id = 1 FOR UPDATE')).rows[0]!.version;
  const version = nextVersion(last, Date.now());
  await client.query('UPDATE central_admin.catalog_clock SET version = $1 WHERE id = 1', [version]);
  return { version, updatedAt: new Date().toISOString() };
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
}

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

  async upsertCategory(c: CategoryInput, mode: 'create' | 'update') {
    return inTransaction(this.pool, async (client) => {
      const exists = (await client.query('SELECT 1 FROM central_admin.categories WHERE id = $1 FOR UPDATE', [c.id])).rowCount;
      if (mode === 'create' && exists) throw conflict('already_exists', `category ${c.id} already exists`, { id: c.id });
      if (mode === 'update' && !exists) throw notFound('category', c.id);
      const s = await stamp(client);
      await client.query(
        `INSERT INTO central_admin.categories (id, name, sort_order, image_url, version, updated_at) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sort_order = EXCLUDED.sort_order, image_url = EXCLUDED.image_url,
           version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`, [c.id, c.name, c.sortOrder, c.imageUrl, s.version, s.updatedAt]);
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'category', id: c.id, ...s, entity: categoryEntity(c) })]);
      return { ...c, ...s };
    });
  }

  async createProduct(p: ProductInput) {
    return inTransaction(this.pool, async (client) => {
      if (await lockedProduct(client, p.id)) throw conflict('already_exists', `product ${p.id} already exists`, { id: p.id });
      await this.requireCategory(client, p.categoryId);
      const s = await stamp(client);
      await writeProduct(client, p, s, true);
      return { ...p, ...s };
    });
  }

  async replaceProduct(p: ProductInput) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, p.id);
      if (!before) throw notFound('product', p.id);
      await this.requireCategory(client, p.categoryId);
      const s = await stamp(client);
      await writeProduct(client, p, s, before.price !== p.price);
      return { ...p, ...s };
    });
  }

  async setPrice(id: string, price: number) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, id);
      if (!before) throw notFound('product', id);
      const s = await stamp(client);
      const p = { ...before, price };
      await writeProduct(client, p, s, before.price !== price);
      return { ...p, ...s };
    });
  }

  /** Sold out / back: everywhere (central's product changes), or at one store only (its own subject). */
  async setAvailability(id: string, available: boolean, storeId?: string) {
    return inTransaction(this.pool, async (client) => {
      const before = await lockedProduct(client, id);
      if (!before) throw notFound('product', id);
      const s = await stamp(client);
      if (!storeId) await client.query('UPDATE central_admin.products SET available = $2, version = $3, updated_at = $4 WHERE id = $1', [id, available, s.version, s.updatedAt]);
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'availability', id, ...s, entity: availabilityEntity(id, available), storeId })]);
      return { productId: id, available, storeId: storeId ?? null, ...s };
    });
  }

  async setStoreSettings(storeId: string, settings: StoreSettingsInput) {
    return inTransaction(this.pool, async (client) => {
      const s = await stamp(client);
      await client.query(
        `INSERT INTO central_admin.store_settings (store_id, settings, version, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
        [storeId, settings, s.version, s.updatedAt]);
      await enqueueEvents(client, adminOutbox, [catalogEvent({ kind: 'settings', id: storeId, ...s, entity: settingsEntity(storeId, settings), storeId })]);
      return { storeId, ...settings, ...s };
    });
  }

  private async requireCategory(client: PoolClient, categoryId: string) {
    const r = await client.query('SELECT 1 FROM central_admin.categories WHERE id = $1', [categoryId]);
    if (!r.rowCount) throw unprocessable('unknown_category', `category ${categoryId} does not exist at central`, { categoryId });
  }
}
