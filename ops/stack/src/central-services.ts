import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, freePort, httpOk, waitFor, type MetricsTarget } from './process.js';
import { opsDir, repoRoot } from './paths.js';
import { bundleService } from './bundle.js';
import { startNginx, startPostgres, type NginxServer, type PostgresServer } from './servers.js';
import { demoHubPorts, startCentralHub, type CentralHub, type CentralHubPorts } from './central.js';

export const centralServices = ['central-admin', 'central-ingest', 'central-fleet'] as const;
export type CentralService = (typeof centralServices)[number];

export interface CentralPorts {
  gateway: number;
  postgres: number;
  admin: number;
  /** The fleet exporter (per-store series from heartbeats, for Prometheus). */
  fleet: number;
  /** One HTTP port per central-ingest replica. */
  ingest: number[];
  hub?: Partial<CentralHubPorts>;
}

/** Demo ports of central: gateway 8000 (DESIGN.md), the rest clear of the store boxes' ranges. */
export function demoCentralPorts(): CentralPorts {
  return { gateway: 8000, postgres: 15430, admin: 18001, fleet: 18004, ingest: [18002, 18003], hub: demoHubPorts() };
}

export interface CentralOptions {
  stores: string[];
  /** Where data and logs live; a temp dir by default (removed on stop). */
  baseDir?: string;
  ports?: Partial<CentralPorts>;
  /** central-ingest replicas sharing each durable consumer (default 2, as in docker-compose.central.yml). */
  ingestReplicas?: number;
  env?: Record<string, string>;
}

export interface Central {
  hub: CentralHub;
  postgres: PostgresServer;
  nginx: NginxServer;
  gatewayUrl: string;
  adminUrl: string;
  ingestUrls: string[];
  fleetUrl: string;
  databaseUrl: string;
  admin: ManagedProcess;
  ingest: ManagedProcess[];
  fleet: ManagedProcess;
  /** Every central service's /metrics, as Prometheus scrapes them. */
  metricsTargets: MetricsTarget[];
  /** The environment of a central service: one list, shared with docker-compose.central.yml's checks. */
  serviceEnv(name: CentralService, port: number): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts central natively: the 3-node NATS hub, central Postgres, central-admin, N central-ingest replicas
 * and nginx as the gateway, from the config files in ops/. The demo, the tests and the benchmarks run this.
 */
export async function startCentral(opts: CentralOptions): Promise<Central> {
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'central-'));
  mkdirSync(baseDir, { recursive: true });
  chmodSync(baseDir, 0o755); // the postgres user must reach its data dir below it
  const logs = join(baseDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const replicas = opts.ingestReplicas ?? 2;
  const ports: CentralPorts = {
    gateway: opts.ports?.gateway ?? await freePort(), postgres: opts.ports?.postgres ?? await freePort(), admin: opts.ports?.admin ?? await freePort(),
    fleet: opts.ports?.fleet ?? await freePort(),
    ingest: opts.ports?.ingest ?? await Promise.all(Array.from({ length: replicas }, () => freePort())), hub: opts.ports?.hub,
  };

  const [hub, postgres] = await Promise.all([
    startCentralHub({ stores: opts.stores, baseDir: join(baseDir, 'hub'), ports: ports.hub }),
    startPostgres({ dataDir: join(baseDir, 'postgres'), port: ports.postgres, logFile: join(logs, 'postgres.log') }),
  ]);
  await postgres.createDatabase('central');
  const databaseUrl = postgres.url('central');
  // Central services reach the hub on its private client ports, bound to HUB (hub.conf: no_auth_user).
  const natsUrl = hub.natsUrl;
  const serviceEnv = (name: CentralService, port: number) => centralServiceEnv(name, { port, databaseUrl, natsUrl, stores: opts.stores, extra: opts.env });
  const start = async (name: CentralService, port: number, tag: string) => {
    const proc = new ManagedProcess(tag, process.execPath, [await bundleService(name)], {
      cwd: repoRoot, logFile: join(logs, `${tag}.log`), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...serviceEnv(name, port) },
    }).start();
    await waitFor(tag, () => httpOk(`http://127.0.0.1:${port}/health`), 60_000, proc);
    return proc;
  };
  // Admin first: its migrations create the catalog tables ingest reads for the price rule.
  const admin = await start('central-admin', ports.admin, 'central-admin');
  const [fleet, ...ingest] = await Promise.all([
    start('central-fleet', ports.fleet, 'central-fleet'),
    ...ports.ingest.map((p, i) => start('central-ingest', p, `central-ingest-${i + 1}`)),
  ]);
  const local = (port: number) => `http://127.0.0.1:${port}`;

  const nginx = await startNginx({
    template: join(opsDir, 'nginx/central.conf.template'), runDir: join(baseDir, 'nginx'), port: ports.gateway, logFile: join(logs, 'nginx.log'),
    vars: { INGEST_SERVERS: ports.ingest.map((p) => `server 127.0.0.1:${p};`).join(' '), ADMIN_UPSTREAM: `127.0.0.1:${ports.admin}` },
  });

  return {
    hub, postgres, nginx, gatewayUrl: nginx.url, adminUrl: local(ports.admin), fleetUrl: local(ports.fleet),
    ingestUrls: ports.ingest.map(local), databaseUrl, admin, ingest, fleet: fleet!, serviceEnv,
    metricsTargets: [
      { job: 'central-admin', instance: 'central-admin', url: `${local(ports.admin)}/metrics` },
      { job: 'central-fleet', instance: 'central-fleet', url: `${local(ports.fleet)}/metrics` },
      ...ports.ingest.map((p, i) => ({ job: 'central-ingest', instance: `central-ingest-${i + 1}`, url: `${local(p)}/metrics` })),
    ],
    async stop() {
      await nginx.proc.stop();
      await Promise.all([admin.stop(), fleet!.stop(), ...ingest.map((p) => p.stop())]);
      await Promise.all([hub.stop(), postgres.proc.stop()]);
      if (!opts.baseDir) rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** The environment of one central service: the single list of what each is configured with. */
export function centralServiceEnv(name: CentralService, c: { port: number; databaseUrl: string; natsUrl: string; stores: string[]; extra?: Record<string, string> }): Record<string, string> {
  return {
    SERVICE_NAME: name,
    // The kit names every service's store; central's services are the fleet's `central`.
    STORE_ID: 'central',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(c.port),
    DATABASE_URL: c.databaseUrl,
    NATS_URL: c.natsUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...(name === 'central-admin' ? {} : { CENTRAL_STORES: c.stores.join(',') }),
    ...c.extra,
  };
}
