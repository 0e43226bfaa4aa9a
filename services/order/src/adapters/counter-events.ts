import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary, type ReversalView, type SettlementView, type ZReportView } from '@kiosk/contracts';
import type { OutboxEvent } from '@kiosk/kit';

const methods = { cash: pb.PaymentMethod.CASH, card: pb.PaymentMethod.CARD, qris: pb.PaymentMethod.QRIS } as const;
const kinds = { void: pb.ReversalKind.VOID, refund: pb.ReversalKind.REFUND } as const;

/**
 * The settlement as a PaymentRecorded with the order's own payment id and status APPROVED: central and the
 * kitchen already follow that event, so a counter payment reaches both like a card approved at the kiosk.
 * Event id = settlement id: a relay retry is dropped by JetStream's dedupe.
 */
export function settledEvent(storeId: string, paymentId: string, s: SettlementView, settledBy: string): OutboxEvent {
  const e = create(pb.PaymentRecordedSchema, {
    eventId: s.settlementId, globalId: s.globalId, storeId, recordedAt: s.settledAt,
    payment: create(pb.PaymentSchema, {
      paymentId, method: methods[s.method], status: pb.PaymentStatus.APPROVED, amount: BigInt(s.amount),
      currency: s.order.currency, reference: s.order.payment.reference ?? '',
    }),
    tendered: BigInt(s.tendered), changeDue: BigInt(s.changeDue), rounding: BigInt(s.rounding), settledBy,
  });
  return { eventId: e.eventId, subject: subjects.paymentRecorded(storeId), eventType: pb.PaymentRecordedSchema.typeName,
    payload: toBinary(pb.PaymentRecordedSchema, e), correlationId: s.globalId };
}

export function reversedEvent(input: { storeId: string; globalId: string; currency: string; businessDay: string; method: keyof typeof methods; reversal: ReversalView }): OutboxEvent {
  const r = input.reversal;
  const e = create(pb.PaymentReversedSchema, {
    eventId: r.reversalId, globalId: input.globalId, storeId: input.storeId, kind: kinds[r.kind], amount: BigInt(r.amount),
    currency: input.currency, reason: r.reason, approvedBy: r.approvedBy, requestedBy: r.requestedBy, reversedAt: r.reversedAt,
    businessDay: input.businessDay, method: methods[input.method],
    lines: r.lines.map((l) => create(pb.ReversedLineSchema, { lineNo: l.lineNo, quantity: l.quantity, amount: BigInt(l.amount) })),
  });
  return { eventId: e.eventId, subject: subjects.paymentReversed(input.storeId), eventType: pb.PaymentReversedSchema.typeName,
    payload: toBinary(pb.PaymentReversedSchema, e), correlationId: input.globalId };
}

/**
 * The Z report as an event. The outbox needs a uuid id; JetStream dedupes on it, and a day closes once in
 * Postgres (its primary key), so one event per day exists. Central keeps the first per (store, day).
 */
export function dayClosedEvent(z: ZReportView): OutboxEvent {
  const n = (v: number) => BigInt(v);
  const e = create(pb.DayClosedSchema, {
    eventId: randomUUID(), storeId: z.storeId, businessDay: z.businessDay, closedAt: z.closedAt, currency: z.currency,
    orders: n(z.orders), paidOrders: n(z.paidOrders), unpaidOrders: n(z.unpaidOrders), voidedOrders: n(z.voidedOrders),
    netSales: n(z.netSales), tax: n(z.tax), serviceCharge: n(z.serviceCharge), grossSales: n(z.grossSales),
    byMethod: z.byMethod.map((m) => create(pb.MethodTotalSchema, { method: methods[m.method], count: n(m.count), amount: n(m.amount) })),
    cashRounding: n(z.cashRounding), voids: n(z.voids), voidsAmount: n(z.voidsAmount), refunds: n(z.refunds), refundsAmount: n(z.refundsAmount),
    drawerFloat: n(z.drawer.float), drawerCashIn: n(z.drawer.cashIn), drawerCashOut: n(z.drawer.cashOut), drawerExpected: n(z.drawer.expected),
    drawerCounted: n(z.drawer.counted), drawerOverShort: n(z.drawer.overShort), unpaidOrderNumbers: z.unpaidOrderNumbers, closedBy: z.closedBy,
  });
  return { eventId: e.eventId, subject: subjects.dayClosed(z.storeId), eventType: pb.DayClosedSchema.typeName,
    payload: toBinary(pb.DayClosedSchema, e), correlationId: `z:${z.storeId}:${z.businessDay}` };
}
