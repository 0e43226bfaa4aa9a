/**
 * The conflict rules (docs/architecture.md), as pure functions over plain data. The adapters fetch what central holds,
 * these decide, and the adapters write the outcome in the same transaction as the order.
 */

export interface LineForPricing {
  productId: string;
  unitPrice: number;
  options: { priceDelta: number }[];
}

export interface PriceDifference {
  productId: string;
  /** The product's price the store charged: the line's unit price without its option deltas. */
  paidUnitPrice: number;
  centralUnitPrice: number;
}

/**
 * Rule (a), price override: a line whose product price differs from central's price for that product at the
 * time the order was placed was paid at an old price (central changed it while the store was offline). The
 * paid price stands; the order is flagged and queued for accounting. Products central has no price for (a
 * store-only item) cannot be compared and are not flagged. One difference per product, even over several lines.
 */
export function priceDifferences(lines: LineForPricing[], centralPrice: (productId: string) => number | undefined): PriceDifference[] {
  const seen = new Map<string, PriceDifference>();
  for (const line of lines) {
    const central = centralPrice(line.productId);
    if (central === undefined || seen.has(line.productId)) continue;
    const paid = line.unitPrice - line.options.reduce((sum, o) => sum + o.priceDelta, 0);
    if (paid !== central) seen.set(line.productId, { productId: line.productId, paidUnitPrice: paid, centralUnitPrice: central });
  }
  return [...seen.values()];
}

/** Rule (c): products of the order that central has marked unavailable: a person reviews, central's value stands. */
export function availabilityMismatches(productIds: string[], centralAvailable: (productId: string) => boolean | undefined): string[] {
  return [...new Set(productIds)].filter((id) => centralAvailable(id) === false);
}

/** The store suffix of a renamed number: the store id upper-cased (`s2` -> `S2`). */
export const storeSuffix = (storeId: string) => storeId.toUpperCase();

/**
 * Rule (b), order-number collision: the same (business day, order number) already held centrally
 * by a different globalId - from another store (a food court shares one pickup board) or from this store after
 * its sequence restarted - is a collision. Both orders are kept; the later arrival is renamed with its store
 * suffix (`A-001` -> `A-001-S2`), and if that is taken too, a counter is added (`A-001-S2-2`, ...), so the
 * name is unique for the day. `taken` is every number central holds for that day.
 */
export function renamedNumber(orderNumber: string, storeId: string, taken: ReadonlySet<string>): string {
  const base = `${orderNumber}-${storeSuffix(storeId)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Where the store must move its numbering for the day: past every sequence central holds that day, so its
 * next order cannot collide with anything already on the board.
 */
export function nextSequencePast(collidingSequence: number, heldSequences: number[]): number {
  return Math.max(collidingSequence, ...heldSequences) + 1;
}
