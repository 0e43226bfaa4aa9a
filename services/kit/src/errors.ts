/**
 * Errors that cross a boundary carry a stable `code` and the HTTP status they map to. The one express error
 * handler (http.ts) turns them into `{ error: { code, message, details } }`; anything else becomes a 500 with
 * no internals in the body.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (message = 'pair this device first', details?: unknown) =>
  new AppError(401, 'unauthorized', message, details);
export const forbidden = (code: string, message: string, details?: unknown) => new AppError(403, code, message, details);
export const notFound = (what: string, id: string) => new AppError(404, 'not_found', `${what} ${id} does not exist`, { id });
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
export const unavailable = (code: string, message: string, details?: unknown) =>
  new AppError(503, code, message, details);

/** Raised at boot when the environment is wrong; lists every bad variable at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}
