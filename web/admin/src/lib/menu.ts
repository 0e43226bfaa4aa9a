/**
 * The menu page's view of central's catalog: products grouped by category, filtered by a search, with the
 * price and availability one store's kiosk shows beside central's own.
 */
import type { CatalogView } from '@kiosk/contracts/api';
import type { AdminCatalog, AdminProduct } from '../api/types.ts';

export interface MenuRow {
  product: AdminProduct;
  /** What the chosen store's kiosk charges and shows (null when no store is chosen or it lacks the product). */
  storePrice: number | null;
  storeAvailable: boolean | null;
}
export interface MenuSection { categoryId: string; name: string; rows: MenuRow[] }

function matches(product: AdminProduct, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return !needle || product.name.toLowerCase().includes(needle) || product.id.includes(needle);
}

/** Categories in their sort order, each with its matching products; empty categories are left out. */
export function menuSections(catalog: AdminCatalog, preview: CatalogView | null, search: string): MenuSection[] {
  const atStore = new Map((preview?.products ?? []).map((p) => [p.id, p]));
  return catalog.categories
    .map((c) => ({
      categoryId: c.id,
      name: c.name,
      rows: catalog.products
        .filter((p) => p.categoryId === c.id && matches(p, search))
        .map((product) => {
          const local = atStore.get(product.id);
          return { product, storePrice: local?.price ?? null, storeAvailable: local?.available ?? null };
        }),
    }))
    .filter((s) => s.rows.length > 0);
}

/** The price a change starts from: the store's when a store is chosen, else central's. */
export function currentPrice(row: MenuRow, storeChosen: boolean): number {
  return storeChosen && row.storePrice !== null ? row.storePrice : row.product.price;
}

/** Availability at the chosen scope: a store's own flag when a store is chosen, else central's. */
export function currentAvailability(row: MenuRow, storeChosen: boolean): boolean {
  return storeChosen && row.storeAvailable !== null ? row.storeAvailable : row.product.available;
}

/** The newest catalog change central has published: the highest version over categories and products. */
export function latestCatalogVersion(catalog: AdminCatalog): number {
  return Math.max(0, ...catalog.categories.map((c) => c.version), ...catalog.products.map((p) => p.version));
}

/** upToDate is null when the store's heartbeat carries no version of central's catalog (unknown, not behind). */
export interface StoreRollout { storeId: string; catalogVersion: number | null; upToDate: boolean | null }

/** Which stores have applied central's latest menu (their heartbeat's catalog version reaches it). */
export function menuRollout(latest: number, stores: readonly { storeId: string; catalogVersion: number | null }[]): StoreRollout[] {
  return [...stores]
    .sort((a, b) => a.storeId.localeCompare(b.storeId))
    .map((s) => ({ storeId: s.storeId, catalogVersion: s.catalogVersion, upToDate: s.catalogVersion === null ? null : s.catalogVersion >= latest }));
}
