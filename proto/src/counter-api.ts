/**
 * HTTP API of the counter (cashier) screen at a store box: settle orders paid at the counter, voids and
 * refunds with a manager's approval, the cash drawer and the day close (Z report). Every write carries a
 * client-generated id: the same request again answers the same body, never a second payment.
 * Money is in minor units of the order's currency, like everywhere else.
 */
import { z } from 'zod';
import type { OrderView } from './api.js';
import type { CashRoundingMode } from './cash.js';

export const settleMethods = ['cash', 'qris', 'card'] as const;
export type SettleMethod = (typeof settleMethods)[number];

/** `GET /api/counter/settings`: what the counter screen needs to take money. */
export interface CounterSettingsView {
  storeId: string;
  currency: string;
  /** Cash amounts due are rounded to a multiple of this (IDR: 100, 500 or 1000; 1 = no rounding). */
  cashRoundingUnit: number;
  /** `nearest`, `down` (in the customer's favour) or `up`. */
  cashRoundingMode: CashRoundingMode;
  /** The store's static QRIS payload (shown as a QR code), or null when the store has none. */
  qrisPayload: string | null;
  /** The kitchen cooks on order, or only once the order is paid. */
  cookOn: 'order' | 'payment';
}

/** `GET /api/counter/orders?status=&q=` (q: order number, customer name, or the globalId of a kiosk QR). */
export const counterOrdersQuery = z.strictObject({
  status: z.enum(['awaiting_payment', 'paid', 'all']).default('awaiting_payment'),
  q: z.string().trim().max(64).optional(),
  day: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CounterOrdersQuery = z.infer<typeof counterOrdersQuery>;

export interface CounterOrderView extends OrderView {
  /** What is still to be collected (total less voids) before any cash rounding; 0 once paid. */
  amountDue: number;
  /** Paid and not yet refunded. */
  refundable: number;
}
export interface CounterOrdersView {
  orders: CounterOrderView[];
}

/**
 * `POST /api/orders/:globalId/settle`. `tendered` is required for cash (the notes handed over) and must cover
 * the rounded amount due. 201 the first time, 200 with the same body for a repeat of the same settlementId;
 * 409 `already_settled` when the order was settled by another settlement, 422 `tendered_too_low`.
 */
export const settleRequest = z.strictObject({
  settlementId: z.uuid(),
  method: z.enum(settleMethods),
  tendered: z.number().int().min(0).max(1_000_000_000).optional(),
  /** Card terminal slip or QRIS reference, if the cashier has one. */
  reference: z.string().trim().max(64).optional(),
});
export type SettleRequest = z.infer<typeof settleRequest>;

export interface SettlementView {
  settlementId: string;
  globalId: string;
  orderNumber: string;
  method: SettleMethod;
  /** Total less voids, before rounding. */
  amountDue: number;
  rounding: number;
  /** Collected: amountDue + rounding. */
  amount: number;
  tendered: number;
  changeDue: number;
  settledAt: string;
  order: OrderView;
}

export const reversalKinds = ['void', 'refund'] as const;
export type ReversalKind = (typeof reversalKinds)[number];

/**
 * `POST /api/orders/:globalId/reversals`: a void (unpaid order) or refund (paid order), full (no `lines`) or per
 * line, approved by a manager (`managerPin`, or a manager's paired device as the caller). A refund beyond what
 * was paid answers 422 `refund_exceeds_paid`; a void of a paid order 409 `order_paid` (refund it instead).
 */
export const reversalRequest = z.strictObject({
  reversalId: z.uuid(),
  kind: z.enum(reversalKinds),
  reason: z.string().trim().min(3).max(200),
  lines: z.array(z.strictObject({ lineNo: z.number().int().min(1).max(50), quantity: z.number().int().min(1).max(50) })).min(1).max(50).optional(),
  managerPin: z.string().max(12).optional(),
});
export type ReversalRequest = z.infer<typeof reversalRequest>;

export interface ReversalView {
  reversalId: string;
  kind: ReversalKind;
  amount: number;
  /** Empty for the whole order. */
  lines: { lineNo: number; quantity: number; amount: number }[];
  reason: string;
  approvedBy: string;
  requestedBy: string;
  reversedAt: string;
}

// ---------------------------------------------------------------- cash drawer

/** `POST /api/counter/shifts`: open the drawer with a float (409 `shift_open` if one is open). */
export const openShiftRequest = z.strictObject({
  shiftId: z.uuid(),
  float: z.number().int().min(0).max(1_000_000_000),
});
/** `POST /api/counter/shifts/current/movements`: cash put in or taken out, with a reason. */
export const cashMovementRequest = z.strictObject({
  movementId: z.uuid(),
  direction: z.enum(['in', 'out']),
  amount: z.number().int().min(1).max(1_000_000_000),
  reason: z.string().trim().min(3).max(200),
});
/** `POST /api/counter/shifts/current/close`: the cash counted in the drawer. */
export const closeShiftRequest = z.strictObject({
  counted: z.number().int().min(0).max(1_000_000_000),
});

export interface CashMovementView {
  movementId: string;
  direction: 'in' | 'out';
  amount: number;
  reason: string;
  at: string;
}

export interface ShiftView {
  shiftId: string;
  businessDay: string;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  float: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  cashOut: number;
  /** float + cash sales - cash refunds + cash in - cash out. */
  expected: number;
  counted: number | null;
  /** counted - expected: positive over, negative short (null while open). */
  overShort: number | null;
  closedAt: string | null;
  movements: CashMovementView[];
}

// ---------------------------------------------------------------- day close

/** `POST /api/counter/day-close`: close a business day (default: today). 409 `shift_open` while a drawer is open. */
export const dayCloseRequest = z.strictObject({
  businessDay: z.iso.date().optional(),
});

export interface ZReportView {
  storeId: string;
  businessDay: string;
  closedAt: string;
  closedBy: string;
  currency: string;
  orders: number;
  paidOrders: number;
  unpaidOrders: number;
  voidedOrders: number;
  netSales: number;
  tax: number;
  serviceCharge: number;
  grossSales: number;
  byMethod: { method: SettleMethod; count: number; amount: number }[];
  cashRounding: number;
  voids: number;
  voidsAmount: number;
  refunds: number;
  refundsAmount: number;
  drawer: { float: number; cashIn: number; cashOut: number; expected: number; counted: number; overShort: number };
  /** Orders still awaiting payment at close: listed, not lost. */
  unpaidOrderNumbers: string[];
}
