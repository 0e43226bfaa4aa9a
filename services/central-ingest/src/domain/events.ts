import { pb } from '@kiosk/contracts';
import { allTextStorable, isBusinessDay, isInstant, isSafeWhole, isUuid } from '@kiosk/kit/storable';

/** Plain-data views of the protobuf events central stores (money as numbers: minor units fit in 2^53). */
export interface IncomingOrder {
  eventId: string;
  globalId: string;
  storeId: string;
  kioskId: string;
  orderNumber: string;
  businessDay: string;
  daySequence: number;
  mode: string;
  customerName: string | null;
  notes: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  serviceCharge: number;
  total: number;
  catalogVersion: number;
  createdAt: string;
  lines: { productId: string; name: string; quantity: number; unitPrice: number; options: { id: string; name: string; priceDelta: number }[]; lineTotal: number }[];
  payment: IncomingPayment | null;
}

export interface IncomingPayment {
  globalId: string;
  paymentId: string;
  status: string;
  method: string;
  amount: number;
  currency: string;
  reference: string | null;
  recordedAt: string;
}

const modeName: Record<number, string> = { [pb.OrderMode.DINE_IN]: 'dine_in', [pb.OrderMode.TAKEAWAY]: 'takeaway' };
export const methodName: Record<number, string> = { [pb.PaymentMethod.CASH]: 'cash', [pb.PaymentMethod.CARD]: 'card', [pb.PaymentMethod.QRIS]: 'qris' };
const paymentStatusName: Record<number, string> = { [pb.PaymentStatus.PENDING]: 'pending', [pb.PaymentStatus.APPROVED]: 'approved' };
const ticketStatusName: Record<number, string> = {
  [pb.TicketStatus.NEW]: 'new', [pb.TicketStatus.PREPARING]: 'preparing', [pb.TicketStatus.READY]: 'ready',
  [pb.TicketStatus.SERVED]: 'served', [pb.TicketStatus.CANCELLED]: 'cancelled',
};

export const orDash = <T extends string>(m: Record<number, T>, v: number) => m[v] ?? 'unspecified';

function payment(globalId: string, p: pb.Payment | undefined, at: string): IncomingPayment | null {
  if (!p || !p.paymentId || !isSafeWhole(p.amount)) return null;
  return {
    globalId, paymentId: p.paymentId, status: orDash(paymentStatusName, p.status), method: orDash(methodName, p.method),
    amount: Number(p.amount), currency: p.currency, reference: p.reference || null, recordedAt: at,
  };
}

/** An OrderCreated as central stores it; `null` when it lacks what identifies an order or Postgres could not hold it. */
export function orderFromEvent(e: pb.OrderCreated): IncomingOrder | null {
  if (!isUuid(e.globalId) || !e.orderNumber || !isBusinessDay(e.businessDay) || !isInstant(e.createdAt)) return null;
  const money = [e.subtotal, e.tax, e.serviceCharge, e.total, e.daySequence, e.catalogVersion, ...e.lines.flatMap((l) => [l.unitPrice, l.lineTotal, ...l.options.map((o) => o.priceDelta)])];
  if (!money.every(isSafeWhole)) return null;
  const order: IncomingOrder = {
    eventId: e.eventId, globalId: e.globalId, storeId: e.storeId, kioskId: e.kioskId, orderNumber: e.orderNumber,
    businessDay: e.businessDay, daySequence: Number(e.daySequence), mode: orDash(modeName, e.mode),
    customerName: e.customerName || null, notes: e.notes || null, currency: e.currency,
    subtotal: Number(e.subtotal), tax: Number(e.tax), serviceCharge: Number(e.serviceCharge), total: Number(e.total),
    catalogVersion: Number(e.catalogVersion), createdAt: e.createdAt,
    lines: e.lines.map((l) => ({
      productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: Number(l.unitPrice), lineTotal: Number(l.lineTotal),
      options: l.options.map((o) => ({ id: o.id, name: o.name, priceDelta: Number(o.priceDelta) })),
    })),
    payment: payment(e.globalId, e.payment, e.createdAt),
  };
  return allTextStorable(order) ? order : null;
}

export function paymentFromEvent(e: pb.PaymentRecorded): IncomingPayment | null {
  if (!isUuid(e.globalId) || !isInstant(e.recordedAt)) return null;
  const p = payment(e.globalId, e.payment, e.recordedAt);
  return p && allTextStorable(p) ? p : null;
}

export interface IncomingKitchenEvent {
  eventId: string;
  storeId: string;
  ticketId: string;
  globalId: string;
  orderNumber: string;
  status: string;
  previousStatus: string;
  version: number;
  action: string;
  changedAt: string;
  actor: string;
}

export function kitchenEventFromEvent(e: pb.TicketStatusChanged): IncomingKitchenEvent | null {
  if (!e.eventId || !isInstant(e.changedAt) || !isSafeWhole(e.version)) return null;
  const event: IncomingKitchenEvent = {
    eventId: e.eventId, storeId: e.storeId, ticketId: e.ticketId, globalId: e.globalId, orderNumber: e.orderNumber,
    status: orDash(ticketStatusName, e.status), previousStatus: orDash(ticketStatusName, e.previousStatus),
    version: Number(e.version), action: e.action, changedAt: e.changedAt, actor: e.actor,
  };
  return allTextStorable(event) ? event : null;
}
