/**
 * The kitchen's tickets as this display knows them, and the actions a cook takes on them. Merge rules live in
 * src/lib (tested); this store wires them to the API and keeps the UI state: selection, last bump, notices.
 *
 * Tickets sit in a shallowRef'd immutable map: a change replaces one ticket object, so only that card re-renders.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TicketAction, TicketStatus, TicketView } from '@kiosk/contracts/api';
import { addedIds, applyTicket, reconcile, type TicketMap } from '../lib/ticket-merge.ts';
import { buildRail, type RailTicket, isOpen, lineForStations, moveSelection, nextAction, recallCandidate, statusAfter, withPending } from '../lib/ticket-rail.ts';
import { serverClockOffset } from '../lib/ticket-age.ts';
import { conflictTicket, fetchTickets, isUnauthorized, postLineDone, postTicketAction } from '../api/kitchen-api.ts';
import { ApiError } from '../api/http.ts';
import { useDeviceStore } from './device.ts';
import { useSettingsStore } from './settings.ts';

export type Notice = { kind: 'conflict' | 'failed' | 'recalled'; number: string; status?: string; message?: string; at: number };

export const useTicketsStore = defineStore('tickets', () => {
  const device = useDeviceStore();
  const settings = useSettingsStore();

  const tickets = shallowRef<TicketMap>(new Map());
  const selectedId = ref<string | null>(null);
  const lastBumpedId = ref<string | null>(null);
  const busyIds = ref(new Set<string>());
  /** Status actions in flight and the status they are expected to produce (see `withPending`). */
  const pending = shallowRef<ReadonlyMap<string, TicketStatus>>(new Map());
  const notice = ref<Notice | null>(null);
  const clockOffsetMs = ref(0);
  const loadedOnce = ref(false);
  /** Called with tickets that are new to this display (for the chime). */
  let onArrival: (added: TicketView[]) => void = () => {};

  let railCache = new WeakMap<TicketView, RailTicket | null>();
  let railCacheStations = '';
  const rail = computed(() => {
    const key = settings.stations.join(',');
    if (key !== railCacheStations) [railCache, railCacheStations] = [new WeakMap(), key];
    return buildRail(withPending(tickets.value.values(), pending.value), settings.stations, railCache);
  });
  const selected = computed(() => rail.value.find((r) => r.ticket.id === selectedId.value) ?? null);
  const recallable = computed(() => recallCandidate(tickets.value.values(), lastBumpedId.value));

  function setArrivalHandler(handler: (added: TicketView[]) => void): void {
    onArrival = handler;
  }

  function visibleNew(previous: TicketMap, next: TicketMap): TicketView[] {
    return addedIds(previous, next)
      .map((id) => next.get(id))
      .filter((t): t is TicketView => t !== undefined && isOpen(t) && t.lines.some((l) => lineForStations(l, settings.stations)));
  }

  function replace(next: TicketMap): void {
    const previous = tickets.value;
    if (next === previous) return;
    tickets.value = next;
    const added = visibleNew(previous, next);
    if (loadedOnce.value && added.length > 0) onArrival(added);
  }

  function apply(ticket: TicketView): void {
    replace(applyTicket(tickets.value, ticket));
  }

  async function loadSnapshot(): Promise<TicketView[]> {
    const token = device.token;
    if (!token) throw new ApiError(401, 'unauthorized', 'Not paired');
    const response = await fetchTickets(token);
    clockOffsetMs.value = serverClockOffset(response.date, response.sentAt, response.receivedAt);
    return response.body.tickets;
  }

  function applySnapshot(snapshot: TicketView[], arrivedWhileLoading: TicketView[]): void {
    replace(reconcile(snapshot, arrivedWhileLoading));
    loadedOnce.value = true;
  }

  function say(n: Omit<Notice, 'at'>): void {
    notice.value = { ...n, at: Date.now() };
  }

  /** Handles a failed request: conflicts show the server's ticket, 401 unpairs, the rest is a notice. */
  function handleFailure(error: unknown, ticket: TicketView): void {
    const current = conflictTicket(error);
    if (current) {
      apply(current);
      say({ kind: 'conflict', number: current.orderNumber, status: current.status });
    } else if (isUnauthorized(error)) {
      device.forget();
    } else {
      say({ kind: 'failed', number: ticket.orderNumber, message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function withTicket(id: string, run: (token: string, ticket: TicketView) => Promise<TicketView>): Promise<void> {
    const ticket = tickets.value.get(id);
    const token = device.token;
    if (!ticket || !token || busyIds.value.has(id)) return;
    busyIds.value.add(id);
    try {
      apply(await run(token, ticket));
    } catch (error) {
      // PIN answers (wrong, or locked out after too many) belong to the dialog that asked for the PIN.
      if (error instanceof ApiError && (error.code === 'manager_pin_required' || error.code === 'too_many_attempts')) throw error;
      handleFailure(error, ticket);
    } finally {
      busyIds.value.delete(id);
    }
  }

  /**
   * Sends an action with the version the cook saw, showing its expected result at once. `cancel` rethrows
   * `manager_pin_required` for the dialog.
   */
  async function act(id: string, action: TicketAction, managerPin?: string): Promise<void> {
    if (busyIds.value.has(id)) return;
    setPending(id, statusAfter(action));
    try {
      await sendAction(id, action, managerPin);
    } finally {
      setPending(id, null);
    }
  }

  function setPending(id: string, status: TicketStatus | null): void {
    const next = new Map(pending.value);
    if (status === null) next.delete(id);
    else next.set(id, status);
    pending.value = next;
  }

  async function sendAction(id: string, action: TicketAction, managerPin?: string): Promise<void> {
    await withTicket(id, async (token, ticket) => {
      const body = managerPin === undefined ? { expectedVersion: ticket.version } : { expectedVersion: ticket.version, managerPin };
      const updated = await postTicketAction(token, id, action, body);
      if (action === 'serve') lastBumpedId.value = id;
      if (action === 'recall') say({ kind: 'recalled', number: updated.orderNumber });
      return updated;
    });
  }

  /** The one-button flow: new -> start, preparing -> ready, ready -> serve. */
  async function bump(id: string): Promise<void> {
    const ticket = tickets.value.get(id);
    const action = ticket ? nextAction(ticket.status) : null;
    if (action) await act(id, action);
  }

  async function recallLast(): Promise<void> {
    const ticket = recallable.value;
    if (ticket) await act(ticket.id, 'recall');
  }

  async function toggleLine(id: string, index: number): Promise<void> {
    await withTicket(id, (token, ticket) => {
      const line = ticket.lines[index];
      return postLineDone(token, id, index, { done: !(line?.done ?? false), expectedVersion: ticket.version });
    });
  }

  /** Forgets everything of a previous pairing, so a re-paired display does not chime for every old ticket. */
  function reset(): void {
    tickets.value = new Map();
    loadedOnce.value = false;
    selectedId.value = null;
    lastBumpedId.value = null;
    notice.value = null;
  }

  function select(id: string | null): void {
    selectedId.value = id;
  }

  function selectPosition(position: number): void {
    const entry = rail.value[position];
    if (entry) selectedId.value = entry.ticket.id;
  }

  function move(delta: number): void {
    selectedId.value = moveSelection(rail.value.map((r) => r.ticket.id), selectedId.value, delta);
  }

  return {
    tickets, rail, selectedId, selected, lastBumpedId, recallable, busyIds, notice, clockOffsetMs, loadedOnce,
    setArrivalHandler, reset, apply, loadSnapshot, applySnapshot, act, bump, recallLast, toggleLine, select, selectPosition, move,
  };
});
