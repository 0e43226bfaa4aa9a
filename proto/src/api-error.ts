/**
 * How a web app reads a failed answer: every non-2xx becomes an `ApiError` with the server's stable `code` and
 * `details` (the contract's error shape), so screens branch on codes, never on text. No imports but a type, so
 * an app bundles it alone.
 */
import type { ErrorBody } from './api.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when the server could not be reached at all. */
    readonly status: number,
    /** The server's stable error code (`invalid_pin`, `version_conflict`, ...), or `network`. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error?.code === 'string';
}

/** An answer's body as JSON, or null when it has none or is not JSON (the gateway's HTML page for a 502). */
export function parseAnswer(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The error for a non-2xx answer: the server's own when the body has the error shape, else one from the status. */
export function answerError(status: number, body: unknown, server: string): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error.code, body.error.message, body.error.details);
  return new ApiError(status, `http_${status}`, `${server} answered ${status}`);
}
