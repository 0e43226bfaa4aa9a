import { createHash } from 'node:crypto';
import { create, pb, subjects, toBinary, type TicketStatus } from '@kiosk/contracts';
import type { OutboxEvent } from '@kiosk/kit';
import type { Ticket } from '../domain/ticket.js';

/** Where the kitchen's outbox lives and the channel that wakes its relay. */
export const kitchenOutbox = { table: 'kitchen.outbox', channel: 'kitchen_outbox' } as const;

const statusToPb: Record<TicketStatus, pb.TicketStatus> = {
  new: pb.TicketStatus.NEW,
  preparing: pb.TicketStatus.PREPARING,
  ready: pb.TicketStatus.READY,
  served: pb.TicketStatus.SERVED,
  cancelled: pb.TicketStatus.CANCELLED,
};

// Fixed namespace for the kitchen's name-based (v5) event ids.
const namespace = Buffer.from('6f1c2a4e9b3d4c5e8f7a1b2c3d4e5f60', 'hex');

/**
 * A UUIDv5 of (ticket id, version): the same change always gets the same event id, so a retried publish (or a
 * retried transaction) is dropped by JetStream's duplicate window instead of being counted twice.
 */
export function ticketEventId(ticketId: string, version: number): string {
  const hash = createHash('sha1').update(namespace).update(`${ticketId}/${version}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The TicketStatusChanged event for one committed ticket version, ready for the outbox. */
export function ticketChangedEvent(storeId: string, ticket: Ticket, change: { action: string; previous: TicketStatus | null; actor: string }): OutboxEvent {
  const eventId = ticketEventId(ticket.id, ticket.version);
  const message = create(pb.TicketStatusChangedSchema, {
    eventId,
    ticketId: ticket.id,
    globalId: ticket.globalId,
    storeId,
    orderNumber: ticket.orderNumber,
    status: statusToPb[ticket.status],
    previousStatus: change.previous ? statusToPb[change.previous] : pb.TicketStatus.UNSPECIFIED,
    version: BigInt(ticket.version),
    action: change.action,
    changedAt: ticket.updatedAt,
    actor: change.actor,
  });
  return {
    eventId,
    subject: subjects.ticketChanged(storeId),
    eventType: pb.TicketStatusChangedSchema.typeName,
    payload: toBinary(pb.TicketStatusChangedSchema, message),
    correlationId: ticket.globalId,
  };
}
