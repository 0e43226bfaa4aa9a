import { statfs } from 'node:fs/promises';

export type ComponentState = 'up' | 'down';
type Probe = () => Promise<unknown>;

/**
 * Named readiness probes (database, nats, redis, ...). `/health` runs them all with a short timeout; a service
 * is `ok` when every required probe passes and `degraded` when only optional ones (Redis: a cache) fail.
 */
export class HealthChecks {
  private readonly probes = new Map<string, { probe: Probe; required: boolean; timeoutMs?: number }>();
  private readonly startedAt = Date.now();

  /** `timeoutMs`: this probe's own limit, for one that asks another service's /health (which runs its own probes). */
  add(name: string, probe: Probe, opts: { required?: boolean; timeoutMs?: number } = {}): this {
    this.probes.set(name, { probe, required: opts.required ?? true, timeoutMs: opts.timeoutMs });
    return this;
  }

  async run(timeoutMs = 1000): Promise<{ status: 'ok' | 'degraded' | 'down'; components: Record<string, ComponentState> }> {
    const entries = [...this.probes.entries()];
    const results = await Promise.all(entries.map(([, p]) => withTimeout(p.probe(), p.timeoutMs ?? timeoutMs).then(() => true, () => false)));
    const components: Record<string, ComponentState> = {};
    let status: 'ok' | 'degraded' | 'down' = 'ok';
    entries.forEach(([name, p], i) => {
      components[name] = results[i] ? 'up' : 'down';
      if (!results[i]) status = p.required ? 'down' : status === 'down' ? 'down' : 'degraded';
    });
    return { status, components };
  }

  uptimeSeconds(): number {
    return Math.round((Date.now() - this.startedAt) / 1000);
  }
}

export async function diskSpace(path: string) {
  const s = await statfs(path);
  const totalBytes = s.blocks * s.bsize;
  const freeBytes = s.bavail * s.bsize;
  return { freeBytes, totalBytes, freePercent: totalBytes ? Math.round((freeBytes / totalBytes) * 1000) / 10 : 0 };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}
