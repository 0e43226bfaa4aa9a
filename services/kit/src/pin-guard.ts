import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import { asc, eq, inArray } from 'drizzle-orm';
import { dbOf, inTransaction, type Pool, type PoolClient } from './postgres.js';
import { pinAttempts } from './staff-tables.js';
import { afterFailure, defaultLockoutPolicy, noAttempts, retryAfterSeconds, type AttemptState, type LockoutPolicy } from './staff-lockout.js';

/** One PIN check: where it happens, who tries, and what a wrong PIN answers on that surface. */
export interface PinCheck {
  /** The endpoint, for logs: `device_pairing`, `ticket_cancel`, `kiosk_staff_session`, ... */
  surface: string;
  /** The real client address (`clientAddress(req)`: X-Forwarded-For from the gateway only). */
  client: string;
  /** The device or kiosk id, when the caller has one: a second key, so changing address does not reset it. */
  device?: string;
  given: string | undefined;
  expected: string;
  /** The surface's own answer to a wrong PIN (401 invalid_pin, 403 manager_pin_required, ...). */
  wrong: () => AppError;
}

/**
 * THE throttle for every PIN check in the store. Each attempt is keyed on the client address and, when known,
 * the device; either key being locked refuses the attempt with 429 (Retry-After, details.retryAfterSeconds),
 * even with the right PIN, so the lock never tells a guesser when they hit it. Counts live in Postgres
 * (`staff.pin_attempts`): a restart forgets nothing and every service shares them.
 */
export class PinGuard {
  private readonly policy: LockoutPolicy;
  private readonly clock: () => number;

  constructor(private readonly deps: { pool: Pool; logger: Logger; policy?: LockoutPolicy; clock?: () => number }) {
    this.policy = deps.policy ?? defaultLockoutPolicy;
    this.clock = deps.clock ?? Date.now;
  }

  /** Resolves when the PIN is right and no key is locked; throws 429 or the surface's wrong-PIN error. */
  async check(c: PinCheck): Promise<void> {
    const keys = [`client:${c.client}`, ...(c.device ? [`device:${c.device}`] : [])];
    const outcome = await inTransaction(this.deps.pool, async (tx) => {
      const now = this.clock();
      const states = await lockRows(tx, keys);
      const wait = Math.max(...keys.map((k) => retryAfterSeconds(states.get(k) ?? noAttempts, now)));
      if (wait > 0) return { kind: 'locked', seconds: wait } as const;
      if (samePin(c.given, c.expected)) {
        await dbOf(tx).delete(pinAttempts).where(inArray(pinAttempts.key, keys));
        return { kind: 'ok' } as const;
      }
      const next = keys.map((k) => [k, afterFailure(states.get(k) ?? noAttempts, now, this.policy)] as const);
      for (const [key, state] of next) await saveRow(tx, key, state, c.surface);
      return { kind: 'wrong', failures: Math.max(...next.map(([, s]) => s.failures)), lockedNow: Math.max(...next.map(([, s]) => retryAfterSeconds(s, now))) } as const;
    });
    const log = { surface: c.surface, client: c.client, ...(c.device ? { device: c.device } : {}) };
    if (outcome.kind === 'ok') return;
    if (outcome.kind === 'locked') {
      this.deps.logger.warn('PIN attempt refused: locked out', { ...log, retryAfterSeconds: outcome.seconds });
      throw tooManyAttempts(outcome.seconds);
    }
    this.deps.logger.warn('wrong PIN', { ...log, failures: outcome.failures, ...(outcome.lockedNow > 0 ? { lockedForSeconds: outcome.lockedNow } : {}) });
    throw c.wrong();
  }
}

/** 429 with the wait in the body; the HTTP layer copies `details.retryAfterSeconds` into Retry-After. */
export function tooManyAttempts(seconds: number): AppError {
  return new AppError(429, 'too_many_attempts', `too many wrong PINs; try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

async function lockRows(tx: PoolClient, keys: string[]): Promise<Map<string, AttemptState>> {
  const db = dbOf(tx);
  await db.insert(pinAttempts).values(keys.map((key) => ({ key }))).onConflictDoNothing({ target: pinAttempts.key });
  const rows = await db.select({ key: pinAttempts.key, failures: pinAttempts.failures, lockedUntil: pinAttempts.lockedUntil, lastFailureAt: pinAttempts.lastFailureAt })
    .from(pinAttempts).where(inArray(pinAttempts.key, keys)).orderBy(asc(pinAttempts.key)).for('update');
  return new Map(rows.map((r) => [r.key, {
    failures: r.failures, lockedUntilMs: r.lockedUntil ? new Date(r.lockedUntil).getTime() : null,
    lastFailureMs: r.lastFailureAt ? new Date(r.lastFailureAt).getTime() : null,
  }]));
}

async function saveRow(tx: PoolClient, key: string, s: AttemptState, surface: string): Promise<void> {
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  await dbOf(tx).update(pinAttempts)
    .set({ failures: s.failures, lockedUntil: at(s.lockedUntilMs), lastFailureAt: at(s.lastFailureMs), lastSurface: surface })
    .where(eq(pinAttempts.key, key));
}

/** Constant-time comparison of digests (equal lengths), so response timing does not leak the PIN. */
export function samePin(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
