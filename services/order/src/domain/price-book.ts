import type { CatalogView, OfflineCardSettings, OptionGroupView, OptionView, ProductView } from '@kiosk/contracts';

/** The catalog indexed for pricing: lookups by id, built once per catalog version (not per order). */
export interface PriceBook {
  version: number;
  currency: string;
  storeName: string;
  taxRateBps: number;
  serviceChargeBps: number;
  /** Central's offline card rules for this store, if it set any. */
  offlineCard: OfflineCardSettings | null;
  products: ReadonlyMap<string, IndexedProduct>;
  /** Every option id of the catalog, to tell "an option of another product" from "no such option". */
  allOptionIds: ReadonlySet<string>;
}

export interface IndexedProduct {
  product: ProductView;
  options: ReadonlyMap<string, { option: OptionView; group: OptionGroupView }>;
}

export function buildPriceBook(catalog: CatalogView): PriceBook {
  const products = new Map<string, IndexedProduct>();
  const allOptionIds = new Set<string>();
  for (const product of catalog.products) {
    const options = new Map<string, { option: OptionView; group: OptionGroupView }>();
    for (const group of product.optionGroups) {
      for (const option of group.options) {
        options.set(option.id, { option, group });
        allOptionIds.add(option.id);
      }
    }
    products.set(product.id, { product, options });
  }
  return {
    version: catalog.version,
    currency: catalog.currency,
    storeName: catalog.settings.storeName,
    taxRateBps: catalog.settings.taxRateBps,
    serviceChargeBps: catalog.settings.serviceChargeBps,
    offlineCard: catalog.settings.offlineCard ?? null,
    products,
    allOptionIds,
  };
}
