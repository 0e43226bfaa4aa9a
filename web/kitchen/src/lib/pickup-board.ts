/**
 * The pickup board's state: order numbers in "preparing" or "ready". The board gets no ticket versions, only
 * `updatedAt`, so the later update wins; served and cancelled numbers leave the board.
 */
import type { PickupEvent, PickupTicketView } from '@kiosk/contracts/api';

export type PickupMap = ReadonlyMap<string, PickupTicketView>;

function boardStatus(status: PickupEvent['status']): PickupTicketView['status'] | null {
  if (status === 'new' || status === 'preparing') return 'preparing';
  if (status === 'ready') return 'ready';
  return null;
}

/**
 * Applies one live event. `removedAt` remembers when numbers left the board, so a late, older "preparing"
 * event for a number that was already served cannot bring it back.
 */
export function applyPickupEvent(board: PickupMap, event: PickupEvent, removedAt = new Map<string, number>()): PickupMap {
  const at = Date.parse(event.updatedAt);
  const current = board.get(event.orderNumber);
  if (current !== undefined && Date.parse(current.updatedAt) > at) return board;
  const gone = removedAt.get(event.orderNumber);
  if (gone !== undefined && gone >= at) return board;
  const status = boardStatus(event.status);
  const next = new Map(board);
  if (status === null) {
    next.delete(event.orderNumber);
    removedAt.set(event.orderNumber, at);
  } else {
    const entry: PickupTicketView = { orderNumber: event.orderNumber, status, updatedAt: event.updatedAt };
    if (event.customerName !== undefined) entry.customerName = event.customerName;
    next.set(event.orderNumber, entry);
  }
  return next;
}

/** State after a (re)connect: the snapshot, with the events that arrived while it loaded laid over it. */
export function reconcilePickup(snapshot: readonly PickupTicketView[], arrivedWhileLoading: readonly PickupEvent[]): PickupMap {
  let board: PickupMap = new Map(snapshot.map((t) => [t.orderNumber, t]));
  const removedAt = new Map<string, number>();
  for (const event of arrivedWhileLoading) board = applyPickupEvent(board, event, removedAt);
  return board;
}

export interface PickupColumns {
  /** By order number, as customers scan for theirs (the board has no creation time; a start must not reorder). */
  preparing: PickupTicketView[];
  /** Most recently ready first, so a new number appears at the top where eyes are. */
  ready: PickupTicketView[];
}

const byNumber = new Intl.Collator(undefined, { numeric: true });

export function pickupColumns(board: PickupMap): PickupColumns {
  const all = [...board.values()];
  const at = (t: PickupTicketView) => Date.parse(t.updatedAt);
  return {
    preparing: all.filter((t) => t.status === 'preparing').sort((a, b) => byNumber.compare(a.orderNumber, b.orderNumber)),
    ready: all.filter((t) => t.status === 'ready').sort((a, b) => at(b) - at(a)),
  };
}

/** Numbers that are ready in `next` but were not in `previous`: these get the chime and the highlight. */
export function turnedReady(previous: PickupMap, next: PickupMap): string[] {
  const fresh: string[] = [];
  for (const [number, entry] of next) {
    if (entry.status === 'ready' && previous.get(number)?.status !== 'ready') fresh.push(number);
  }
  return fresh;
}
