import type CircuitBreaker from 'opossum';
import { breaker, type Logger, type Metrics } from '@kiosk/kit';
import type { AuthoriseOutcome, AuthoriseRequest, PaymentTerminal } from '../domain/payment.js';

/**
 * One breaker per card terminal, so a terminal that stops answering fails fast for its own kiosk only: three
 * timeouts at kiosk 3 must not refuse cards at every other kiosk. Each breaker probes its terminal again after
 * `resetTimeout` (half-open) and closes on the first answer. Terminal ids come from requests, so the map is
 * bounded: past `maxTerminals`, the least recently used closed breaker is forgotten.
 */
export class TerminalBreakers {
  private readonly byTerminal = new Map<string, CircuitBreaker<[AuthoriseRequest], AuthoriseOutcome>>();

  constructor(private readonly deps: {
    terminal: PaymentTerminal; timeoutMs: number; resetTimeoutMs?: number; maxTerminals?: number; logger: Logger; metrics: Metrics;
  }) {}

  fire(request: AuthoriseRequest): Promise<AuthoriseOutcome> {
    return this.for(request.terminalId).fire(request);
  }

  private for(terminalId: string): CircuitBreaker<[AuthoriseRequest], AuthoriseOutcome> {
    const known = this.byTerminal.get(terminalId);
    if (known) {
      this.byTerminal.delete(terminalId);
      this.byTerminal.set(terminalId, known);
      return known;
    }
    this.forgetOne();
    const created = breaker(`payment-terminal:${terminalId}`, (req: AuthoriseRequest) => this.deps.terminal.authorise(req), this.deps, {
      timeout: this.deps.timeoutMs, resetTimeout: this.deps.resetTimeoutMs ?? 5_000,
    });
    this.byTerminal.set(terminalId, created);
    return created;
  }

  private forgetOne(): void {
    if (this.byTerminal.size < (this.deps.maxTerminals ?? 128)) return;
    for (const [id, b] of this.byTerminal) {
      if (b.closed) {
        b.shutdown();
        this.byTerminal.delete(id);
        return;
      }
    }
  }
}
