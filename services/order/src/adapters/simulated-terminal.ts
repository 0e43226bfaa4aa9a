import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthoriseOutcome, AuthoriseRequest, ForwardOutcome, ForwardRequest, PaymentTerminal } from '../domain/payment.js';

export const simulatedOutcomes = ['approve', 'decline', 'timeout'] as const;
export type SimulatedOutcome = (typeof simulatedOutcomes)[number];

/** How the simulated terminal answers: set by the box's configuration, changed only by the test control. */
export interface SimulatorSettings {
  /** What every terminal answers unless told otherwise. */
  outcome: SimulatedOutcome;
  /** Declines any amount above this (a "card limit"), whatever the outcome says; null for no limit. */
  declineAbove: number | null;
  delayMs: number;
  /**
   * The acquirer the terminal authorises with over HTTP (PAYMENT_SIM_ACQUIRER_URL; the test harness's simulated
   * acquirer). Null: the terminal is its own always-reachable acquirer. When set and not answering (stopped,
   * refused, or slower than `acquirerTimeoutMs`), the card is read and the store decides whether to approve offline.
   */
  acquirerUrl: string | null;
  acquirerTimeoutMs?: number;
}

/**
 * A card terminal for demos and tests (PAYMENT_TERMINAL=simulated). Its answers come from configuration
 * (PAYMENT_SIM_OUTCOME, PAYMENT_SIM_DECLINE_ABOVE) and, where PAYMENT_SIM_CONTROL=1, from the test-only control
 * endpoint, per terminal: never from the kiosk's order. `timeout` never answers, exactly like a terminal that
 * lost its link, so the caller's timeout (the breaker) is what is exercised.
 */
export class SimulatedTerminal implements PaymentTerminal {
  private readonly perTerminal = new Map<string, SimulatedOutcome>();

  constructor(private readonly settings: SimulatorSettings) {}

  async authorise(req: AuthoriseRequest): Promise<AuthoriseOutcome> {
    const outcome = this.perTerminal.get(req.terminalId) ?? this.settings.outcome;
    if (outcome === 'timeout') return new Promise<never>(() => undefined);
    if (this.settings.delayMs > 0) await sleep(this.settings.delayMs);
    if (outcome === 'decline') return { approved: false, reason: 'card declined by issuer (simulated)' };
    if (this.settings.declineAbove !== null && req.amount > this.settings.declineAbove) {
      return { approved: false, reason: 'amount above the card limit (simulated)' };
    }
    if (this.settings.acquirerUrl === null) return { approved: true, reference: `SIM-${randomUUID().slice(0, 8).toUpperCase()}` };
    try {
      return await this.acquirer<AuthoriseOutcome>('/authorisations', req);
    } catch (err) {
      return { approved: false, acquirerUnreachable: true, reference: `OFF-${randomUUID().slice(0, 8).toUpperCase()}`, reason: (err as Error).message };
    }
  }

  async forward(req: ForwardRequest): Promise<ForwardOutcome> {
    if (this.settings.acquirerUrl === null) return { approved: true, reference: `SIM-${randomUUID().slice(0, 8).toUpperCase()}` };
    return this.acquirer<ForwardOutcome>('/offline-captures', req);
  }

  /** Test control: what one terminal (or, without an id, every terminal) answers from now on. */
  steer(outcome: SimulatedOutcome, terminalId?: string): void {
    if (terminalId) this.perTerminal.set(terminalId, outcome);
    else {
      this.perTerminal.clear();
      this.settings.outcome = outcome;
    }
  }

  private async acquirer<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.settings.acquirerUrl}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.settings.acquirerTimeoutMs ?? 5_000),
    });
    if (!res.ok) throw new Error(`acquirer answered ${res.status}`);
    return await res.json() as T;
  }
}
