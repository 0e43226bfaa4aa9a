import { nextVersion, type CategoryInput, type ProductInput, type StoreSettingsInput } from './catalog.js';
import type { AuditEntry } from './audit.js';

/**
 * What each catalog write does, as plain data: the rows it leaves, the versioned changes it publishes to the
 * stores and the audit line it writes. The application service reads what a plan needs, takes the stamps under
 * the clock's lock and writes the plan in one transaction.
 */

/** A change's place in central's catalog order: its version and when it was made (ISO 8601). */
export interface Stamp { version: number; updatedAt: string }

export type StampedProduct = ProductInput & Stamp;

/** `count` stamps after the clock's last version, in order: each strictly above the one before, none below the wall clock. */
export function stampsAfter(lastVersion: number, now: Date, count: number): Stamp[] {
  const stamps: Stamp[] = [];
  let last = lastVersion;
  for (let i = 0; i < count; i++) {
    last = nextVersion(last, now.getTime());
    stamps.push({ version: last, updatedAt: now.toISOString() });
  }
  return stamps;
}

/** A versioned change for the stores: on the global subject, or on one store's own when `storeId` is set. */
export type CatalogChange =
  | { kind: 'category'; id: string; stamp: Stamp; category: CategoryInput }
  | { kind: 'product'; id: string; stamp: Stamp; product: ProductInput; storeId?: string }
  | { kind: 'availability'; id: string; stamp: Stamp; available: boolean; storeId?: string }
  | { kind: 'settings'; id: string; stamp: Stamp; settings: StoreSettingsInput; storeId: string }
  | { kind: 'media'; id: string; stamp: Stamp; image: { sha256: string; contentType: string; bytes: Uint8Array } };

export type WriteMode = 'create' | 'update';

/** Why a create or an update cannot go on: the entity is already there, or it is not. */
export function existenceRefusal(mode: WriteMode, exists: boolean): 'already_exists' | 'not_found' | null {
  if (mode === 'create' && exists) return 'already_exists';
  if (mode === 'update' && !exists) return 'not_found';
  return null;
}

export const unstamped = ({ version: _v, updatedAt: _u, ...p }: StampedProduct): ProductInput => p;

export function planCategoryChange(before: CategoryInput | null, category: CategoryInput, mode: WriteMode, stamp: Stamp) {
  return {
    row: { ...category, ...stamp },
    changes: [{ kind: 'category', id: category.id, stamp, category }] satisfies CatalogChange[],
    audit: { action: mode, entityType: 'category', entityId: category.id, before, after: category } satisfies AuditEntry,
  };
}

/** A store's own price for a product (a store_prices row): what it charges instead of the product's price. */
export interface StorePrice { storeId: string; price: number }

/** A product write: created, replaced, or only its price everywhere changed. */
export type ProductWrite =
  | { action: 'create'; product: ProductInput }
  | { action: 'update'; before: StampedProduct; product: ProductInput }
  | { action: 'set_price'; before: StampedProduct; price: number };

/**
 * A product change and what follows from it. A price history row when the price is new (always on create). Every
 * store with its own price gets the product again on its own subject, stamped after the global change: under
 * last-write-wins its price outlives this change to the product's other fields. `stamps` holds one stamp for the
 * product, then one per override, in order.
 */
export function planProductChange(write: ProductWrite, overrides: readonly StorePrice[], stamps: readonly Stamp[]) {
  const [stamp, ...overrideStamps] = stamps;
  if (!stamp || overrideStamps.length !== overrides.length) throw new Error(`a product change needs ${overrides.length + 1} stamps, got ${stamps.length}`);
  const product = write.action === 'set_price' ? { ...unstamped(write.before), price: write.price } : write.product;
  const priceChanged = write.action === 'create' || write.before.price !== product.price;
  const republished = overrides.map((o, i) => ({ storeId: o.storeId, productId: product.id, stamp: overrideStamps[i]! }));
  return {
    row: { ...product, ...stamp },
    priceHistory: priceChanged ? { productId: product.id, price: product.price, version: stamp.version, effectiveAt: stamp.updatedAt } : null,
    republished,
    changes: [
      { kind: 'product', id: product.id, stamp, product },
      ...overrides.map((o, i): CatalogChange => ({ kind: 'product', id: product.id, stamp: overrideStamps[i]!, product: { ...product, price: o.price }, storeId: o.storeId })),
    ] satisfies CatalogChange[],
    audit: productAudit(write, product),
  };
}

function productAudit(write: ProductWrite, product: ProductInput): AuditEntry {
  switch (write.action) {
    case 'create': return { action: 'create', entityType: 'product', entityId: product.id, after: product };
    case 'update': return { action: 'update', entityType: 'product', entityId: product.id, before: unstamped(write.before), after: product };
    case 'set_price': return { action: 'set_price', entityType: 'price', entityId: product.id, before: { price: write.before.price }, after: { price: write.price } };
  }
}

/**
 * One store's own price: the product as that store sees it, on its own subject. `was` is its own price before,
 * null when it had none (then it charged the product's price).
 */
export function planStorePrice(product: StampedProduct, storeId: string, was: number | null, price: number, stamp: Stamp) {
  const own = { ...unstamped(product), price };
  return {
    row: { storeId, productId: product.id, price, ...stamp },
    changes: [{ kind: 'product', id: product.id, stamp, product: own, storeId }] satisfies CatalogChange[],
    audit: { action: 'set_store_price', entityType: 'price', entityId: `${storeId}/${product.id}`,
      before: { storeId, price: was ?? product.price }, after: { storeId, price } } satisfies AuditEntry,
    answer: { ...own, storeId, ...stamp },
  };
}

/**
 * Sold out / back: everywhere (the product's own flag changes) or at one store only (its own row and subject).
 * `wasAtStore` is the store's own flag before, null when it had none (then it followed the product's).
 */
export function planAvailability(product: StampedProduct, available: boolean, stamp: Stamp, atStore?: { storeId: string; wasAtStore: boolean | null }) {
  const storeId = atStore?.storeId;
  const was = atStore ? (atStore.wasAtStore ?? product.available) : product.available;
  return {
    product: atStore ? null : { id: product.id, available, ...stamp },
    storeRow: atStore ? { storeId: atStore.storeId, productId: product.id, available, ...stamp } : null,
    changes: [{ kind: 'availability', id: product.id, stamp, available, storeId }] satisfies CatalogChange[],
    audit: { action: 'set_availability', entityType: 'availability', entityId: storeId ? `${storeId}/${product.id}` : product.id,
      before: { storeId: storeId ?? null, available: was }, after: { storeId: storeId ?? null, available } } satisfies AuditEntry,
    answer: { productId: product.id, available, storeId: storeId ?? null, ...stamp },
  };
}

/** A store's settings as one versioned change to that store. `before` is what it had, null for none. */
export function planStoreSettings(storeId: string, before: unknown, settings: StoreSettingsInput, stamp: Stamp) {
  return {
    row: { storeId, settings, ...stamp },
    changes: [{ kind: 'settings', id: storeId, stamp, settings, storeId }] satisfies CatalogChange[],
    audit: { action: 'set_settings', entityType: 'store_settings', entityId: storeId, before, after: settings } satisfies AuditEntry,
    answer: { storeId, ...settings, ...stamp },
  };
}
