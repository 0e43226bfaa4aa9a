import type { PaymentMethod, PaymentView, OrderStatus } from '@kiosk/contracts';

/** What the order service needs from a card terminal; adapters implement it (only `simulated` exists here). */
export interface PaymentTerminal {
  /** Authorises `amount`. Resolves with the outcome; rejects (or never answers) when the terminal is unreachable. */
  authorise(request: AuthoriseRequest): Promise<AuthoriseOutcome>;
}

export interface AuthoriseRequest {
  globalId: string;
  amount: number;
  currency: string;
  /** Read by the simulated terminal only (demo and tests). */
  simulate?: 'approve' | 'decline' | 'timeout';
}

export type AuthoriseOutcome = { approved: true; reference: string } | { approved: false; reason: string };

/** Cash is promised at the counter (pending); a card reaches this point only once approved. */
export function paymentFor(method: PaymentMethod, amount: number, cardReference?: string): { payment: PaymentView; status: OrderStatus } {
  if (method === 'card') {
    return { payment: { method, status: 'approved', amount, ...(cardReference ? { reference: cardReference } : {}) }, status: 'paid' };
  }
  return { payment: { method, status: 'pending', amount }, status: 'awaiting_payment' };
}
