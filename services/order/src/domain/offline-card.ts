import { AppError } from '@kiosk/kit/errors';

/**
 * Store-and-forward rules for cards approved while the acquirer is unreachable, set centrally (store
 * settings) with these defaults: no single offline payment above `perPaymentLimit`, no more than
 * `totalLimit` approved offline and not yet forwarded, and each must reach the acquirer within `expiryHours`.
 * Amounts in minor units.
 */
export interface OfflineCardRules { perPaymentLimit: number; totalLimit: number; expiryHours: number }

export const defaultOfflineCardRules: OfflineCardRules = Object.freeze({ perPaymentLimit: 500_000, totalLimit: 5_000_000, expiryHours: 24 });

/**
 * Whether a card of `amount` may be approved offline with `pendingTotal` already waiting to be forwarded.
 * Throws 402 `offline_card_limit` (nothing is ordered) with the limit that refused it.
 */
export function approveOffline(rules: OfflineCardRules, amount: number, pendingTotal: number, now: Date): { expiresAt: Date } {
  if (rules.perPaymentLimit <= 0 || rules.totalLimit <= 0) {
    throw new AppError(402, 'offline_card_limit', 'the card network is unreachable and this store takes no card offline; pay cash at the counter',
      { rule: 'disabled' });
  }
  if (amount > rules.perPaymentLimit) {
    throw new AppError(402, 'offline_card_limit', `the card network is unreachable and ${amount} is above the ${rules.perPaymentLimit} a card may pay offline; pay cash or a smaller order`,
      { rule: 'per_payment', limit: rules.perPaymentLimit, amount });
  }
  if (pendingTotal + amount > rules.totalLimit) {
    throw new AppError(402, 'offline_card_limit', `the card network is unreachable and the store's offline card total (${rules.totalLimit}) is reached; pay cash at the counter`,
      { rule: 'total', limit: rules.totalLimit, pending: pendingTotal, amount });
  }
  return { expiresAt: new Date(now.getTime() + rules.expiryHours * 3_600_000) };
}

/** A stored offline approval that the acquirer has not answered yet: forward it, or, past its expiry, flag it. */
export function forwardStep(expiresAt: Date, now: Date): 'forward' | 'expire' {
  return now.getTime() > expiresAt.getTime() ? 'expire' : 'forward';
}
