/**
 * Sign-in rules as plain data: throttling by failures in a sliding window, and the demo account's password
 * (known to everyone who read the README, so it is refused anywhere but the demo).
 */

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

export type ThrottleVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/**
 * Locked when `maxFailures` failures fall inside the window ending now; it opens again when the oldest of the
 * latest `maxFailures` failures leaves the window. `failures` may come in any order.
 */
export function throttle(failures: readonly Date[], now: Date, rule: ThrottleRule): ThrottleVerdict {
  const windowStart = now.getTime() - rule.windowSeconds * 1000;
  const recent = failures.map((d) => d.getTime()).filter((t) => t > windowStart).sort((a, b) => b - a);
  if (recent.length < rule.maxFailures) return { locked: false };
  const oldestCounted = recent[rule.maxFailures - 1]!;
  const opensAt = oldestCounted + rule.windowSeconds * 1000;
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - now.getTime()) / 1000)) };
}

/** "try again in 14 minutes" / "in 40 seconds": the lockout message says how long. */
export function lockoutMessage(retryAfterSeconds: number): string {
  const wait = retryAfterSeconds >= 90 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : `${retryAfterSeconds} seconds`;
  return `too many failed sign-ins: try again in ${wait}`;
}

export const demoOwner = { username: 'owner', password: 'owner-demo', displayName: 'Demo owner' } as const;

/** Outside demo mode the published demo password is never accepted, neither to set nor to sign in. */
export const passwordAllowed = (password: string, demoMode: boolean): boolean => demoMode || password !== demoOwner.password;

/** A change to a user that ends every session of theirs: a new password, disabling, or another role. */
export function changeEndsSessions(before: { role: string }, change: { role?: string; disabled?: boolean; password?: string }): boolean {
  return change.password !== undefined || change.disabled === true || (change.role !== undefined && change.role !== before.role);
}
