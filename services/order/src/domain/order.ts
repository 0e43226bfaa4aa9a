import type { OrderView, PlaceOrderRequest } from '@kiosk/contracts';
import { orderNumber } from './numbering.js';
import { paymentFor } from './payment.js';
import type { PricedOrder } from './pricing.js';

export interface NewOrder {
  view: OrderView;
  daySequence: number;
  paymentId: string;
  /** Hash of the canonical request: the idempotency check compares it. */
  requestHash: string;
}

/** Assembles the order as the kiosk will see it, from the request, its prices, its number and its payment. */
export function assembleOrder(input: {
  request: PlaceOrderRequest;
  priced: PricedOrder;
  storeId: string;
  businessDay: string;
  daySequence: number;
  createdAt: Date;
  paymentId: string;
  card?: { reference: string; offline: boolean };
  requestHash: string;
}): NewOrder {
  const { request, priced } = input;
  const { payment, status } = paymentFor(request.payment.method, priced.total, input.card);
  const view: OrderView = {
    globalId: request.globalId,
    storeId: input.storeId,
    kioskId: request.kioskId,
    orderNumber: orderNumber(input.daySequence),
    businessDay: input.businessDay,
    status,
    mode: request.mode,
    ...(request.customerName ? { customerName: request.customerName } : {}),
    ...(request.notes ? { notes: request.notes } : {}),
    currency: priced.currency,
    subtotal: priced.subtotal,
    tax: priced.tax,
    serviceCharge: priced.serviceCharge,
    total: priced.total,
    lines: priced.lines,
    payment,
    catalogVersion: priced.catalogVersion,
    createdAt: input.createdAt.toISOString(),
  };
  return { view, daySequence: input.daySequence, paymentId: input.paymentId, requestHash: input.requestHash };
}
