import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyOrderAnswer, dueEntries, nextWakeAt } from './retry-policy';

describe('order answer classification', () => {
  it('treats 2xx as accepted', () => {
    expect(classifyOrderAnswer(201)).toEqual({ kind: 'accepted' });
    expect(classifyOrderAnswer(200)).toEqual({ kind: 'accepted' });
  });

  it('queues on no answer and on 5xx, but not on a payment timeout', () => {
    expect(classifyOrderAnswer(0).kind).toBe('unreachable');
    expect(classifyOrderAnswer(502).kind).toBe('unreachable');
    expect(classifyOrderAnswer(503, 'service_unavailable').kind).toBe('unreachable');
    // The box's disk guard: the order stays queued on the kiosk and is sent again once space is freed.
    expect(classifyOrderAnswer(503, 'disk_full').kind).toBe('unreachable');
    expect(classifyOrderAnswer(504).kind).toBe('unreachable');
    expect(classifyOrderAnswer(504, 'payment_timeout')).toEqual({ kind: 'payment_failed', code: 'payment_timeout' });
  });

  it('gives a declined card back to the customer and makes other 4xx final', () => {
    expect(classifyOrderAnswer(402, 'payment_declined')).toEqual({ kind: 'payment_failed', code: 'payment_declined' });
    expect(classifyOrderAnswer(409, 'total_mismatch')).toEqual({ kind: 'rejected', code: 'total_mismatch' });
    expect(classifyOrderAnswer(422)).toEqual({ kind: 'rejected', code: 'http_422' });
  });
});

describe('backoff', () => {
  const noJitter = () => 0.5;
  it('doubles from the base and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, { baseMs: 1_000, maxMs: 10_000, jitter: 0.2 }, noJitter));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('spreads retries by the jitter and never exceeds the cap', () => {
    const policy = { baseMs: 1_000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(1, policy, () => 0)).toBe(800);
    expect(backoffDelay(1, policy, () => 1)).toBe(1_200);
    expect(backoffDelay(10, policy, () => 1)).toBe(10_000);
  });
});

describe('scheduling', () => {
  const entries = [
    { id: 'b', status: 'pending', nextAttemptAt: 50, createdAt: 2 },
    { id: 'a', status: 'pending', nextAttemptAt: 10, createdAt: 1 },
    { id: 'c', status: 'pending', nextAttemptAt: 500, createdAt: 3 },
    { id: 'f', status: 'failed', nextAttemptAt: 0, createdAt: 0 },
  ];
  it('picks due pending entries oldest first and skips failed ones', () => {
    expect(dueEntries(entries, 100).map((e) => e.id)).toEqual(['a', 'b']);
  });
  it('wakes at the earliest pending attempt', () => {
    expect(nextWakeAt(entries)).toBe(10);
    expect(nextWakeAt([{ status: 'failed', nextAttemptAt: 1 }])).toBeNull();
  });
});
