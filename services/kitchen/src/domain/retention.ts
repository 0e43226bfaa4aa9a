import { isOpen, type Ticket } from './ticket.js';

/**
 * A ticket is a candidate for retention once it left the rail (served or cancelled) and is older than `days`;
 * whether it goes is the order service's word (its order is old by business day and confirmed by central).
 * null when retention is off.
 */
export function ticketCandidateBefore(now: Date, days: number): Date | null {
  if (!Number.isInteger(days) || days <= 0) return null;
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

export function ticketMayBeOffered(t: Pick<Ticket, 'status' | 'createdAt'>, before: Date | null): boolean {
  return before !== null && !isOpen(t.status) && Date.parse(t.createdAt) < before.getTime();
}
