/**
 * Cash rounding, the rule the store's server settles with and the counter screen shows before it asks: one
 * function for both, so the amount on the screen is the amount the server takes. No imports, so a web app can
 * bundle it without the rest of the contracts.
 */

export type CashRoundingMode = 'nearest' | 'down' | 'up';

/**
 * Rounds a cash amount to what can be paid with the notes and coins in use (IDR stores round to 100, 500 or
 * 1000). `nearest` rounds a half up. Only cash is rounded: QRIS and cards pay the exact amount.
 */
export function roundCash(amount: number, unit: number, mode: CashRoundingMode): number {
  if (unit <= 1) return amount;
  const below = Math.floor(amount / unit) * unit;
  if (below === amount) return amount;
  if (mode === 'down') return below;
  if (mode === 'up') return below + unit;
  return amount - below >= unit / 2 ? below + unit : below;
}
