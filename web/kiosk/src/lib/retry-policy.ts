/**
 * What the kiosk does with the answer to `POST /api/orders`. Pure, so the offline rules are unit-tested.
 *
 * - 2xx: the order is committed (201 means committed; a repeat answers the first body).
 * - 504 payment_timeout: the terminal gave up, nothing was written: the customer decides (retry or cash).
 * - any other 5xx, or no answer at all: the store server is unreachable or not ready; the order is kept in
 *   the offline queue and retried with the same globalId, which makes the retry idempotent.
 * - 4xx: the server looked at the order and refused it; retrying the same body cannot change that.
 */
export type OrderOutcome =
  | { kind: 'accepted' }
  | { kind: 'rejected'; code: string }
  | { kind: 'payment_failed'; code: 'payment_declined' | 'payment_timeout' }
  | { kind: 'unreachable' };

/** Classifies an HTTP answer (`status` 0 = no answer: network error, DNS, refused connection). */
export function classifyOrderAnswer(status: number, errorCode?: string): OrderOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status === 402 || errorCode === 'payment_declined') return { kind: 'payment_failed', code: 'payment_declined' };
  if (errorCode === 'payment_timeout') return { kind: 'payment_failed', code: 'payment_timeout' };
  if (status === 0 || status >= 500 || status === 408 || status === 429) return { kind: 'unreachable' };
  return { kind: 'rejected', code: errorCode ?? `http_${status}` };
}

export interface BackoffPolicy {
  /** First retry delay in ms. */
  baseMs: number;
  /** Longest delay in ms: a store LAN comes back in seconds, so a waiting order must not sleep for long. */
  maxMs: number;
  /** Spread of the random part, 0..1 (0.2 = +/-20 %), so kiosks do not retry in lock-step. */
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 15_000, jitter: 0.2 };

/** Delay before attempt number `failedAttempts + 1`: base x 2^(failed-1), capped, with jitter. */
export function backoffDelay(failedAttempts: number, policy: BackoffPolicy = defaultBackoff, random = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const spread = raw * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxMs, raw + spread)));
}

/** Queued orders whose next attempt is due at `now`, oldest first (the counter sees them in order). */
export function dueEntries<T extends { status: string; nextAttemptAt: number; createdAt: number }>(
  entries: readonly T[],
  now: number,
): T[] {
  return entries
    .filter((e) => e.status === 'pending' && e.nextAttemptAt <= now)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** When the queue should wake up next (null: nothing pending). */
export function nextWakeAt(entries: readonly { status: string; nextAttemptAt: number }[]): number | null {
  const pending = entries.filter((e) => e.status === 'pending').map((e) => e.nextAttemptAt);
  return pending.length ? Math.min(...pending) : null;
}
