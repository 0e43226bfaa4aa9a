import type { CatalogView, CategoryView, ProductView, StoreSettingsView } from '@kiosk/contracts';
import type { AvailabilityData, CategoryData, ProductData, SettingsData } from './catalog-change.js';

/** Settings as served: the contract's fields plus the store's time zone (business day, receipts). */
export type StoreSettings = StoreSettingsView & { timeZone: string };
export type CatalogViewWithZone = CatalogView & { settings: StoreSettings };

/** What the store holds right now (live rows only; deleted entities are already gone). */
export interface CatalogState {
  storeId: string;
  version: number;
  categories: CategoryData[];
  products: ProductData[];
  availability: AvailabilityData[];
  settings: SettingsData[];
}

/** Until settings arrive the box still serves a usable menu: the demo's currency and zone, no tax. */
export const defaultSettings = (storeId: string): SettingsData => ({
  storeId, storeName: storeId, currency: 'IDR', taxRateBps: 0, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta', offlineCard: null,
});

/**
 * Builds the kiosk's view. An item is available only if its own flag AND its availability entry (sold out /
 * back, keyed apart) both say so. Products whose category is gone are hidden, so a kiosk never shows an orphan.
 */
export function assembleView(state: CatalogState): CatalogViewWithZone {
  const settings = pickSettings(state);
  const soldOut = new Map(state.availability.map((a) => [availabilityKey(a.productId, a.optionId), a.available]));
  const isOn = (productId: string, optionId = '') => soldOut.get(availabilityKey(productId, optionId)) ?? true;
  const categoryIds = new Set(state.categories.map((c) => c.id));
  const categories: CategoryView[] = sortByOrder(state.categories).map((c) => ({ ...c }));
  const products: ProductView[] = sortByOrder(state.products.filter((p) => categoryIds.has(p.categoryId))).map((p) => ({
    ...p,
    available: p.available && isOn(p.id),
    optionGroups: p.optionGroups.map((g) => ({
      ...g,
      options: g.options.map((o) => ({ ...o, available: o.available && isOn(p.id, o.id) })),
    })),
  }));
  return {
    storeId: state.storeId,
    version: state.version,
    currency: settings.currency,
    settings: {
      storeName: settings.storeName, taxRateBps: settings.taxRateBps, serviceChargeBps: settings.serviceChargeBps,
      locale: settings.locale, timeZone: settings.timeZone, ...(settings.offlineCard ? { offlineCard: settings.offlineCard } : {}),
    },
    categories,
    products,
  };
}

/** The store's own settings win over settings addressed to every store (empty store id). */
function pickSettings(state: CatalogState): SettingsData {
  return state.settings.find((s) => s.storeId === state.storeId) ?? state.settings.find((s) => s.storeId === '') ?? defaultSettings(state.storeId);
}

const availabilityKey = (productId: string, optionId: string) => `${productId}\u0000${optionId}`;

function sortByOrder<T extends { sortOrder: number; name: string; id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1));
}

/** The HTTP validator of a catalog version; quoted as RFC 9110 wants. */
export const etagOf = (storeId: string, version: number) => `"${storeId}-${version}"`;

/** True when an `If-None-Match` header names the current version (a list, weak tags and `*` included). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
