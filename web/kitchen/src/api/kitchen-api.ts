/** The kitchen service's HTTP API as the display uses it (see `@kiosk/contracts/api` for the shapes). */
import type {
  CatalogView,
  DeviceListView,
  KitchenStatsView,
  LineDoneRequest,
  PairDeviceRequest,
  PairDeviceView,
  PickupView,
  TicketAction,
  TicketActionRequest,
  TicketsView,
  TicketView,
} from '@kiosk/contracts/api';
import { ApiError, requestJson, type ApiResponse } from './http.ts';

export function pairDevice(request: PairDeviceRequest): Promise<ApiResponse<PairDeviceView>> {
  return requestJson<PairDeviceView>('/api/devices/pair', { method: 'POST', body: request });
}

/** The screens paired with this box (any paired screen may see them). */
export async function fetchDevices(token: string): Promise<DeviceListView> {
  return (await requestJson<DeviceListView>('/api/devices', { token })).body;
}

/** Revokes a screen's token at once (manager PIN; 403 wrong PIN, 429 after too many). */
export async function revokeDevice(token: string, deviceId: string, managerPin: string): Promise<void> {
  await requestJson<unknown>(`/api/devices/${encodeURIComponent(deviceId)}/revoke`, { method: 'POST', body: { managerPin }, token });
}

export function fetchTickets(token: string): Promise<ApiResponse<TicketsView>> {
  return requestJson<TicketsView>('/api/kitchen/tickets', { token });
}

export async function postTicketAction(token: string, id: string, action: TicketAction, body: TicketActionRequest): Promise<TicketView> {
  const path = `/api/kitchen/tickets/${encodeURIComponent(id)}/${action}`;
  return (await requestJson<TicketView>(path, { method: 'POST', body, token })).body;
}

export async function postLineDone(token: string, id: string, index: number, body: LineDoneRequest): Promise<TicketView> {
  const path = `/api/kitchen/tickets/${encodeURIComponent(id)}/lines/${index}/done`;
  return (await requestJson<TicketView>(path, { method: 'POST', body, token })).body;
}

export async function fetchStats(token: string): Promise<KitchenStatsView> {
  return (await requestJson<KitchenStatsView>('/api/kitchen/stats', { token })).body;
}

export function fetchPickup(): Promise<ApiResponse<PickupView>> {
  return requestJson<PickupView>('/api/pickup');
}

export async function fetchCatalog(): Promise<CatalogView> {
  return (await requestJson<CatalogView>('/api/catalog')).body;
}

/** The server's current ticket inside a 409 (`version_conflict` / `illegal_transition`), if it sent one. */
export function conflictTicket(error: unknown): TicketView | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const ticket = (error.details as { ticket?: TicketView } | undefined)?.ticket;
  return ticket && typeof ticket.id === 'string' && typeof ticket.version === 'number' ? ticket : null;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
