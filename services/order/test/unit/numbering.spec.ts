import { expect } from 'chai';
import { businessDay, orderNumber, replacementFirstSequence } from '../../src/domain/numbering.js';
import { canonicalJson, requestHash } from '../../src/domain/request-hash.js';
import { sequenceName } from '../../src/adapters/day-sequence.js';
import { orderConfig } from '../../src/config.js';

describe('order numbers and business days (domain)', () => {
  it('numbers A-001 to A-999, then continues with B-001', () => {
    expect([1, 2, 999, 1000, 1998, 1999].map(orderNumber)).to.deep.equal(['A-001', 'A-002', 'A-999', 'B-001', 'B-999', 'C-001']);
  });

  it('keeps going past Z with two letters instead of repeating a number', () => {
    expect(orderNumber(26 * 999)).to.equal('Z-999');
    expect(orderNumber(26 * 999 + 1)).to.equal('AA-001');
  });

  it('refuses a day sequence below one', () => {
    expect(() => orderNumber(0)).to.throw(RangeError);
  });

  it('follows the store time zone: 23:30 UTC is already the next day in Jakarta', () => {
    const at = new Date('2026-11-24T23:30:00Z');
    expect(businessDay(at, 'Asia/Jakarta')).to.equal('2026-11-25');
    expect(businessDay(at, 'UTC')).to.equal('2026-11-24');
  });

  it('names one sequence per day and refuses anything that is not a date', () => {
    expect(sequenceName('2026-11-25')).to.equal('orders.day_seq_20261125');
    expect(() => sequenceName('2026-11-25; DROP TABLE x')).to.throw(RangeError);
  });
});

describe('request hash (domain)', () => {
  it('is the same whatever the key order, and different when a value differs', () => {
    const a = { globalId: 'x', lines: [{ productId: 'p', quantity: 1, optionIds: ['a', 'b'] }], mode: 'takeaway' };
    const b = { mode: 'takeaway', lines: [{ optionIds: ['a', 'b'], quantity: 1, productId: 'p' }], globalId: 'x' };
    expect(canonicalJson(a)).to.equal(canonicalJson(b));
    expect(requestHash(a)).to.equal(requestHash(b));
    expect(requestHash({ ...a, mode: 'dine_in' })).to.not.equal(requestHash(a));
    expect(requestHash({ ...a, lines: [{ productId: 'p', quantity: 1, optionIds: ['b', 'a'] }] })).to.not.equal(requestHash(a));
  });
});

describe('numbering of a box that replaces a dead one (domain)', () => {
  it('starts a replacement box in the letter after the highest number central holds for the day', () => {
    const first = (highest: number) => orderNumber(replacementFirstSequence(highest));
    expect([0, 40, 998, 999, 1000, 1500].map(first)).to.deep.equal(['B-001', 'B-001', 'B-001', 'C-001', 'C-001', 'C-001']);
    expect(replacementFirstSequence(40)).to.be.greaterThan(40);
  });

  it('starts a replacement box that could not ask central at Z-001, and refuses a negative highest', () => {
    expect(orderNumber(replacementFirstSequence(null))).to.equal('Z-001');
    expect(() => replacementFirstSequence(-1)).to.throw(RangeError);
    expect(() => replacementFirstSequence(1.5)).to.throw(RangeError);
  });

  it('refuses replacement settings that are not a business day or a sequence, so the box does not start on them', () => {
    const env = (extra: Record<string, string>) => ({
      SERVICE_NAME: 'order', STORE_ID: 's1', HTTP_PORT: '0', DATABASE_URL: 'postgres://x@127.0.0.1:5432/store', NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379', CATALOG_URL: 'http://127.0.0.1:8080', ...extra,
    });
    expect(orderConfig.safeParse(env({ REPLACED_ON: '2026-11-26', REPLACED_AFTER_SEQUENCE: '40' })).success).to.equal(true);
    expect(orderConfig.safeParse(env({ REPLACED_ON: 'yesterday' })).success).to.equal(false);
    expect(orderConfig.safeParse(env({ REPLACED_ON: '2026-11-26', REPLACED_AFTER_SEQUENCE: '-3' })).success).to.equal(false);
  });
});
