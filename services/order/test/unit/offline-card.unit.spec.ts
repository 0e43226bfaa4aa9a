import { expect } from 'chai';
import { AppError } from '@kiosk/kit/errors';
import { approveOffline, defaultOfflineCardRules, forwardStep } from '../../src/domain/offline-card.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
};

describe('offline card rules', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  const rules = { perPaymentLimit: 100_000, totalLimit: 250_000, expiryHours: 24 };

  it('approves within both limits and expires 24 h later by default', () => {
    expect(approveOffline(rules, 100_000, 150_000, now).expiresAt.toISOString()).to.equal('2026-11-27T10:00:00.000Z');
    expect(defaultOfflineCardRules.expiryHours).to.equal(24);
  });

  it('refuses one payment above the per-payment limit with 402 and the limit', () => {
    const e = refusal(() => approveOffline(rules, 100_001, 0, now));
    expect(e.status).to.equal(402);
    expect(e.code).to.equal('offline_card_limit');
    expect(e.details).to.deep.include({ rule: 'per_payment', limit: 100_000 });
  });

  it('refuses a payment that would take the pending total past the total limit', () => {
    const e = refusal(() => approveOffline(rules, 50_000, 200_001, now));
    expect(e.details).to.deep.include({ rule: 'total', limit: 250_000, pending: 200_001 });
  });

  it('takes no card offline when central sets a limit of 0', () => {
    expect(refusal(() => approveOffline({ ...rules, totalLimit: 0 }, 1, 0, now)).details).to.deep.include({ rule: 'disabled' });
  });

  it('forwards until the expiry, and flags after it', () => {
    expect(forwardStep(new Date('2026-11-26T10:00:00Z'), now)).to.equal('forward');
    expect(forwardStep(new Date('2026-11-26T09:59:59Z'), now)).to.equal('expire');
  });
});
