import type { CatalogView, KioskStaffSessionView, OrderView, PlaceOrderRequest } from '@kiosk/contracts/api';
import { ApiError, answerError, parseAnswer } from '@kiosk/contracts/api-error';

/** Same origin as the app: the store gateway serves both, so no host is ever configured. */
const apiRoot = '/api';

export { ApiError };

/** No answer at all: the store server (or the path to it) is unreachable. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly status = 0;
  readonly code = 'network_error';
  constructor(cause: unknown) {
    super('store server unreachable', { cause });
  }
}

async function send(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(apiRoot + path, { ...init, signal: controller.signal, cache: 'no-store' });
  } catch (cause) {
    throw new NetworkError(cause);
  } finally {
    clearTimeout(timer);
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  return answerError(response.status, parseAnswer(await response.text().catch(() => '')), 'The store server');
}

export type CatalogAnswer = { changed: false } | { changed: true; catalog: CatalogView; etag: string | null };

/**
 * `GET /api/catalog` with If-None-Match. `live` polls skip the service worker's cache (see vite.config.ts)
 * so a failure really means the store server is unreachable.
 */
export async function fetchCatalog(etag: string | null, live: boolean): Promise<CatalogAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (etag) headers['if-none-match'] = etag;
  if (live) headers['x-kiosk-live'] = '1';
  const response = await send('/catalog', { headers }, 8_000);
  if (response.status === 304) return { changed: false };
  if (!response.ok) throw await errorFrom(response);
  return { changed: true, catalog: (await response.json()) as CatalogView, etag: response.headers.get('etag') };
}

/**
 * `POST /api/orders`. A card payment is authorised inside this request by the store's terminal, which can
 * take a while, hence the long timeout.
 */
export async function placeOrder(request: PlaceOrderRequest, timeoutMs = 90_000): Promise<OrderView> {
  const response = await send(
    '/orders',
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(request) },
    timeoutMs,
  );
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as OrderView;
}

/** `GET /api/orders/:globalId`; null when the server does not know it. */
export async function getOrder(globalId: string): Promise<OrderView | null> {
  const response = await send(`/orders/${encodeURIComponent(globalId)}`, { headers: { accept: 'application/json' } }, 8_000);
  if (response.status === 404) return null;
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as OrderView;
}

/**
 * `POST /api/kiosk/staff-session`: the box checks the staff PIN (throttled: 429 after repeated wrong PINs)
 * and answers a short session. Throws ApiError (401 wrong PIN, 429 locked) or NetworkError.
 */
export async function openStaffSession(kioskId: string, pin: string): Promise<KioskStaffSessionView> {
  const response = await send('/kiosk/staff-session', {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ kioskId, pin }),
  }, 10_000);
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as KioskStaffSessionView;
}
