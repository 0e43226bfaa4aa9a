import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every child process started and not yet exited, for stopChildrenOnSignal. */
const live = new Set<ManagedProcess>();

/**
 * For a command that starts stacks and may be interrupted (a benchmark running for many minutes): on SIGINT or
 * SIGTERM, stop every child process it started (SIGTERM, SIGKILL after 5 s) and then exit, instead of leaving
 * a hundred servers behind holding ports and data directories.
 */
export function stopChildrenOnSignal(): void {
  const stopAll = async (code: number) => {
    await Promise.all([...live].map((p) => p.stop(5_000)));
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(130));
  process.once('SIGTERM', () => void stopAll(143));
}

/** A child process of the stack, with its output appended to a log file. */
export class ManagedProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: SpawnOptions & {
      logFile: string;
      /**
       * Start it as the leader of its own process group and kill the whole group: for servers whose workers
       * outlive a SIGKILLed master (nginx's would keep serving, and holding the port, for good).
       */
      group?: boolean;
    },
  ) {}

  start(): this {
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    const { logFile: _log, group, ...spawnOptions } = this.options;
    const child = spawn(this.command, this.args, { ...spawnOptions, detached: group ?? false, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      live.delete(this);
      resolve(code);
    }));
    live.add(this);
    child.once('error', (err) => log.write(`spawn error: ${err.message}\n`));
    this.child = child;
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (graceful), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) await this.kill();
  }

  /** SIGKILL: what a crash or a power cut does to the process. */
  async kill(): Promise<void> {
    if (!this.running) return;
    if (this.options.group && this.child?.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    } else {
      this.child?.kill('SIGKILL');
    }
    await this.exited;
  }

  /** The last lines of its log: what a failure report should show without anyone digging for the file. */
  logTail(lines = 8): string {
    if (!existsSync(this.options.logFile)) return '';
    return readFileSync(this.options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  whenExited(): Promise<number | null> {
    return this.exited;
  }
}

/** One /metrics endpoint of the stack: `job` is the service, `instance` tells replicas and stores apart. */
export interface MetricsTarget { job: string; instance: string; url: string }

/** Ports this process has handed out: the kernel may offer a just-closed port again to the next caller. */
const handedOut = new Set<number>();

/** A free TCP port on loopback, from the kernel, never the same one twice in this process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await kernelPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it resolves truthy or `timeoutMs` passes. A probe that never settles counts as a failed
 * one after 5 s (a pg client ended while Postgres was still recovering once hung a box's start for good).
 */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    if (proc && !proc.running) throw new Error(`${what}: process exited before it was ready; the end of its log:\n${proc.logTail()}`);
    try {
      if (await settlesWithin(probe(), 5_000)) return;
    } catch (err) {
      lastErr = err;
    }
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms${lastErr ? `: ${String(lastErr)}` : ''}`);
}

/** `work`, or an error saying `late` once `ms` pass without it settling. */
export function settlesWithin<T>(work: Promise<T>, ms: number, late = `no answer in ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(late)), ms); });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await res.body?.cancel();
  return res.ok;
}
