import { pb, type SettleMethod, type ZReportView } from '@kiosk/contracts';
import { methodName, orDash } from './events.js';
import { allTextStorable, isBusinessDay, isInstant, isSafeWhole, isUuid } from '@kiosk/kit/storable';

/** A void or refund as central stores it. */
export interface IncomingReversal {
  eventId: string;
  storeId: string;
  globalId: string;
  kind: 'void' | 'refund';
  amount: number;
  currency: string;
  method: string;
  lines: { lineNo: number; quantity: number; amount: number }[];
  reason: string;
  approvedBy: string;
  requestedBy: string;
  businessDay: string;
  reversedAt: string;
}

const kindName: Record<number, 'void' | 'refund'> = { [pb.ReversalKind.VOID]: 'void', [pb.ReversalKind.REFUND]: 'refund' };

/** `null` when it lacks what identifies it, or its kind is unknown. */
export function reversalFromEvent(e: pb.PaymentReversed): IncomingReversal | null {
  const kind = kindName[e.kind];
  if (!e.eventId || !isUuid(e.globalId) || !kind || !isInstant(e.reversedAt) || !isBusinessDay(e.businessDay)) return null;
  if (![e.amount, ...e.lines.map((l) => l.amount)].every(isSafeWhole)) return null;
  const reversal: IncomingReversal = {
    eventId: e.eventId, storeId: e.storeId, globalId: e.globalId, kind, amount: Number(e.amount), currency: e.currency,
    method: orDash(methodName, e.method), reason: e.reason, approvedBy: e.approvedBy, requestedBy: e.requestedBy,
    businessDay: e.businessDay, reversedAt: e.reversedAt,
    lines: e.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, amount: Number(l.amount) })),
  };
  return allTextStorable(reversal) ? reversal : null;
}

/** The Z report as the store printed it (the same JSON shape as the store's `GET /api/counter/z-reports/:day`). */
export function zReportFromEvent(e: pb.DayClosed): { eventId: string; report: ZReportView } | null {
  if (!e.eventId || !e.storeId || !isBusinessDay(e.businessDay) || !isInstant(e.closedAt)) return null;
  const n = Number;
  const z = {
    eventId: e.eventId,
    report: {
      storeId: e.storeId, businessDay: e.businessDay, closedAt: e.closedAt, closedBy: e.closedBy, currency: e.currency,
      orders: n(e.orders), paidOrders: n(e.paidOrders), unpaidOrders: n(e.unpaidOrders), voidedOrders: n(e.voidedOrders),
      netSales: n(e.netSales), tax: n(e.tax), serviceCharge: n(e.serviceCharge), grossSales: n(e.grossSales),
      byMethod: e.byMethod.map((m) => ({ method: orDash(methodName, m.method) as SettleMethod, count: n(m.count), amount: n(m.amount) })),
      cashRounding: n(e.cashRounding), voids: n(e.voids), voidsAmount: n(e.voidsAmount), refunds: n(e.refunds), refundsAmount: n(e.refundsAmount),
      drawer: {
        float: n(e.drawerFloat), cashIn: n(e.drawerCashIn), cashOut: n(e.drawerCashOut), expected: n(e.drawerExpected),
        counted: n(e.drawerCounted), overShort: n(e.drawerOverShort),
      },
      unpaidOrderNumbers: [...e.unpaidOrderNumbers],
    },
  };
  const figures = Object.values(z.report).filter((v): v is number => typeof v === 'number');
  return figures.every(isSafeWhole) && allTextStorable(z) ? z : null;
}

/** A card a store approved offline that its acquirer declined later (or that expired unforwarded). */
export interface IncomingOfflineCardFailure {
  eventId: string;
  storeId: string;
  globalId: string;
  paymentId: string;
  amount: number;
  currency: string;
  outcome: 'declined' | 'expired';
  reason: string;
  offlineReference: string;
  terminalId: string;
  approvedAt: string;
  failedAt: string;
}

/**
 * What central files for a failed offline card: a conflict of its own kind per outcome (a decline is the
 * acquirer's word, an expiry is the store's: it was never sent), and the payment status that replaces the
 * store's offline approval in the payments report, so the card no longer counts as approved money.
 */
export function offlineCardFailureRecord(outcome: IncomingOfflineCardFailure['outcome']): { conflictKind: 'offline_card_declined' | 'offline_card_expired'; paymentStatus: 'offline_declined' | 'offline_expired' } {
  return outcome === 'declined'
    ? { conflictKind: 'offline_card_declined', paymentStatus: 'offline_declined' }
    : { conflictKind: 'offline_card_expired', paymentStatus: 'offline_expired' };
}

/** `null` when it lacks what identifies it or says an outcome central does not know. */
export function offlineCardFailureFromEvent(e: pb.OfflineCardFailed): IncomingOfflineCardFailure | null {
  if (!e.eventId || !isUuid(e.globalId) || !isUuid(e.paymentId) || !isInstant(e.approvedAt) || !isInstant(e.failedAt) || !isSafeWhole(e.amount)) return null;
  if (e.outcome !== 'declined' && e.outcome !== 'expired') return null;
  const failure: IncomingOfflineCardFailure = {
    eventId: e.eventId, storeId: e.storeId, globalId: e.globalId, paymentId: e.paymentId, amount: Number(e.amount), currency: e.currency,
    outcome: e.outcome, reason: e.reason, offlineReference: e.offlineReference, terminalId: e.terminalId, approvedAt: e.approvedAt, failedAt: e.failedAt,
  };
  return allTextStorable(failure) ? failure : null;
}
