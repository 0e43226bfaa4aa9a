/**
 * What the rail shows and in which order: open tickets, oldest first, narrowed to this display's stations.
 * Pure functions over plain data so the ordering rules are unit-tested without a browser.
 */
import type { TicketAction, TicketLineView, TicketStatus, TicketView } from '@kiosk/contracts/api';

/** Statuses that stay on the rail until the ticket is bumped (served) or cancelled. */
export const openStatuses: readonly TicketStatus[] = ['new', 'preparing', 'ready'];

/**
 * Stations a display works. An empty list is the expo view: every line of every ticket.
 */
export type StationSelection = readonly string[];

export interface RailLine {
  line: TicketLineView;
  /** Index in the ticket's `lines` (the server's line address for done marks). */
  index: number;
}

export interface RailTicket {
  ticket: TicketView;
  /** The lines this display cooks, in ticket order. */
  lines: RailLine[];
  /** Lines of the ticket that other stations cook (shown as a count so the cook knows the order is bigger). */
  otherStationLines: number;
  /** `createdAt` in ms, parsed once per ticket version: the rail is sorted on every change. */
  createdMs: number;
}

export function isOpen(ticket: TicketView): boolean {
  return openStatuses.includes(ticket.status);
}

export function lineForStations(line: TicketLineView, stations: StationSelection): boolean {
  return stations.length === 0 || stations.includes(line.station);
}

/** Oldest first; equal timestamps fall back to the order number so two displays never disagree. */
export function compareByAge(a: TicketView, b: TicketView): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareTie(a, b);
}

function compareTie(a: TicketView, b: TicketView): number {
  return a.orderNumber.localeCompare(b.orderNumber, undefined, { numeric: true }) || a.id.localeCompare(b.id);
}

/** `compareByAge` on rail entries, with the time parsed once per entry. */
function compareEntries(a: RailTicket, b: RailTicket): number {
  return a.createdMs - b.createdMs || compareTie(a.ticket, b.ticket);
}

/**
 * The open tickets that have at least one line for the selected stations, oldest first.
 *
 * `cache` (valid for one station selection) hands back the same entry for an unchanged ticket object, so with
 * 200 tickets open a change re-renders one card, not all of them.
 */
export function buildRail(tickets: Iterable<TicketView>, stations: StationSelection, cache?: WeakMap<TicketView, RailTicket | null>): RailTicket[] {
  const rail: RailTicket[] = [];
  for (const ticket of tickets) {
    if (!isOpen(ticket)) continue;
    let entry = cache?.get(ticket);
    if (entry === undefined) {
      entry = railEntry(ticket, stations);
      cache?.set(ticket, entry);
    }
    if (entry) rail.push(entry);
  }
  // Mostly in order already (tickets arrive oldest first): the sort is a linear pass over numbers.
  return rail.sort(compareEntries);
}

function railEntry(ticket: TicketView, stations: StationSelection): RailTicket | null {
  const lines = ticket.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => lineForStations(line, stations));
  return lines.length === 0 ? null : { ticket, lines, otherStationLines: ticket.lines.length - lines.length, createdMs: Date.parse(ticket.createdAt) };
}

/** What "bump" (Enter, or the big button) does next: new -> start, preparing -> ready, ready -> serve. */
export function nextAction(status: TicketStatus): TicketAction | null {
  switch (status) {
    case 'new':
      return 'start';
    case 'preparing':
      return 'ready';
    case 'ready':
      return 'serve';
    default:
      return null;
  }
}

/** The status the server will answer with when `action` succeeds (shown at once, before the answer). */
export function statusAfter(action: TicketAction): TicketStatus {
  const next: Record<TicketAction, TicketStatus> = { start: 'preparing', ready: 'ready', serve: 'served', recall: 'preparing', cancel: 'cancelled' };
  return next[action];
}

/**
 * Tickets as the cook should see them while actions are in flight: the expected status replaces the known
 * one, so a bump answers the key press in the next frame, not after the round trip. The server's answer
 * (or a 409's current ticket) then replaces the guess; `pending` holds only what is still in flight.
 */
export function withPending(tickets: Iterable<TicketView>, pending: ReadonlyMap<string, TicketStatus>): TicketView[] {
  const shown: TicketView[] = [];
  for (const ticket of tickets) {
    const status = pending.get(ticket.id);
    shown.push(status === undefined || status === ticket.status ? ticket : { ...ticket, status });
  }
  return shown;
}

/**
 * The ticket "recall" brings back: the one this display bumped last if the server still allows recalling it
 * (ready or served), otherwise the most recently served ticket any display bumped.
 */
export function recallCandidate(tickets: Iterable<TicketView>, lastBumpedId: string | null): TicketView | null {
  let latestServed: TicketView | null = null;
  for (const ticket of tickets) {
    if (ticket.id === lastBumpedId && (ticket.status === 'served' || ticket.status === 'ready')) return ticket;
    if (ticket.status !== 'served' || ticket.servedAt === undefined) continue;
    if (latestServed === null || Date.parse(ticket.servedAt) > Date.parse(latestServed.servedAt ?? '')) {
      latestServed = ticket;
    }
  }
  return latestServed;
}

/**
 * Moves the selection along the rail (arrow keys). Keeps it on the rail when tickets disappear: an unknown or
 * missing selection starts from the first ticket.
 */
export function moveSelection(railIds: readonly string[], selectedId: string | null, delta: number): string | null {
  if (railIds.length === 0) return null;
  const at = selectedId === null ? -1 : railIds.indexOf(selectedId);
  if (at === -1) return railIds[0] ?? null;
  const to = Math.min(railIds.length - 1, Math.max(0, at + delta));
  return railIds[to] ?? null;
}

/** Every station named by the catalog or by any ticket line, sorted, for the station picker. */
export function knownStations(fromCatalog: Iterable<string>, tickets: Iterable<TicketView>): string[] {
  const all = new Set<string>();
  for (const station of fromCatalog) if (station) all.add(station);
  for (const ticket of tickets) for (const line of ticket.lines) if (line.station) all.add(line.station);
  return [...all].sort();
}
