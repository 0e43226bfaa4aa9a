/**
 * The PIN lockout rule, as plain data. A 4-digit PIN falls to a few thousand guesses, so after `freeFailures`
 * wrong PINs a key is locked, and every further wrong PIN (once the lock has passed) doubles the lock, up to
 * `maxLockSeconds`. A right PIN clears the count; a key with no failure for `forgetAfterSeconds` starts over.
 */
export interface LockoutPolicy {
  freeFailures: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
  forgetAfterSeconds: number;
}

export const defaultLockoutPolicy: LockoutPolicy = Object.freeze({
  freeFailures: 5, firstLockSeconds: 30, maxLockSeconds: 3_600, forgetAfterSeconds: 24 * 3_600,
});

export interface AttemptState {
  failures: number;
  lockedUntilMs: number | null;
  lastFailureMs: number | null;
}

export const noAttempts: AttemptState = Object.freeze({ failures: 0, lockedUntilMs: null, lastFailureMs: null });

/** Whole seconds until the key may try again; 0 when it may try now. */
export function retryAfterSeconds(state: AttemptState, nowMs: number): number {
  if (state.lockedUntilMs === null || state.lockedUntilMs <= nowMs) return 0;
  return Math.ceil((state.lockedUntilMs - nowMs) / 1000);
}

/** The state after one more wrong PIN at `nowMs`. */
export function afterFailure(state: AttemptState, nowMs: number, policy: LockoutPolicy = defaultLockoutPolicy): AttemptState {
  const forgotten = state.lastFailureMs !== null && nowMs - state.lastFailureMs > policy.forgetAfterSeconds * 1000;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const lockSeconds = lockFor(failures, policy);
  return { failures, lastFailureMs: nowMs, lockedUntilMs: lockSeconds > 0 ? nowMs + lockSeconds * 1000 : null };
}

/** Seconds of lock after the `failures`-th wrong PIN: 0, then first, 2x first, 4x first, ... capped. */
export function lockFor(failures: number, policy: LockoutPolicy = defaultLockoutPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstLockSeconds * 2 ** doublings, policy.maxLockSeconds);
}
