/**
 * The compose test's hands (ops/stack/compose-test/compose.e2e.ts): `docker compose` for central and the store
 * boxes on the private engine run.sh started (DOCKER_HOST, DOCKER_CONFIG with the Compose plugin), their env
 * files written like an operator's .env, and the HTTP calls a kiosk, a kitchen display and central's API make,
 * through the published loopback ports only.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../src/paths.js';

const run = promisify(execFile);
const here = join(repoRoot, 'ops/stack/compose-test');

/** A secret as the README asks for them: letters and digits. */
export const secret = () => randomBytes(18).toString('hex');

/** One compose project: central, or a store box named by its project (s1, s2). */
export class ComposeProject {
  constructor(readonly name: string, private readonly files: string[], private readonly envFile: string) {}

  static central(work: string, env: Record<string, string>): ComposeProject {
    return new ComposeProject('central', ['docker-compose.central.yml', join(here, 'wan.central.yml')], writeEnv(join(work, 'central.env'), env));
  }

  /** `oneProcess`: monolithic mode, docker-compose.one-process.yml laid over docker-compose.yml. */
  static store(work: string, id: string, env: Record<string, string>, opts: { oneProcess?: boolean } = {}): ComposeProject {
    const files = ['docker-compose.yml', ...(opts.oneProcess ? ['docker-compose.one-process.yml'] : []), join(here, 'wan.store.yml')];
    return new ComposeProject(id, files, writeEnv(join(work, `${id}.env`), env));
  }

  /** `docker compose -p <name> -f ... --env-file ... <args>`; throws with the output when it fails. */
  async compose(args: string[], timeoutMs = 600_000, env: Record<string, string> = {}): Promise<string> {
    const argv = ['compose', '-p', this.name, '--project-directory', repoRoot, ...this.files.flatMap((f) => ['-f', f]), '--env-file', this.envFile, ...args];
    try {
      const { stdout } = await run('docker', argv, { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, ...env } });
      return stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`docker compose -p ${this.name} ${args.join(' ')}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  }

  /** `up -d --wait`: returns once every named (or every) service is running and healthy. */
  async up(services: string[] = [], env: Record<string, string> = {}): Promise<void> {
    await this.compose(['up', '-d', '--wait', '--wait-timeout', '600', ...services], 900_000, env);
  }

  /**
   * Waits until every container of the named services runs and its healthcheck says healthy (or it has none),
   * judged only by probes that ran after `since`. After an outage of what they depend on (the hub), services
   * are rightly unhealthy for a while, and `up --wait` stops at once on an unhealthy dependency instead of
   * waiting for it to recover; and right after the outage a service may still show the "healthy" of before it
   * (its failing streak has not reached the retries yet), so an old status proves nothing.
   */
  async healthy(services: string[], since: Date, timeoutMs = 300_000): Promise<void> {
    await eventually(`${this.name}: ${services.join(' ')} healthy since ${since.toISOString()}`, async () => {
      const containers = (await this.containers()).filter((c) => services.includes(c.service));
      if (!services.every((s) => containers.some((c) => c.service === s))) return undefined;
      const states = JSON.parse(await docker(['inspect', '--format', '{{json .State}}', ...containers.map((c) => c.id)]).then((out) => `[${out.trim().split('\n').join(',')}]`)) as ContainerState[];
      return states.every((state) => healthySince(state, since)) ? true : undefined;
    }, timeoutMs);
  }

  /** SQL as the superuser inside the project's Postgres container (one value, trimmed). */
  async sql(database: string, query: string): Promise<string> {
    return (await this.compose(['exec', '-T', 'postgres', 'psql', '-X', '-U', 'postgres', '-d', database, '-tAc', query])).trim();
  }

  /** Every container of the project, running or not: id, service name. */
  async containers(): Promise<{ id: string; service: string }[]> {
    const out = await this.compose(['ps', '-a', '--format', '{{.ID}} {{.Service}}']);
    return out.trim().split('\n').filter(Boolean).map((l) => {
      const [id, service] = l.split(' ');
      return { id: id!, service: service! };
    });
  }

  async logs(): Promise<string> {
    return this.compose(['logs', '--no-color', '--tail', '60']).catch((err: Error) => err.message);
  }
}

interface ContainerState {
  Status: string;
  Health?: { Status: string; FailingStreak: number; Log: { Start: string; ExitCode: number }[] };
}

/** Running, and (with a healthcheck) healthy with its latest probe after `since` passing. */
function healthySince(state: ContainerState, since: Date): boolean {
  if (state.Status !== 'running') return false;
  if (!state.Health) return true;
  const last = state.Health.Log.at(-1);
  return state.Health.Status === 'healthy' && state.Health.FailingStreak === 0 && !!last && last.ExitCode === 0 && new Date(last.Start) > since;
}

function writeEnv(file: string, env: Record<string, string>): string {
  writeFileSync(file, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  return file;
}

/** `docker <args>` on the test's engine. */
export async function docker(args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { timeout: 120_000, maxBuffer: 16 << 20 });
  return stdout;
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Catalog { products: { id: string; available: boolean; optionGroups: { min: number; options: { id: string; available?: boolean }[] }[] }[] }

/** A store box as a kiosk and a kitchen display see it: its gateway on a loopback port. */
export class StoreClient {
  private token?: string;
  constructor(readonly url: string, private readonly staffPin: string) {}

  async catalog(): Promise<Catalog> {
    const res = await fetch(`${this.url}/api/catalog`);
    if (!res.ok) throw new Error(`catalog: ${res.status}`);
    return (await res.json()) as Catalog;
  }

  /**
   * Posts one cash order of the first available product (its required options picked); returns its globalId.
   * With `retryMs`, a kiosk's way through a restart: the same order again, same globalId, until it is taken.
   */
  async placeOrder(retryMs = 0): Promise<string> {
    const globalId = randomUUID();
    const deadline = Date.now() + retryMs;
    for (;;) {
      try {
        return await this.postOrder(globalId);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async postOrder(globalId: string): Promise<string> {
    const product = (await this.catalog()).products.find((p) => p.available);
    if (!product) throw new Error('the store has no menu');
    const optionIds = product.optionGroups.filter((g) => g.min > 0).map((g) => g.options.find((o) => o.available !== false)!.id);
    const res = await fetch(`${this.url}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId, kioskId: 'compose-test', mode: 'dine_in', lines: [{ productId: product.id, quantity: 1, optionIds }], payment: { method: 'cash' } }),
    });
    // 201 the first time; 200 with the same body when a retry finds it taken already.
    if (res.status !== 201 && res.status !== 200) throw new Error(`order: ${res.status} ${await res.text()}`);
    return globalId;
  }

  async order(globalId: string): Promise<{ status: number; body: { globalId?: string } }> {
    const res = await fetch(`${this.url}/api/orders/${globalId}`);
    return { status: res.status, body: (await res.json()) as { globalId?: string } };
  }

  /** The globalIds on the kitchen display's ticket list (paired once with the staff PIN). */
  async ticketIds(): Promise<Set<string>> {
    if (!this.token) {
      const res = await fetch(`${this.url}/api/devices/pair`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: this.staffPin, name: 'compose-test', role: 'kitchen' }),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`pair: ${res.status} ${await res.text()}`);
      this.token = ((await res.json()) as { token: string }).token;
    }
    const res = await fetch(`${this.url}/api/kitchen/tickets`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`tickets: ${res.status}`);
    return new Set(((await res.json()) as { tickets: { globalId: string }[] }).tickets.map((t) => t.globalId));
  }
}
