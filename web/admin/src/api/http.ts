/**
 * The one place the app talks HTTP to central's gateway (same origin). The session cookie rides along by
 * itself; every write carries the session's CSRF token. Every non-2xx answer becomes an `ApiError` with the
 * server's stable `code` and `details`, so pages branch on codes, never on text.
 */
import { ApiError, answerError, parseAnswer } from '@kiosk/contracts/api-error';

export { ApiError };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The token from login or `/api/auth/me`, sent as `X-CSRF-Token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session expired): the app goes back to sign-in. */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

async function send(path: string, method: Method, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network', 'Central cannot be reached', undefined, { cause });
  }
}

/** One JSON request; 204 answers `null`. */
export async function requestJson<T>(path: string, options: { method?: Method; body?: unknown; quiet401?: boolean } = {}): Promise<T> {
  const response = await send(path, options.method ?? 'GET', options.body);
  const parsed = parseAnswer(await response.text());
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw answerError(response.status, parsed, 'Central');
  }
  return parsed as T;
}

/** Sends a file as the raw body with its own type (an upload); answers the JSON central sends back. */
export async function uploadFile<T>(path: string, file: Blob): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: file, cache: 'no-store', credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network', 'Central cannot be reached', undefined, { cause });
  }
  const parsed = parseAnswer(await response.text());
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    throw answerError(response.status, parsed, 'Central');
  }
  return parsed as T;
}
