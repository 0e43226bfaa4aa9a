import { and, asc, eq } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { CategoryInput, StoreSettingsInput } from '../domain/catalog.js';
import type { Stamp, StampedProduct, StorePrice } from '../domain/catalog-changes.js';
import { catalogClock, categories, priceHistory, products, storeAvailability, storePrices, storeSettings } from './db/schema.js';
import { isoOf } from './db/timestamps.js';

type ProductRow = typeof products.$inferSelect;

const toProduct = (r: ProductRow): StampedProduct => ({ ...r, updatedAt: isoOf(r.updatedAt) });

/**
 * Central's catalog tables (central_admin): reads and writes only. What a change writes is decided in
 * domain/catalog-changes.ts; the application service runs it in one transaction, on this repository over that
 * transaction's client. The `locked*` reads take the row's lock (FOR UPDATE) until the transaction ends.
 */
export class CatalogRepo {
  constructor(private readonly db: NodePgDatabase) {}

  async categories() {
    return this.db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.id));
  }

  async products(): Promise<StampedProduct[]> {
    return (await this.db.select().from(products).orderBy(asc(products.sortOrder), asc(products.id))).map(toProduct);
  }

  async allStoreSettings() {
    return this.db.select().from(storeSettings).orderBy(asc(storeSettings.storeId));
  }

  async storePricesAt(storeId: string) {
    return this.db.select({ productId: storePrices.productId, price: storePrices.price }).from(storePrices).where(eq(storePrices.storeId, storeId));
  }

  async storeAvailabilityAt(storeId: string) {
    return this.db.select({ productId: storeAvailability.productId, available: storeAvailability.available }).from(storeAvailability).where(eq(storeAvailability.storeId, storeId));
  }

  /** The last version handed out, 0 before the first change. */
  async clockVersion(): Promise<number> {
    return (await this.db.select({ version: catalogClock.version }).from(catalogClock).where(eq(catalogClock.id, 1)))[0]?.version ?? 0;
  }

  /** The last version handed out, under the clock row's lock: changes are versioned in commit order, never twice. */
  async lockedClockVersion(): Promise<number> {
    await this.db.insert(catalogClock).values({ id: 1, version: 0 }).onConflictDoNothing();
    return (await this.db.select({ version: catalogClock.version }).from(catalogClock).where(eq(catalogClock.id, 1)).for('update'))[0]!.version;
  }

  async setClockVersion(version: number): Promise<void> {
    await this.db.update(catalogClock).set({ version }).where(eq(catalogClock.id, 1));
  }

  async lockedCategory(id: string): Promise<CategoryInput | null> {
    const r = await this.db.select({ id: categories.id, name: categories.name, sortOrder: categories.sortOrder, imageUrl: categories.imageUrl })
      .from(categories).where(eq(categories.id, id)).for('update');
    return r[0] ?? null;
  }

  async categoryExists(id: string): Promise<boolean> {
    return (await this.db.select({ id: categories.id }).from(categories).where(eq(categories.id, id))).length > 0;
  }

  async writeCategory(row: CategoryInput & Stamp): Promise<void> {
    const { id: _id, ...changed } = row;
    await this.db.insert(categories).values(row).onConflictDoUpdate({ target: categories.id, set: changed });
  }

  async lockedProduct(id: string): Promise<StampedProduct | null> {
    const r = await this.db.select().from(products).where(eq(products.id, id)).for('update');
    return r[0] ? toProduct(r[0]) : null;
  }

  async writeProduct(row: StampedProduct): Promise<void> {
    const { id: _id, ...changed } = row;
    await this.db.insert(products).values(row).onConflictDoUpdate({ target: products.id, set: changed });
  }

  async setProductAvailability(id: string, available: boolean, stamp: Stamp): Promise<void> {
    await this.db.update(products).set({ available, ...stamp }).where(eq(products.id, id));
  }

  async addPriceHistory(row: typeof priceHistory.$inferInsert): Promise<void> {
    await this.db.insert(priceHistory).values(row);
  }

  /** Every store with its own price for this product. */
  async storePricesOf(productId: string): Promise<StorePrice[]> {
    return this.db.select({ storeId: storePrices.storeId, price: storePrices.price }).from(storePrices).where(eq(storePrices.productId, productId));
  }

  /** One store's own price for the product, locked; null when it has none. */
  async lockedStorePrice(storeId: string, productId: string): Promise<number | null> {
    const r = await this.db.select({ price: storePrices.price }).from(storePrices)
      .where(and(eq(storePrices.storeId, storeId), eq(storePrices.productId, productId))).for('update');
    return r[0]?.price ?? null;
  }

  async writeStorePrice(row: StorePrice & { productId: string } & Stamp): Promise<void> {
    await this.db.insert(storePrices).values(row)
      .onConflictDoUpdate({ target: [storePrices.storeId, storePrices.productId], set: { price: row.price, version: row.version, updatedAt: row.updatedAt } });
  }

  /** A store's own price published again: only its stamp moves. */
  async restampStorePrice(storeId: string, productId: string, stamp: Stamp): Promise<void> {
    await this.db.update(storePrices).set(stamp).where(and(eq(storePrices.storeId, storeId), eq(storePrices.productId, productId)));
  }

  /** One store's own sold-out flag for the product; null when it has none. */
  async storeAvailability(storeId: string, productId: string): Promise<boolean | null> {
    const r = await this.db.select({ available: storeAvailability.available }).from(storeAvailability)
      .where(and(eq(storeAvailability.storeId, storeId), eq(storeAvailability.productId, productId)));
    return r[0]?.available ?? null;
  }

  async writeStoreAvailability(row: typeof storeAvailability.$inferInsert): Promise<void> {
    const { storeId: _s, productId: _p, ...changed } = row;
    await this.db.insert(storeAvailability).values(row).onConflictDoUpdate({ target: [storeAvailability.storeId, storeAvailability.productId], set: changed });
  }

  /** A store's settings as central last published them, locked; null before the first. */
  async lockedStoreSettings(storeId: string): Promise<Record<string, unknown> | null> {
    const r = await this.db.select({ settings: storeSettings.settings }).from(storeSettings).where(eq(storeSettings.storeId, storeId)).for('update');
    return r[0]?.settings ?? null;
  }

  async writeStoreSettings(row: { storeId: string; settings: StoreSettingsInput } & Stamp): Promise<void> {
    const { storeId: _s, ...changed } = row;
    await this.db.insert(storeSettings).values(row).onConflictDoUpdate({ target: storeSettings.storeId, set: changed });
  }
}
