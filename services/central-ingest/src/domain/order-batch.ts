import { create, pb } from '@kiosk/contracts';
import { availabilityMismatches, nextSequencePast, priceDifferences, renamedNumber } from './conflicts.js';
import type { IncomingOrder } from './events.js';

/**
 * One batch of a store's new orders through the conflict rules (docs/architecture.md, "Conflicts"), as a pure
 * function: what central holds goes in, the rows to write and the conflicts to record come out. The adapter
 * reads the holdings, calls `resolveOrders`, and writes the outcome in one transaction.
 */

/** Central's catalog facts for one order: its products' prices at the order's time, their availability now. */
export interface CentralCatalogView {
  priceAt(productId: string): number | undefined;
  available(productId: string): boolean | undefined;
}

/** The order that shows a number on a business day's pickup board. */
export interface NumberHolder {
  globalId: string;
  storeId: string;
  daySequence: number;
}

/** What central holds that the rules read. */
export interface CentralHoldings {
  /** Every number held on each day named by `daysToRead` (display number -> its order). */
  days: ReadonlyMap<string, ReadonlyMap<string, NumberHolder>>;
  /** The catalog facts of each order, in the order of the batch. */
  catalogs: CentralCatalogView[];
}

export type DecisionCase = pb.Decision['decision'];

export interface Conflict {
  kind: 'order_number_collision' | 'price_override' | 'availability_mismatch';
  storeId: string;
  globalId: string;
  businessDay: string;
  resolution: string;
  reviewStatus: 'resolved' | 'accounting_review' | 'manual_review';
  details: Record<string, unknown>;
  /** Decisions sent to the store with it. */
  decisions: DecisionCase[];
  /** A review the store is asked to show; it names the conflict's id, known once the conflict is written. */
  review?: { subjectId: string; summary: string };
  /** What the log says of it. */
  logMessage: string;
}

export interface ResolvedOrder {
  order: IncomingOrder;
  /** The number it shows at central: its own, or its renamed one after a collision. */
  displayNumber: string;
  /** Some line was paid at a price central no longer had then (rule a). */
  priceOverride: boolean;
}

const dayKey = (day: string, number: string) => `${day} ${number}`;

/**
 * The business days whose numbers `resolveOrders` must see: those where a number of the batch is already held
 * (`taken`: "day number" keys), or where the batch itself holds a number twice (a store restored from an old
 * backup). On any other day no order of the batch can collide.
 */
export function daysToRead(orders: IncomingOrder[], taken: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const days = new Set<string>();
  for (const o of orders) {
    const key = dayKey(o.businessDay, o.orderNumber);
    if (taken.has(key) || seen.has(key)) days.add(o.businessDay);
    seen.add(key);
  }
  return [...days];
}

/**
 * The rules over a batch of orders new to central, in arrival order (the earlier arrival keeps its number):
 * (b) a number already held that day is renamed for the later arrival and the store's numbering moves past the
 * day's sequences; (a) a product paid at a price central did not have then keeps the paid price and goes to
 * accounting; (c) a product central has as unavailable goes to a person. Every order is kept.
 */
export function resolveOrders(orders: IncomingOrder[], central: CentralHoldings): { orders: ResolvedOrder[]; conflicts: Conflict[] } {
  const days = new Map<string, Map<string, NumberHolder>>();
  const dayOf = (day: string) => {
    let numbers = days.get(day);
    if (!numbers) days.set(day, (numbers = new Map(central.days.get(day))));
    return numbers;
  };
  const resolved: ResolvedOrder[] = [];
  const conflicts: Conflict[] = [];
  orders.forEach((o, i) => {
    const numbers = dayOf(o.businessDay);
    const holder = numbers.get(o.orderNumber);
    const displayNumber = holder ? renamedNumber(o.orderNumber, o.storeId, new Set(numbers.keys())) : o.orderNumber;
    if (holder) conflicts.push(collision(o, holder, displayNumber, [...numbers.values()].map((h) => h.daySequence)));
    numbers.set(displayNumber, { globalId: o.globalId, storeId: o.storeId, daySequence: o.daySequence });
    const catalog = central.catalogs[i]!;
    const prices = priceDifferences(o.lines, (id) => catalog.priceAt(id)).map((d) => priceOverride(o, d));
    const unavailable = availabilityMismatches(o.lines.map((l) => l.productId), (id) => catalog.available(id)).map((id) => availabilityMismatch(o, id));
    conflicts.push(...prices, ...unavailable);
    resolved.push({ order: o, displayNumber, priceOverride: prices.length > 0 });
  });
  return { orders: resolved, conflicts };
}

function collision(o: IncomingOrder, holder: NumberHolder, renamedTo: string, daySequences: number[]): Conflict {
  const nextSequence = nextSequencePast(o.daySequence, daySequences);
  return {
    kind: 'order_number_collision', storeId: o.storeId, globalId: o.globalId, businessDay: o.businessDay,
    resolution: 'renamed_later_arrival', reviewStatus: 'resolved',
    details: { orderNumber: o.orderNumber, renamedTo, heldBy: holder.globalId, heldByStore: holder.storeId, nextSequence },
    decisions: [
      { case: 'orderRenamed', value: create(pb.OrderRenamedSchema, { globalId: o.globalId, oldNumber: o.orderNumber, newNumber: renamedTo }) },
      { case: 'numberingMoved', value: create(pb.NumberingMovedSchema, { businessDay: o.businessDay, nextSequence: BigInt(nextSequence) }) },
    ],
    logMessage: 'order number collision: later arrival renamed',
  };
}

function priceOverride(o: IncomingOrder, d: ReturnType<typeof priceDifferences>[number]): Conflict {
  return {
    kind: 'price_override', storeId: o.storeId, globalId: o.globalId, businessDay: o.businessDay,
    resolution: 'kept_paid_price', reviewStatus: 'accounting_review', details: { ...d, orderNumber: o.orderNumber },
    decisions: [{
      case: 'priceOverridden',
      value: create(pb.PriceOverriddenSchema, { globalId: o.globalId, productId: d.productId, paidUnitPrice: BigInt(d.paidUnitPrice), centralUnitPrice: BigInt(d.centralUnitPrice) }),
    }],
    logMessage: 'order paid at an old price: kept, flagged for accounting',
  };
}

function availabilityMismatch(o: IncomingOrder, productId: string): Conflict {
  return {
    kind: 'availability_mismatch', storeId: o.storeId, globalId: o.globalId, businessDay: o.businessDay,
    resolution: 'central_value_applies', reviewStatus: 'manual_review', details: { productId, centralAvailable: false, orderNumber: o.orderNumber },
    decisions: [],
    review: { subjectId: productId, summary: `order ${o.orderNumber} sold ${productId}, which central has as unavailable` },
    logMessage: 'order sold a product central has as unavailable: queued for review',
  };
}
