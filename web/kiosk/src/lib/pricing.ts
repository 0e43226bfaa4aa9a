import type { CatalogView, OrderMode, ProductView, StoreSettingsView } from '@kiosk/contracts/api';

/**
 * The kiosk shows the customer the same total the order service will charge, so this mirrors the server's
 * rule exactly (and the kiosk sends the result as expectedTotal: the server checks, never trusts it).
 */

export interface CartLineInput {
  productId: string;
  quantity: number;
  optionIds: string[];
}

export interface PricedLine {
  unitPrice: number;
  lineTotal: number;
}

export interface CartTotals {
  subtotal: number;
  serviceCharge: number;
  tax: number;
  total: number;
}

/** Half-up rounding to an integer minor unit (the server uses Math.round too). */
const roundMinor = (value: number): number => Math.round(value);

/** unitPrice = product price + the deltas of the chosen options (at least 0); lineTotal = unitPrice x quantity. */
export function priceLine(product: ProductView, optionIds: readonly string[], quantity: number): PricedLine {
  let unitPrice = product.price;
  for (const group of product.optionGroups) {
    for (const option of group.options) {
      if (optionIds.includes(option.id)) unitPrice += option.priceDelta;
    }
  }
  // The store's rule: options may make an item free, never negative.
  unitPrice = Math.max(0, unitPrice);
  return { unitPrice, lineTotal: unitPrice * quantity };
}

/** Service charge on dine-in only, then tax on subtotal plus service charge. */
export function totalsFor(subtotal: number, mode: OrderMode, settings: StoreSettingsView): CartTotals {
  const serviceCharge = mode === 'dine_in' ? roundMinor((subtotal * settings.serviceChargeBps) / 10_000) : 0;
  const tax = roundMinor(((subtotal + serviceCharge) * settings.taxRateBps) / 10_000);
  return { subtotal, serviceCharge, tax, total: subtotal + serviceCharge + tax };
}

/**
 * Prices a whole cart against the current catalog. Lines whose product has left the catalog count as zero:
 * they are flagged to the customer and cannot be paid for anyway.
 */
export function priceCart(catalog: CatalogView, lines: readonly CartLineInput[], mode: OrderMode): CartTotals {
  let subtotal = 0;
  for (const line of lines) {
    const product = catalog.products.find((p) => p.id === line.productId);
    if (product) subtotal += priceLine(product, line.optionIds, line.quantity).lineTotal;
  }
  return totalsFor(subtotal, mode, catalog.settings);
}
