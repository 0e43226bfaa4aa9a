import { expect } from 'chai';
import { afterFailure, lockFor, noAttempts, retryAfterSeconds, type AttemptState } from '../src/staff-lockout.js';

const fail = (times: number, start: AttemptState = noAttempts, atMs = 0) => {
  let s = start;
  for (let i = 0; i < times; i++) s = afterFailure(s, atMs + i);
  return s;
};

describe('PIN lockout rule', () => {
  it('lets four wrong PINs through and locks the key on the fifth', () => {
    expect(retryAfterSeconds(fail(4), 10)).to.equal(0);
    expect(retryAfterSeconds(fail(5), 10)).to.equal(30);
  });

  it('doubles the lock with every wrong PIN after the lock passed, up to an hour', () => {
    expect([5, 6, 7, 8].map((n) => lockFor(n))).to.deep.equal([30, 60, 120, 240]);
    expect(lockFor(40)).to.equal(3_600);
    const locked = fail(5);
    const again = afterFailure(locked, 31_000);
    expect(retryAfterSeconds(again, 31_000)).to.equal(60);
  });

  it('starts over when a key made no wrong PIN for a day', () => {
    const dayLater = afterFailure(fail(5), 25 * 3_600 * 1000);
    expect(dayLater.failures).to.equal(1);
    expect(retryAfterSeconds(dayLater, 25 * 3_600 * 1000)).to.equal(0);
  });
});
