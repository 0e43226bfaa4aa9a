/**
 * The one place the app talks HTTP to central's gateway (same origin). The session cookie rides along by
 * itself; every write carries the session's CSRF token. Every non-2xx answer becomes an `ApiError` with the
 * server's stable `code` and `details`, so pages branch on codes, never on text.
 */
import type { ErrorBody } from '@kiosk/contracts/api';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when the gateway could not be reached at all. */
    readonly status: number,
    /** The server's stable error code (`invalid_credentials`, `too_many_attempts`, ...), or `network`. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

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

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error?.code === 'string';
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
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // An HTML error page from the gateway (502 while a service restarts) is not JSON; the status says enough.
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    if (isErrorBody(parsed)) throw new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details);
    throw new ApiError(response.status, `http_${response.status}`, `Central answered ${response.status}`);
  }
  return parsed as T;
}
