import { forOrder, type Logger } from '@kiosk/kit';
import { forwardStep } from '../domain/offline-card.js';
import type { ForwardOutcome, ForwardRequest } from '../domain/payment.js';
import type { OfflineCard, OfflineCardRepo } from '../adapters/offline-card.repo.js';

export interface ForwarderDeps {
  repo: OfflineCardRepo;
  /** The terminal adapter's `forward` (the acquirer): rejects while the acquirer is unreachable. */
  forward(request: ForwardRequest): Promise<ForwardOutcome>;
  clock: () => Date;
  logger: Logger;
  /** Pause between rounds while something is pending or the acquirer is down. */
  intervalMs: number;
  /** Wakes the outbox relay after a failed card's event committed. */
  onCommitted: () => void;
}

/**
 * Store-and-forward: sends each card approved offline to the acquirer until it answers, oldest first. The
 * payment id is the idempotency key, so a retry after a lost answer (or a crash between the acquirer's answer and
 * our update) is answered with the first answer and charged once. The first unreachable answer ends the round:
 * the acquirer is down for all of them, and the next round comes after `intervalMs`. Pending rows live in
 * Postgres, so a restart simply resumes.
 */
export class OfflineCardForwarder {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: ForwarderDeps) {}

  start(): this {
    this.schedule(0);
    return this;
  }

  /** Runs a round now (after an offline approval, or from tests); resolves when it is done. */
  kick(): Promise<void> {
    this.running ??= this.round().finally(() => { this.running = null; });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.kick().catch((err: unknown) => this.deps.logger.warn('offline card round failed', { err: (err as Error).message }))
        .finally(() => this.schedule(this.deps.intervalMs));
    }, ms);
  }

  private async round(): Promise<void> {
    for (;;) {
      const batch = await this.deps.repo.pending(50);
      if (batch.length === 0 || this.stopped) return;
      for (const card of batch) {
        if (this.stopped || !(await this.settle(card))) return;
      }
    }
  }

  /** Answers false when the acquirer could not be reached (end of this round). */
  private async settle(card: OfflineCard): Promise<boolean> {
    const log = forOrder(this.deps.logger, card.globalId);
    const now = this.deps.clock();
    if (forwardStep(new Date(card.expiresAt), now) === 'expire') {
      if (await this.deps.repo.failed(card, 'expired', 'not forwarded to the acquirer before its expiry', now)) this.deps.onCommitted();
      log.error('offline card expired before it could be forwarded: flagged to the manager and central', { paymentId: card.paymentId, amount: card.amount });
      return true;
    }
    let outcome: ForwardOutcome;
    try {
      outcome = await this.deps.forward({
        idempotencyKey: card.paymentId, globalId: card.globalId, amount: card.amount, currency: card.currency,
        terminalId: card.terminalId, offlineReference: card.offlineReference,
      });
    } catch (err) {
      await this.deps.repo.attemptFailed(card.paymentId, (err as Error).message);
      log.info('acquirer unreachable: offline cards stay pending', { paymentId: card.paymentId });
      return false;
    }
    if (outcome.approved) {
      await this.deps.repo.forwarded(card.paymentId, outcome.reference, now);
      log.info('offline card forwarded and approved', { paymentId: card.paymentId, reference: outcome.reference });
    } else {
      if (await this.deps.repo.failed(card, 'declined', outcome.reason, now)) this.deps.onCommitted();
      log.error('offline card declined by the acquirer after the fact: flagged to the manager and central', { paymentId: card.paymentId, reason: outcome.reason });
    }
    return true;
  }
}
