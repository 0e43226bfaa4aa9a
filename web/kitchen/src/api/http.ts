/**
 * The one place the apps talk HTTP to the store gateway (same origin). Every non-2xx answer becomes an
 * `ApiError` carrying the server's stable `code` and `details`, so callers branch on codes, never on text.
 */
import type { ErrorBody } from '@kiosk/contracts/api';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when the gateway could not be reached at all. */
    readonly status: number,
    /** The server's stable error code (`version_conflict`, `invalid_pin`, ...), or `network`. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ApiResponse<T> {
  body: T;
  /** The server's `Date` header, to correct a tablet with a wrong clock. */
  date: string | null;
  sentAt: number;
  receivedAt: number;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error?.code === 'string';
}

/** GET or POST JSON; `token` adds the device's bearer token. */
export async function requestJson<T>(path: string, options: { method?: 'GET' | 'POST'; body?: unknown; token?: string | null } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch (cause) {
    throw new ApiError(0, 'network', 'The store server cannot be reached', undefined, { cause });
  }
  const receivedAt = Date.now();
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // An HTML error page from the gateway (502 while a service restarts) is not JSON; the status says enough.
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) throw new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details);
    throw new ApiError(response.status, `http_${response.status}`, `The store server answered ${response.status}`);
  }
  return { body: parsed as T, date: response.headers.get('date'), sentAt, receivedAt };
}
