import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ManagedProcess, freePort, httpOk, waitFor, type MetricsTarget } from './process.js';
import { opsDir, repoRoot } from './paths.js';
import { bundleService } from './bundle.js';
import { runAsPostgres, startNginx, startPostgres, type NginxServer, type PostgresServer } from './servers.js';
import { CentralBackup } from './backup.js';
import { lastGoodBackup } from './backup-policy.js';
import { demoHubPorts, startCentralHub, type CentralHub, type CentralHubPorts } from './central.js';
import { signInToCentral, type CentralApi } from './central-api.js';
import { StoresTableWatch } from './hub-accounts.js';
import type { HubStore } from './central-config.js';

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
  /** The backup agent's /metrics (only with `backup`). */
  backup?: number;
}

/** Demo ports of central: gateway 8000 (README), the rest clear of the store boxes' ranges. */
export function demoCentralPorts(): CentralPorts {
  return { gateway: 8000, postgres: 15430, admin: 18001, fleet: 18004, ingest: [18002, 18003], hub: demoHubPorts(), backup: 18005 };
}

export interface CentralOptions {
  stores: string[];
  /** Where data and logs live; a temp dir by default (removed on stop). */
  baseDir?: string;
  ports?: Partial<CentralPorts>;
  /** central-ingest replicas sharing each durable consumer (default 2, as in docker-compose.central.yml). */
  ingestReplicas?: number;
  env?: Record<string, string>;
  /**
   * Continuous WAL archiving and scheduled backups of central Postgres with pgBackRest (ops/pgbackrest), the
   * repository in `<baseDir>/backup` unless `repoPath` says otherwise, and the backup agent's /metrics.
   */
  backup?: boolean | { repoPath?: string; agentEnv?: Record<string, string> };
}

export interface Central {
  hub: CentralHub;
  postgres: PostgresServer;
  nginx: NginxServer;
  gatewayUrl: string;
  adminUrl: string;
  ingestUrls: string[];
  /** Keeps the hub's store accounts equal to central's stores table. */
  storesWatch: StoresTableWatch;
  fleetUrl: string;
  databaseUrl: string;
  admin: ManagedProcess;
  ingest: ManagedProcess[];
  fleet: ManagedProcess;
  /** Every central service's /metrics, as Prometheus scrapes them. */
  metricsTargets: MetricsTarget[];
  /** pgBackRest on central Postgres and its agent, when started with `backup`. */
  backup: { pgbackrest: CentralBackup; agent: ManagedProcess } | null;
  /** The environment of a central service: one list, shared with docker-compose.central.yml's checks. */
  serviceEnv(name: CentralService, port: number): Record<string, string>;
  /** A fetch signed in at the gateway as the demo owner (or `who`): central's API refuses anonymous calls. */
  api(who?: { username: string; password: string }): Promise<CentralApi>;
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

