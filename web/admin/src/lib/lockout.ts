/** The sign-in lockout, as a person reads it: whole minutes when it is a minute or more, else seconds. */
export interface Wait { unit: 'seconds' | 'minutes'; value: number }

/** From the 429's `details.retryAfterSeconds` (or the Retry-After header); a missing value reads as one minute. */
export function lockoutWait(details: unknown): Wait {
  const raw = typeof details === 'object' && details !== null ? (details as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  const seconds = typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? Math.ceil(raw) : 60;
  return seconds >= 60 ? { unit: 'minutes', value: Math.ceil(seconds / 60) } : { unit: 'seconds', value: seconds };
}
