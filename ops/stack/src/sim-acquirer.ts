import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** One offline capture as the acquirer holds it: its first answer, and how often it was asked. */
export interface AcquirerCapture { idempotencyKey: string; globalId: string; amount: number; approved: boolean; reference?: string; reason?: string; requests: number }

/**
 * A card acquirer for tests and demos, behind the simulated terminal (PAYMENT_SIM_ACQUIRER_URL). It answers
 * `POST /authorisations` (online) and `POST /offline-captures` (cards the store approved offline, deduplicated
 * by idempotency key: a repeat gets the first answer and charges nothing more). `stop()` closes the port for
 * real, so the terminal sees a refused connection exactly like an acquirer that cannot be reached; `start()`
 * opens the same port again. `declineGlobalIds` makes the acquirer decline those orders' offline captures.
 */
export class SimAcquirer {
  readonly captures = new Map<string, AcquirerCapture>();
  readonly declineGlobalIds = new Set<string>();
  authorisations = 0;
  private server: Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString(); });
      req.on('end', () => {
        const body = safeJson(raw);
        const answer = req.method === 'POST' && req.url === '/authorisations' ? this.authorise()
          : req.method === 'POST' && req.url === '/offline-captures' && body ? this.capture(body) : null;
        res.writeHead(answer ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(answer ?? { error: 'bad request' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the port and every open connection: from now on the terminal's requests are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private authorise() {
    this.authorisations++;
    return { approved: true, reference: `ACQ-${randomUUID().slice(0, 8).toUpperCase()}` };
  }

  private capture(body: Record<string, unknown>) {
    const key = String(body.idempotencyKey ?? '');
    if (!key) return null;
    const held = this.captures.get(key);
    if (held) {
      held.requests++;
      return answerOf(held);
    }
    const globalId = String(body.globalId ?? '');
    const declined = this.declineGlobalIds.has(globalId);
    const c: AcquirerCapture = {
      idempotencyKey: key, globalId, amount: Number(body.amount), approved: !declined, requests: 1,
      ...(declined ? { reason: 'insufficient funds (simulated, after the fact)' } : { reference: `ACQ-${randomUUID().slice(0, 8).toUpperCase()}` }),
    };
    this.captures.set(key, c);
    return answerOf(c);
  }
}

const answerOf = (c: AcquirerCapture) => (c.approved ? { approved: true, reference: c.reference } : { approved: false, reason: c.reason });

function safeJson(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? v as Record<string, unknown> : null;
  } catch {
    return null;
  }
}
