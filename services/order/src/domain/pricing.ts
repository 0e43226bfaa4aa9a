import { conflict, unprocessable } from '@kiosk/kit/errors';
import type { OrderLineView, OrderMode, PlaceOrderRequest } from '@kiosk/contracts';
import type { IndexedProduct, PriceBook } from './price-book.js';

// The kit's error entry is plain values (no I/O, no drivers), so pricing raises the contract's codes directly.

export interface PricedOrder {
  lines: OrderLineView[];
  subtotal: number;
  serviceCharge: number;
  tax: number;
  total: number;
  currency: string;
  catalogVersion: number;
}

type LineRequest = PlaceOrderRequest['lines'][number];

/**
 * Prices an order from the price book: the kiosk's figures are never trusted, only checked (`expectedTotal`).
 * Throws 422 unknown_product / unknown_option / invalid_options, 409 product_unavailable or total_mismatch.
 */
export function priceOrder(book: PriceBook, req: Pick<PlaceOrderRequest, 'mode' | 'lines' | 'expectedTotal'>): PricedOrder {
  const lines = req.lines.map((line, index) => priceLine(book, line, index));
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const totals = orderTotals(subtotal, req.mode, book);
  if (req.expectedTotal !== undefined && req.expectedTotal !== totals.total) {
    throw conflict('total_mismatch', 'the total shown on the kiosk differs from the store price', { expected: req.expectedTotal, actual: totals.total });
  }
  return { lines, subtotal, ...totals, currency: book.currency, catalogVersion: book.version };
}

/** Service charge (dine-in only) and tax are rounded once each, on the order, never per line. */
export function orderTotals(subtotal: number, mode: OrderMode, rates: { taxRateBps: number; serviceChargeBps: number }) {
  const serviceCharge = mode === 'dine_in' ? Math.round((subtotal * rates.serviceChargeBps) / 10_000) : 0;
  const tax = Math.round(((subtotal + serviceCharge) * rates.taxRateBps) / 10_000);
  return { serviceCharge, tax, total: subtotal + serviceCharge + tax };
}

function priceLine(book: PriceBook, line: LineRequest, index: number): OrderLineView {
  const entry = book.products.get(line.productId);
  if (!entry) throw unprocessable('unknown_product', `product ${line.productId} is not on the menu`, { line: index, productId: line.productId });
  const chosen = chooseOptions(book, entry, line.optionIds, index);
  checkGroups(entry, line.optionIds, index);
  checkAvailable(entry, chosen.map((c) => c.id), index);
  // Discount options may make an item free, never negative: a total can never go below 0 whatever the menu says.
  const unitPrice = Math.max(0, entry.product.price + chosen.reduce((sum, o) => sum + o.priceDelta, 0));
  return {
    productId: entry.product.id,
    name: entry.product.name,
    quantity: line.quantity,
    unitPrice,
    options: chosen,
    ...(line.notes ? { notes: line.notes } : {}),
    station: entry.product.station,
    lineTotal: unitPrice * line.quantity,
  };
}

function chooseOptions(book: PriceBook, entry: IndexedProduct, optionIds: string[], index: number) {
  if (new Set(optionIds).size !== optionIds.length) {
    throw unprocessable('invalid_options', 'an option is chosen twice', { line: index, optionIds });
  }
  return optionIds.map((id) => {
    const found = entry.options.get(id);
    if (found) return { id, name: found.option.name, priceDelta: found.option.priceDelta };
    if (book.allOptionIds.has(id)) {
      throw unprocessable('invalid_options', `option ${id} belongs to another product`, { line: index, optionId: id });
    }
    throw unprocessable('unknown_option', `option ${id} is not on the menu`, { line: index, optionId: id });
  });
}

/** Every option group's min/max (e.g. exactly one size, at most three toppings). */
function checkGroups(entry: IndexedProduct, optionIds: string[], index: number) {
  for (const group of entry.product.optionGroups) {
    const picked = optionIds.filter((id) => entry.options.get(id)?.group.id === group.id).length;
    if (picked < group.min || picked > group.max) {
      throw unprocessable('invalid_options', `choose between ${group.min} and ${group.max} of ${group.name}`, {
        line: index, group: group.id, min: group.min, max: group.max, picked,
      });
    }
  }
}

function checkAvailable(entry: IndexedProduct, optionIds: string[], index: number) {
  if (!entry.product.available) {
    throw conflict('product_unavailable', `${entry.product.name} is sold out`, { line: index, productId: entry.product.id });
  }
  for (const id of optionIds) {
    const option = entry.options.get(id)?.option;
    if (option && !option.available) {
      throw conflict('product_unavailable', `${option.name} is sold out`, { line: index, productId: entry.product.id, optionId: id });
    }
  }
}
