/**
 * The one place the apps talk HTTP to the store gateway (same origin). Every non-2xx answer becomes an
 * `ApiError` carrying the server's stable `code` and `details`, so callers branch on codes, never on text.
 */
import { ApiError, answerError, parseAnswer } from '@kiosk/contracts/api-error';

export { ApiError };

export interface ApiResponse<T> {
  body: T;
  /** The server's `Date` header, to correct a tablet with a wrong clock. */
  date: string | null;
  sentAt: number;
  receivedAt: number;
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
  const parsed = parseAnswer(await response.text());
  if (!response.ok) throw answerError(response.status, parsed, 'The store server');
  return { body: parsed as T, date: response.headers.get('date'), sentAt, receivedAt };
}
