import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary } from '@kiosk/contracts';
import type { OutboxEvent } from '@kiosk/kit';
import type { DecisionCase } from '../domain/order-batch.js';

/** The outbox of central-ingest: decisions for stores, relayed to the hub's CENTRAL_TO_<ID> streams. */
export const ingestOutbox = { table: 'central.outbox', channel: 'central_outbox' } as const;

export const decisionType = 'kiosk.events.v1.Decision';
export const receiptType = 'kiosk.events.v1.SyncReceipt';


/** One Decision for one store, as an outbox event (Nats-Msg-Id = event id). */
export function decisionEvent(storeId: string, reason: string, decision: DecisionCase, correlationId?: string): OutboxEvent {
  const eventId = randomUUID();
  const msg = create(pb.DecisionSchema, { eventId, storeId, decidedAt: new Date().toISOString(), reason, decision });
  return { eventId, subject: subjects.decision(storeId), eventType: decisionType, payload: toBinary(pb.DecisionSchema, msg), correlationId };
}

export const reviewRequested = (reviewId: string, kind: string, subjectId: string, summary: string): DecisionCase =>
  ({ case: 'reviewRequested', value: create(pb.ReviewRequestedSchema, { reviewId, kind, subjectId, summary }) });
