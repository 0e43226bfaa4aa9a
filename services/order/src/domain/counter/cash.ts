import { unprocessable } from '@kiosk/kit/errors';
import type { SettleMethod } from '@kiosk/contracts';
import { roundCash, type CashRoundingMode } from '@kiosk/contracts/cash';

export interface SettlementFigures {
  /** Total less voids, before rounding. */
  amountDue: number;
  rounding: number;
  /** What the customer pays: amountDue + rounding. */
  amount: number;
  tendered: number;
  changeDue: number;
}

/**
 * What a settlement collects. Cash: the rounded amount, and the change for what was handed over (it must
 * cover the amount). QRIS and card: the exact amount, nothing tendered, no change.
 */
export function settlementFigures(input: {
  amountDue: number;
  method: SettleMethod;
  tendered?: number;
  rounding: { unit: number; mode: CashRoundingMode };
}): SettlementFigures {
  const { amountDue, method } = input;
  if (method !== 'cash') return { amountDue, rounding: 0, amount: amountDue, tendered: amountDue, changeDue: 0 };
  const amount = roundCash(amountDue, input.rounding.unit, input.rounding.mode);
  if (input.tendered === undefined) {
    throw unprocessable('tendered_required', 'a cash payment needs the amount tendered', { amount });
  }
  if (input.tendered < amount) {
    throw unprocessable('tendered_too_low', `the amount tendered does not cover ${amount}`, { amount, tendered: input.tendered });
  }
  return { amountDue, rounding: amount - amountDue, amount, tendered: input.tendered, changeDue: input.tendered - amount };
}
