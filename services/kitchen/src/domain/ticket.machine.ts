import type { TicketAction, TicketStatus } from '@kiosk/contracts';
import type { Ticket } from './ticket.js';

/**
 * The ticket state machine. Each action lists the states it may start from and where it leads; anything else
 * is an illegal transition (a display acting on a stale screen, or a bug), never a silent no-op.
 */
export const transitions: Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  start: { from: ['new'], to: 'preparing' },
  ready: { from: ['new', 'preparing'], to: 'ready' },
  serve: { from: ['ready'], to: 'served' },
  // A recalled ticket goes back on the line: the customer came back, or it was bumped by mistake.
  recall: { from: ['ready', 'served'], to: 'preparing' },
  cancel: { from: ['new', 'preparing', 'ready'], to: 'cancelled' },
};

/** Cancelling throws food away (and money, for a paid order): only a manager may. */
export const needsManagerPin = (action: TicketAction) => action === 'cancel';

export type TransitionResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'illegal_transition'; from: TicketStatus; action: TicketAction };

/** The ticket after `action` at time `at` (ISO string), or why it cannot happen. Pure: no I/O, no clock. */
export function applyAction(ticket: Ticket, action: TicketAction, at: string): TransitionResult {
  const rule = transitions[action];
  if (!rule.from.includes(ticket.status)) return { ok: false, reason: 'illegal_transition', from: ticket.status, action };
  const next: Ticket = { ...ticket, status: rule.to, version: ticket.version + 1, updatedAt: at };
  if (action === 'start' || (action === 'ready' && !ticket.startedAt)) next.startedAt = ticket.startedAt ?? at;
  if (action === 'ready') next.readyAt = at;
  if (action === 'serve') next.servedAt = at;
  if (action === 'cancel') next.cancelledAt = at;
  if (action === 'recall') {
    // Back to cooking: it is no longer ready or handed over; prep time is measured again to the next "ready".
    next.readyAt = null;
    next.servedAt = null;
  }
  return { ok: true, ticket: next };
}

/**
 * The day was closed with this ticket still open: it leaves the rail as served (counted in the day's stats, and
 * recallable like any served ticket). A closed ticket stays as it is (null).
 */
export function closeOut(ticket: Ticket, at: string): Ticket | null {
  if (ticket.status !== 'new' && ticket.status !== 'preparing' && ticket.status !== 'ready') return null;
  return { ...ticket, status: 'served', version: ticket.version + 1, updatedAt: at, servedAt: at, startedAt: ticket.startedAt ?? at };
}

/** The order's payment arrived: the ticket is marked paid (a new version; its status does not move). */
export function markPaid(ticket: Ticket, at: string): Ticket | null {
  return ticket.paid ? null : { ...ticket, paid: true, version: ticket.version + 1, updatedAt: at };
}

export type LineDoneResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'line_not_found' | 'ticket_closed' };

/** Marks one line done or not done. Closed tickets (served, cancelled) are history and stay as they were. */
export function markLine(ticket: Ticket, index: number, done: boolean, at: string): LineDoneResult {
  if (!Number.isInteger(index) || index < 0 || index >= ticket.lines.length) return { ok: false, reason: 'line_not_found' };
  if (ticket.status === 'served' || ticket.status === 'cancelled') return { ok: false, reason: 'ticket_closed' };
  const lines = ticket.lines.map((l, i) => (i === index ? { ...l, done } : l));
  return { ok: true, ticket: { ...ticket, lines, version: ticket.version + 1, updatedAt: at } };
}
