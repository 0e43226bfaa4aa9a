/**
 * Merging the server's ticket snapshot with live socket.io events. The server bumps `version` on every change,
 * so the higher version is always the more recent truth, whichever channel delivered it first.
 */
import type { TicketView } from '@kiosk/contracts/api';

export type TicketMap = ReadonlyMap<string, TicketView>;

/** True when `incoming` should replace `current` (no current ticket, or a strictly higher version). */
export function isNewer(current: TicketView | undefined, incoming: TicketView): boolean {
  return current === undefined || incoming.version > current.version;
}

/**
 * Applies one ticket (a live event, an action's answer or a 409's `details.ticket`). Returns the same map when
 * nothing changed, so callers can skip work; otherwise a new map (the input is never mutated).
 */
export function applyTicket(tickets: TicketMap, incoming: TicketView): TicketMap {
  if (!isNewer(tickets.get(incoming.id), incoming)) return tickets;
  const next = new Map(tickets);
  next.set(incoming.id, incoming);
  return next;
}

/**
 * Rebuilds the local state after a (re)connect. The snapshot is the truth for the tickets it lists and for
 * which tickets exist at all: anything known only from before the disconnect is dropped (it aged out of the
 * server's window or was never real). Events that arrived while the snapshot was loading may be newer than
 * the snapshot (or be tickets created after it was read), so they are laid over it by version.
 */
export function reconcile(snapshot: readonly TicketView[], arrivedWhileLoading: readonly TicketView[]): TicketMap {
  let merged: TicketMap = new Map(snapshot.map((t) => [t.id, t]));
  for (const ticket of arrivedWhileLoading) merged = applyTicket(merged, ticket);
  return merged;
}

/** Ids present in `next` but not in `previous`: the tickets that are new to this display. */
export function addedIds(previous: TicketMap, next: TicketMap): string[] {
  const added: string[] = [];
  for (const id of next.keys()) if (!previous.has(id)) added.push(id);
  return added;
}
