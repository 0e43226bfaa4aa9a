import type { Server } from 'node:http';
import type { Logger } from './logger.js';

type Step = { name: string; run: () => Promise<unknown> };

/**
 * Graceful shutdown in reverse order of start-up: stop taking requests, let in-flight ones finish, drain NATS
 * (delivers what is buffered, acks what was processed), then close pools. Steps registered last run first.
 */
export class Shutdown {
  private readonly steps: Step[] = [];
  private running: Promise<void> | null = null;
  /** Set by onSignals: a process of its own exits when the grace period is over. */
  private exitAfterGrace = false;

  constructor(private readonly logger: Logger, private readonly graceMs = 10_000) {}

  add(name: string, run: () => Promise<unknown>): this {
    this.steps.push({ name, run });
    return this;
  }

  /** Stops the HTTP server: no new connections, idle keep-alives closed, in-flight requests finish. */
  addHttpServer(server: Server): this {
    return this.add('http', () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }));
  }

  onSignals(exit: (code: number) => void = (code) => process.exit(code)): this {
    this.exitAfterGrace = true;
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.once(sig, () => {
        this.logger.info('shutting down', { signal: sig });
        this.run().then(() => exit(0), () => exit(1));
      });
    }
    return this;
  }

  run(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    // A service that is its process's main exits when the grace period is over; one that shares its process
    // (tests, the one-process box, which has its own deadline) only says so and finishes its steps.
    const deadline = setTimeout(() => {
      this.logger.error(this.exitAfterGrace ? 'shutdown grace period over, exiting' : 'shutdown grace period over, still stopping');
      if (this.exitAfterGrace) process.exit(1);
    }, this.graceMs);
    deadline.unref();
    for (const step of [...this.steps].reverse()) {
      try {
        await step.run();
      } catch (err) {
        this.logger.warn('shutdown step failed', { step: step.name, err });
      }
    }
    clearTimeout(deadline);
  }
}