  const backupOpts = typeof opts.backup === 'object' ? opts.backup : {};
  const pgbackrest = opts.backup ? centralBackup(baseDir, ports.postgres, backupOpts.repoPath) : null;
  // One after the other: rendering the hub's users hashes every password with bcrypt on this thread (about a
  // quarter of a second each), which at a hundred stores starved Postgres' readiness check past its limit.
  const hub = await startCentralHub({ stores: opts.stores, baseDir: join(baseDir, 'hub'), ports: ports.hub });
  const postgres = await startPostgres({ dataDir: join(baseDir, 'postgres'), port: ports.postgres, logFile: join(logs, 'postgres.log'), settings: pgbackrest?.archiveSettings() })
    .catch(async (err: unknown) => {
      await hub.stop();
      throw err;
    });
  await postgres.createDatabase('central');
  const backup = pgbackrest ? { pgbackrest, agent: await startBackupAgentProcess(pgbackrest, ports.backup ??= await freePort(), logs, backupOpts.agentEnv) } : null;
  const databaseUrl = postgres.url('central');
  // Central services reach the hub on its private client ports, each as its own user in HUB.
  const serviceEnv = (name: CentralService, port: number) =>
    centralServiceEnv(name, { port, databaseUrl, natsUrl: hub.serviceNatsUrl(name), stores: opts.stores, extra: opts.env });
  const start = async (name: CentralService, port: number, tag: string) => {
    const proc = new ManagedProcess(tag, process.execPath, [await bundleService(name)], {
      cwd: repoRoot, logFile: join(logs, `${tag}.log`), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...serviceEnv(name, port) },
    }).start();
    await waitFor(tag, () => httpOk(`http://127.0.0.1:${port}/health`), 60_000, proc);
    return proc;
  };
  // Admin first: its migrations create the catalog tables ingest reads for the price rule, and the stores table.
  const admin = await start('central-admin', ports.admin, 'central-admin');
  // The stores the hub started with become rows of the stores table (with the hashes the hub holds); from then
  // on the table is the list, and a store added or disabled in the app reaches the hub within seconds.
  await seedStores(databaseUrl, hub.rendered);
  const storesWatch = await new StoresTableWatch({ databaseUrl, target: hub.accounts, initial: hub.rendered }).start();
  const [fleet, ...ingest] = await Promise.all([
    start('central-fleet', ports.fleet, 'central-fleet'),
    ...ports.ingest.map((p, i) => start('central-ingest', p, `central-ingest-${i + 1}`)),
  ]);
  const local = (port: number) => `http://127.0.0.1:${port}`;

  const nginx = await startNginx({
    template: join(opsDir, 'nginx/central.conf.template'), runDir: join(baseDir, 'nginx'), port: ports.gateway, logFile: join(logs, 'nginx.log'),
    vars: {
      INGEST_SERVERS: ports.ingest.map((p) => `server 127.0.0.1:${p};`).join(' '), ADMIN_UPSTREAM: `127.0.0.1:${ports.admin}`,
      ADMIN_WEB_ROOT: join(repoRoot, 'web/admin/dist'),
    },
  });

  return {
    hub, postgres, nginx, gatewayUrl: nginx.url, adminUrl: local(ports.admin), fleetUrl: local(ports.fleet),
    ingestUrls: ports.ingest.map(local), databaseUrl, admin, ingest, fleet: fleet!, serviceEnv, backup, storesWatch,
    api: (who) => signInToCentral(nginx.url, who),
    metricsTargets: [
      ...(backup ? [{ job: 'central-backup', instance: 'central-backup', url: `${local(ports.backup!)}/metrics` }] : []),
      { job: 'central-admin', instance: 'central-admin', url: `${local(ports.admin)}/metrics` },
      { job: 'central-fleet', instance: 'central-fleet', url: `${local(ports.fleet)}/metrics` },
      ...ports.ingest.map((p, i) => ({ job: 'central-ingest', instance: `central-ingest-${i + 1}`, url: `${local(p)}/metrics` })),
    ],
    async stop() {
      await nginx.proc.stop();
      await storesWatch.stop();
      await Promise.all([admin.stop(), fleet!.stop(), ...ingest.map((p) => p.stop()), backup?.agent.stop()]);
      // A last WAL switch: Postgres archives the finished segment on its way down, so a restore after this stop
      // reaches up to it (the segment in progress at shutdown is never archived).
      if (backup) await switchWal(databaseUrl).catch(() => undefined);
      await Promise.all([hub.stop(), postgres.proc.stop()]);
      if (!opts.baseDir) rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** pgBackRest on the native central's Postgres: data in `<baseDir>/postgres`, repository in `<baseDir>/backup`. */
export function centralBackup(baseDir: string, postgresPort: number, repoPath?: string): CentralBackup {
  const dataDir = join(baseDir, 'postgres');
  return new CentralBackup({
    dataDir, port: postgresPort, socketDir: join(dataDir, 'socket'), repoPath: repoPath ?? join(baseDir, 'backup'), workDir: join(baseDir, 'pgbackrest'),
  }, runAsPostgres());
}

/** Runs the backup agent (ops/stack/src/cli/backup-agent.ts: creates the stanza, then backs up) as Postgres' account. */
async function startBackupAgentProcess(pgbackrest: CentralBackup, port: number, logs: string, env: Record<string, string> = {}): Promise<ManagedProcess> {
  const proc = new ManagedProcess('central-backup', process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/backup-agent.ts')], {
    cwd: repoRoot, logFile: join(logs, 'central-backup.log'), ...(runAsPostgres() ?? {}),
    env: { PATH: process.env.PATH ?? '', BACKUP_CONFIG: pgbackrest.configFile, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), ...env },
  }).start();
  await waitFor('central-backup', () => httpOk(`http://127.0.0.1:${port}/health`), 90_000, proc);
  // Point-in-time recovery starts from a base backup: central is up once it has one (the agent's first).
  await waitFor('central-backup: the first full backup', async () => lastGoodBackup((await pgbackrest.state()).backups) !== null, 120_000, proc);
  return proc;
}

/** Rows of central's stores table for the stores a native central starts with (kept if already there). */
async function seedStores(databaseUrl: string, stores: HubStore[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const s of stores) {
      if (!s.leaf) continue;
      await client.query(
        `INSERT INTO central_admin.stores (id, name, leaf_user, leaf_password_hash) VALUES ($1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET leaf_password_hash = EXCLUDED.leaf_password_hash WHERE central_admin.stores.leaf_user = EXCLUDED.leaf_user`,
        [s.id, s.leaf.user, s.leaf.passwordHash]);
    }
  } finally {
    await client.end();
  }
}

async function switchWal(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_switch_wal()');
  } finally {
    await client.end();
  }
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
    CENTRAL_STORES: c.stores.join(','),
    // The native central is the demo's and the tests': central-admin creates the demo owner (owner / owner-demo).
    DEMO_MODE: '1',
    ...c.extra,
  };
}
