/**
 * Counts failed PIN attempts per caller (IP) in a sliding window. A 4-digit PIN falls to a few thousand
 * guesses, so after `maxFailures` in `windowMs` the caller is refused until the oldest failure ages out, even
 * with the right PIN (otherwise the lock would tell a guesser when they hit it). Memory only: a restart forgets
 * the count, which costs a guesser a restart of the box per 5 tries.
 */
export class PinThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 5, private readonly windowMs = 60_000) {}

  /** Milliseconds until `caller` may try again; 0 when it may try now. */
  retryAfterMs(caller: string, nowMs: number): number {
    const recent = this.recent(caller, nowMs);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - nowMs;
  }

  recordFailure(caller: string, nowMs: number): void {
    this.failures.set(caller, [...this.recent(caller, nowMs), nowMs]);
  }

  recordSuccess(caller: string): void {
    this.failures.delete(caller);
  }

  private recent(caller: string, nowMs: number): number[] {
    const kept = (this.failures.get(caller) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(caller);
    else this.failures.set(caller, kept);
    return kept;
  }
}
