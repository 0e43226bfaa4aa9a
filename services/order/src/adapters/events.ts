import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary, type OrderView } from '@kiosk/contracts';
import type { OutboxEvent } from '@kiosk/kit';

const modes = { dine_in: pb.OrderMode.DINE_IN, takeaway: pb.OrderMode.TAKEAWAY } as const;
const methods = { cash: pb.PaymentMethod.CASH, card: pb.PaymentMethod.CARD, qris: pb.PaymentMethod.QRIS } as const;
const statuses = { pending: pb.PaymentStatus.PENDING, approved: pb.PaymentStatus.APPROVED } as const;

/** The two events of a new order (OrderCreated, PaymentRecorded), ready for the outbox; correlation id = globalId. */
export function orderEvents(view: OrderView, daySequence: number, paymentId: string): OutboxEvent[] {
  const payment = create(pb.PaymentSchema, {
    paymentId,
    method: methods[view.payment.method],
    status: statuses[view.payment.status],
    amount: BigInt(view.payment.amount),
    currency: view.currency,
    reference: view.payment.reference ?? '',
  });
  const created = create(pb.OrderCreatedSchema, {
    eventId: randomUUID(),
    globalId: view.globalId,
    storeId: view.storeId,
    kioskId: view.kioskId,
    orderNumber: view.orderNumber,
    businessDay: view.businessDay,
    mode: modes[view.mode],
    customerName: view.customerName ?? '',
    notes: view.notes ?? '',
    currency: view.currency,
    subtotal: BigInt(view.subtotal),
    tax: BigInt(view.tax),
    serviceCharge: BigInt(view.serviceCharge),
    total: BigInt(view.total),
    lines: view.lines.map((l) => create(pb.OrderLineSchema, {
      productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: BigInt(l.unitPrice), notes: l.notes ?? '',
      station: l.station, lineTotal: BigInt(l.lineTotal),
      options: l.options.map((o) => create(pb.OrderLineOptionSchema, { id: o.id, name: o.name, priceDelta: BigInt(o.priceDelta) })),
    })),
    catalogVersion: BigInt(view.catalogVersion),
    createdAt: view.createdAt,
    payment,
    daySequence: BigInt(daySequence),
  });
  const recorded = create(pb.PaymentRecordedSchema, {
    eventId: randomUUID(), globalId: view.globalId, storeId: view.storeId, payment, recordedAt: view.createdAt,
  });
  return [
    { eventId: created.eventId, subject: subjects.orderCreated(view.storeId), eventType: pb.OrderCreatedSchema.typeName,
      payload: toBinary(pb.OrderCreatedSchema, created), correlationId: view.globalId },
    { eventId: recorded.eventId, subject: subjects.paymentRecorded(view.storeId), eventType: pb.PaymentRecordedSchema.typeName,
      payload: toBinary(pb.PaymentRecordedSchema, recorded), correlationId: view.globalId },
  ];
}
