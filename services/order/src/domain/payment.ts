import type { PaymentMethod, PaymentView, OrderStatus } from '@kiosk/contracts';

/**
 * What the order service needs from a card terminal; adapters implement it (`simulated` is the one here, the
 * shape a real terminal's SDK adapter fills in). A terminal talks to its acquirer: when the terminal answers but
 * its acquirer cannot be reached, `authorise` says so (`acquirerUnreachable`) and the store may approve the card
 * offline under the store-and-forward rules (offline-card.ts), then `forward` it once the acquirer is back.
 */
export interface PaymentTerminal {
  /** Authorises `amount`. Resolves with the outcome; rejects (or never answers) when the terminal is unreachable. */
  authorise(request: AuthoriseRequest): Promise<AuthoriseOutcome>;
  /**
   * Submits a card approved offline to the acquirer. `idempotencyKey` is the same on every retry: the acquirer
   * answers a repeat with its first answer and charges once. Rejects while the acquirer is unreachable.
   */
  forward(request: ForwardRequest): Promise<ForwardOutcome>;
}

export interface AuthoriseRequest {
  globalId: string;
  amount: number;
  currency: string;
  /** The card terminal beside the kiosk that placed the order (its id is the kiosk's configured id). */
  terminalId: string;
}

export type AuthoriseOutcome =
  | { approved: true; reference: string }
  | { approved: false; reason: string }
  /** The terminal read the card but could not reach its acquirer: `reference` is the terminal's own offline one. */
  | { approved: false; acquirerUnreachable: true; reference: string; reason: string };

export interface ForwardRequest {
  idempotencyKey: string;
  globalId: string;
  amount: number;
  currency: string;
  terminalId: string;
  /** The terminal's reference of the offline approval. */
  offlineReference: string;
}

export type ForwardOutcome = { approved: true; reference: string } | { approved: false; reason: string };

/** Cash is promised at the counter (pending); a card reaches this point only once approved (online or offline). */
export function paymentFor(method: PaymentMethod, amount: number, card?: { reference: string; offline: boolean }): { payment: PaymentView; status: OrderStatus } {
  if (method === 'card') {
    return { payment: { method, status: 'approved', amount, ...(card ? { reference: card.reference } : {}), ...(card?.offline ? { offline: true } : {}) }, status: 'paid' };
  }
  return { payment: { method, status: 'pending', amount }, status: 'awaiting_payment' };
}
