import { and, asc, eq, sql } from 'drizzle-orm';
import { dbOf, inTransaction, type Pool, type PoolClient } from '@kiosk/kit';
import { wins, type EntityClock } from '../domain/clock.js';
import { entityKey, type CatalogChange, type CatalogEntity, type OptionGroupData, type ProductData } from '../domain/catalog-change.js';
import type { CatalogState } from '../domain/catalog-view.js';
import { availability, catalogVersion, categories, entityClocks, media, optionGroups, options, products, storeSettings } from './db/schema.js';

/** A query builder: over one client of the caller's transaction, or drizzle's own transaction. */
type Db = Pick<ReturnType<typeof dbOf>, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export type ApplyResult = { applied: true; version: number } | { applied: false; reason: 'not_newer' };

/**
 * Applies one change last-write-wins in ONE transaction: entity clock, entity rows and the catalog version
 * move together or not at all. A per-entity advisory lock makes two replicas (or redeliveries) applying the
 * same entity at once take turns; the pure `wins` rule decides.
 */
export async function applyChange(pool: Pool, change: CatalogChange): Promise<ApplyResult> {
  const key = entityKey(change.entity);
  return inTransaction(pool, async (client) => {
    const db = dbOf(client);
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`catalog:${key}`}))`);
    if (!wins(change.clock, await currentClock(db, key))) return { applied: false, reason: 'not_newer' };
    await saveClock(db, key, change);
    await (change.deleted ? removeEntity(db, change.entity) : upsertEntity(db, change.entity));
    return { applied: true, version: await bumpVersion(db) };
  });
}

async function currentClock(db: Db, key: string): Promise<EntityClock | null> {
  const c = entityClocks;
  const [row] = await db.select({ version: c.version, updatedAt: c.updatedAt, origin: c.origin, eventId: c.eventId }).from(c).where(eq(c.entityKey, key));
  return row ?? null;
}

async function saveClock(db: Db, key: string, change: CatalogChange) {
  const { version, updatedAt, origin, eventId } = change.clock;
  const clock = { version, updatedAt, origin, eventId, deleted: change.deleted };
  await db.insert(entityClocks).values({ entityKey: key, ...clock })
    .onConflictDoUpdate({ target: entityClocks.entityKey, set: { ...clock, appliedAt: sql`now()` } });
}

async function bumpVersion(db: Db): Promise<number> {
  const [row] = await db.insert(catalogVersion).values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: catalogVersion.id, set: { version: sql`${catalogVersion.version} + 1` } })
    .returning({ version: catalogVersion.version });
  return row!.version;
}

async function removeEntity(db: Db, entity: CatalogEntity) {
  switch (entity.kind) {
    case 'category':
      return db.delete(categories).where(eq(categories.id, entity.value.id));
    case 'product':
      return removeProduct(db, entity.value.id);
    case 'settings':
      return db.delete(storeSettings).where(eq(storeSettings.storeId, entity.value.storeId));
    case 'availability':
      return db.delete(availability).where(and(eq(availability.productId, entity.value.productId), eq(availability.optionId, entity.value.optionId)));
    case 'media':
      return db.delete(media).where(eq(media.sha256, entity.value.sha256));
  }
}

async function upsertEntity(db: Db, entity: CatalogEntity) {
  switch (entity.kind) {
    case 'category': {
      const { id, ...c } = entity.value;
      const row = { name: c.name, sortOrder: c.sortOrder, imageUrl: c.imageUrl };
      return db.insert(categories).values({ id, ...row }).onConflictDoUpdate({ target: categories.id, set: row });
    }
    case 'product':
      return upsertProduct(db, entity.value);
    case 'settings': {
      const s = entity.value;
      const row = {
        storeName: s.storeName, currency: s.currency, taxRateBps: s.taxRateBps, serviceChargeBps: s.serviceChargeBps, locale: s.locale,
        timeZone: s.timeZone, offlineCard: s.offlineCard ?? null,
      };
      return db.insert(storeSettings).values({ storeId: s.storeId, ...row }).onConflictDoUpdate({ target: storeSettings.storeId, set: row });
    }
    case 'availability': {
      const a = entity.value;
      return db.insert(availability).values({ productId: a.productId, optionId: a.optionId, available: a.available })
        .onConflictDoUpdate({ target: [availability.productId, availability.optionId], set: { available: a.available } });
    }
    case 'media': {
      // Immutable: a name always carries the same bytes (checked before apply), so a second copy changes nothing.
      const m = entity.value;
      return db.insert(media).values({ sha256: m.sha256, contentType: m.contentType, bytes: Buffer.from(m.bytes) }).onConflictDoNothing();
    }
  }
}

async function removeProduct(db: Db, productId: string) {
  await db.delete(options).where(eq(options.productId, productId));
  await db.delete(optionGroups).where(eq(optionGroups.productId, productId));
  await db.delete(products).where(eq(products.id, productId));
}

/** A product event carries its whole option tree, so the tree is replaced, never merged option by option. */
async function upsertProduct(db: Db, p: ProductData) {
  await removeProduct(db, p.id);
  await db.insert(products).values({
    id: p.id, categoryId: p.categoryId, name: p.name, description: p.description, imageUrl: p.imageUrl, price: p.price,
    available: p.available, station: p.station, sortOrder: p.sortOrder,
  });
  await p.optionGroups.reduce((prev, g, position) => prev.then(() => insertGroup(db, p.id, g, position)), Promise.resolve());
}

async function insertGroup(db: Db, productId: string, g: OptionGroupData, position: number) {
  await db.insert(optionGroups).values({ productId, id: g.id, name: g.name, min: g.min, max: g.max, position });
  if (g.options.length === 0) return;
  await db.insert(options).values(g.options.map((o, i) => ({
    productId, groupId: g.id, id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available, position: i,
  })));
}

/** The catalog version alone: the cheap question every GET asks first. */
export async function readVersion(db: Pool | PoolClient): Promise<number> {
  return versionOf(dbOf(db));
}

async function versionOf(db: Db): Promise<number> {
  const [row] = await db.select({ version: catalogVersion.version }).from(catalogVersion).where(eq(catalogVersion.id, 1));
  return row?.version ?? 0;
}

/**
 * Everything the view needs, read in one REPEATABLE READ snapshot, so the version and the rows always belong
 * together even while the consumer applies changes.
 */
export async function readState(pool: Pool, storeId: string): Promise<CatalogState> {
  return dbOf(pool).transaction(async (tx) => {
    const version = await versionOf(tx);
    const c = categories, p = products, g = optionGroups, o = options, a = availability, s = storeSettings;
    const [categoryRows, productRows, groups, opts, availabilityRows, settings] = [
      await tx.select({ id: c.id, name: c.name, sortOrder: c.sortOrder, imageUrl: c.imageUrl }).from(c),
      await tx.select({
        id: p.id, categoryId: p.categoryId, name: p.name, description: p.description, imageUrl: p.imageUrl, price: p.price,
        available: p.available, station: p.station, sortOrder: p.sortOrder,
      }).from(p),
      await tx.select({ productId: g.productId, id: g.id, name: g.name, min: g.min, max: g.max }).from(g).orderBy(asc(g.productId), asc(g.position)),
      await tx.select({ productId: o.productId, groupId: o.groupId, id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available })
        .from(o).orderBy(asc(o.productId), asc(o.groupId), asc(o.position)),
      await tx.select({ productId: a.productId, optionId: a.optionId, available: a.available }).from(a),
      await tx.select({
        storeId: s.storeId, storeName: s.storeName, currency: s.currency, taxRateBps: s.taxRateBps, serviceChargeBps: s.serviceChargeBps,
        locale: s.locale, timeZone: s.timeZone, offlineCard: s.offlineCard,
      }).from(s),
    ];
    return { storeId, version, categories: categoryRows, products: attachOptions(productRows, groups, opts), availability: availabilityRows, settings };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

function attachOptions(
  products: Omit<ProductData, 'optionGroups'>[],
  groups: (Omit<OptionGroupData, 'options'> & { productId: string })[],
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
  const [row] = await dbOf(pool).select({
    id: products.id,
    optionIds: sql<string[]>`coalesce(array_agg(${options.id}) FILTER (WHERE ${options.id} IS NOT NULL), '{}')`,
  }).from(products).leftJoin(options, eq(options.productId, products.id)).where(eq(products.id, productId)).groupBy(products.id);
  return row ?? null;
}

/** An image by its SHA-256, or null when central's event for it has not arrived (or never will). */
export async function findMedia(pool: Pool, sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
  const [row] = await dbOf(pool).select({ contentType: media.contentType, bytes: media.bytes }).from(media).where(eq(media.sha256, sha256));
  return row ?? null;
}
