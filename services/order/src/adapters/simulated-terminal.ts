import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthoriseOutcome, AuthoriseRequest, PaymentTerminal } from '../domain/payment.js';

/**
 * A card terminal for demos and tests (PAYMENT_TERMINAL=simulated). It behaves as the request's `simulate`
 * asks: approve (default), decline, or timeout: it never answers, exactly like a terminal that lost its link,
 * so the caller's timeout (the breaker) is what is exercised.
 */
export class SimulatedTerminal implements PaymentTerminal {
  constructor(private readonly delayMs = 0) {}

  async authorise(req: AuthoriseRequest): Promise<AuthoriseOutcome> {
    if (req.simulate === 'timeout') return new Promise<never>(() => undefined);
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (req.simulate === 'decline') return { approved: false, reason: 'card declined by issuer (simulated)' };
    return { approved: true, reference: `SIM-${randomUUID().slice(0, 8).toUpperCase()}` };
  }
}
