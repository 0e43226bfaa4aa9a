import type { pb } from '@kiosk/contracts';

/** A receipt as the order service applies it: everything of `stream` up to `committedSeq` is safe at central. */
export interface Receipt {
  stream: string;
  committedSeq: number;
  committedAt: Date;
  ordersCommitted: number;
  /** The first sequence of the stream `committedSeq` counts in; 0 from a central that does not say. */
  streamStart: number;
}

/** What one central decision asks of the store (docs/architecture.md, conflict rules), as plain data. */
export type DecisionAction =
  | { kind: 'order_renamed'; globalId: string; centralNumber: string; details: Record<string, unknown> }
  | { kind: 'price_overridden'; globalId: string; details: Record<string, unknown> }
  | { kind: 'numbering_moved'; businessDay: string; lastUsed: number; details: Record<string, unknown> }
  | { kind: 'review_requested'; review: { reviewId: string; kind: string; subjectId: string; summary: string }; details: Record<string, unknown> }
  /** A person at central settled a conflict: recorded at the store (what the store shows for that order or review). */
  | { kind: 'review_resolved'; globalId: string | null; details: Record<string, unknown> };

export class InvalidSyncMessage extends Error {
  override name = 'InvalidSyncMessage';
}

/**
 * Reads a receipt. Only receipts for this store count (the stream is sourced for this store alone, but a
 * wrong one must never mark orders synced).
 */
export function toReceipt(msg: pb.SyncReceipt, storeId: string): Receipt {
  if (msg.storeId !== storeId) throw new InvalidSyncMessage(`receipt for store ${msg.storeId}, not ${storeId}`);
  const committedAt = new Date(msg.committedAt);
  if (Number.isNaN(committedAt.getTime())) throw new InvalidSyncMessage(`receipt without a valid committed_at: ${msg.committedAt}`);
  if (!msg.stream) throw new InvalidSyncMessage('receipt without a stream');
  return { stream: msg.stream, committedSeq: Number(msg.committedSeq), committedAt, ordersCommitted: Number(msg.ordersCommitted), streamStart: Number(msg.streamStart) };
}

/**
 * Whether a receipt counts in this box's stream. A replacement box's streams start above the dead box's, and
 * central's receipts for the dead box's stream still come down to the new one: applied, they would mark orders
 * synced that central has not seen. Unknown on either side (0 or null) counts, as before boxes said.
 */
export function countsInThisStream(receipt: Receipt, ownStart: number | null): boolean {
  return receipt.streamStart === 0 || ownStart === null || receipt.streamStart === ownStart;
}

/** Turns a decision into the one change it asks for; an empty or foreign decision is invalid (parked, never retried). */
export function toDecisionAction(msg: pb.Decision, storeId: string): DecisionAction {
  if (msg.storeId !== storeId) throw new InvalidSyncMessage(`decision for store ${msg.storeId}, not ${storeId}`);
  const d = msg.decision;
  switch (d.case) {
    case 'orderRenamed':
      return { kind: 'order_renamed', globalId: d.value.globalId, centralNumber: d.value.newNumber,
        details: { oldNumber: d.value.oldNumber, newNumber: d.value.newNumber } };
    case 'priceOverridden':
      return { kind: 'price_overridden', globalId: d.value.globalId, details: {
        productId: d.value.productId, paidUnitPrice: Number(d.value.paidUnitPrice), centralUnitPrice: Number(d.value.centralUnitPrice) } };
    case 'numberingMoved': {
      // "Move past next_sequence - 1": the next number the store draws is at least next_sequence.
      const lastUsed = Number(d.value.nextSequence) - 1;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d.value.businessDay) || lastUsed < 1) throw new InvalidSyncMessage(`bad numbering move: ${d.value.businessDay} ${d.value.nextSequence}`);
      return { kind: 'numbering_moved', businessDay: d.value.businessDay, lastUsed, details: { businessDay: d.value.businessDay, nextSequence: lastUsed + 1 } };
    }
    case 'reviewRequested': {
      const review = { reviewId: d.value.reviewId, kind: d.value.kind, subjectId: d.value.subjectId, summary: d.value.summary };
      if (!review.reviewId) throw new InvalidSyncMessage('review request without an id');
      return { kind: 'review_requested', review, details: review };
    }
    case 'reviewResolved': {
      const v = d.value;
      if (!v.reviewId || !['accept', 'adjust'].includes(v.decision)) throw new InvalidSyncMessage(`bad review resolution: ${v.reviewId} ${v.decision}`);
      return { kind: 'review_resolved', globalId: v.globalId || null, details: {
        reviewId: v.reviewId, kind: v.kind, decision: v.decision, note: v.note, amount: Number(v.amount), resolvedBy: v.resolvedBy, resolvedAt: v.resolvedAt } };
    }
    default:
      throw new InvalidSyncMessage(`decision ${msg.eventId} carries no decision`);
  }
}
