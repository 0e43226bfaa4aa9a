import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { consumers, streams } from '@kiosk/contracts';
import { ManagedProcess, freePort, httpOk, waitFor, type MetricsTarget } from './process.js';
import { repoRoot, opsDir } from './paths.js';
import { bundleService } from './bundle.js';
import { startNats, startNginx, startPostgres, startRedis, type NatsServer, type NginxServer, type PostgresServer, type RedisServer } from './servers.js';
import type { LeafLink } from './central.js';
import { renderStoreNatsConfig, type LeafRemoteOptions } from './link.js';
import { catalogDeliverPrefix, catalogToStore, hubApiPrefix, uplinkPrefix } from './central-config.js';

// In start order: sync reads the order service's figures, so it comes after it.
export const storeServices = ['catalog', 'order', 'kitchen', 'sync'] as const;
export type StoreService = (typeof storeServices)[number];

export interface StoreBoxOptions {
  storeId?: string;
  /** Where data and logs live; a fresh temp dir by default (removed on stop unless `keepData`). */
  baseDir?: string;
  keepData?: boolean;
  /** Fixed ports (the demo); random free ports when omitted (tests). */
  ports?: Partial<StoreBoxPorts>;
  /** Build the web apps first (vite build), so /kiosk/, /kitchen/ and /pickup/ are served. */
  build?: boolean;
  /** Publish the demo menu once the services are up (default true). */
  seed?: boolean;
  /**
   * The sync service's heartbeat period to central (ms). Off unless asked for: central's own tests
   * (central.spec.ts) publish heartbeats by hand and expect a store that never sent one to show `unknown`.
   * Production (docker-compose.yml) sends one every 5 s.
   */
  heartbeatMs?: number;
  /** Extra environment for the services (e.g. PAYMENT_SIM_DELAY_MS). */
  env?: Record<string, string>;
  /** Attach the box to central as a leaf node (startCentralHub().leafFor(storeId)) and run its uplink. */
  hub?: LeafLink & LeafRemoteOptions;
}

export interface StoreBoxPorts {
  gateway: number;
  postgres: number;
  redis: number;
  nats: number;
  natsMonitor: number;
  catalog: number;
  order: number;
  kitchen: number;
  /** The sync service: link, pending upload, last sync; the gateway's /health. */
  sync: number;
  /** The uplink's /health and /metrics (only with a hub). */
  uplink?: number;
}

/** Demo ports of store number `n` (s1 -> 1): gateway 800n, the rest in high ranges clear of the usual servers. */
export function demoPorts(n: number): StoreBoxPorts {
  return {
    gateway: 8000 + n, postgres: 15430 + n, redis: 16370 + n, nats: 14220 + n, natsMonitor: 18220 + n,
    catalog: 18000 + n * 10 + 1, order: 18000 + n * 10 + 2, kitchen: 18000 + n * 10 + 3, uplink: 18000 + n * 10 + 4, sync: 18000 + n * 10 + 5,
  };
}

export interface StoreBox {
  storeId: string;
  baseDir: string;
  ports: StoreBoxPorts;
  gatewayUrl: string;
  serviceUrl(name: StoreService): string;
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
  postgres: PostgresServer;
  redis: RedisServer;
  nats: NatsServer;
  nginx: NginxServer;
  services: Record<StoreService, ManagedProcess>;
  /** The forwarder to central (services/uplink), when the box was started with a hub. */
  uplink: ManagedProcess | null;
  startUplink(): Promise<void>;
  /** Every service's /metrics on this box (the uplink's only with a hub), as a Prometheus would scrape them. */
  metricsTargets: MetricsTarget[];
  /** The environment each service gets: one place, shared with docker-compose.yml's checks. */
  serviceEnv(name: StoreService): Record<string, string>;
  startService(name: StoreService): Promise<void>;
  stopService(name: StoreService): Promise<void>;
  killService(name: StoreService): Promise<void>;
  seed(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one store box natively: Postgres, Redis, nats-server (JetStream domain = store id), the catalog,
 * order and kitchen services, and nginx as the gateway, with the config files in ops/. `make demo` and the
 * tests both start stores through here, so what is tested is what runs.
 */
export async function startStoreBox(opts: StoreBoxOptions = {}): Promise<StoreBox> {
  // Whatever started before a failure is stopped again, so a box that could not start leaves no processes.
  const started: ManagedProcess[] = [];
  try {
    return await startStoreBoxTracked(opts, started);
  } catch (err) {
    await Promise.all(started.map((p) => p.kill()));
    throw err;
  }
}

async function startStoreBoxTracked(opts: StoreBoxOptions, started: ManagedProcess[]): Promise<StoreBox> {
  const track = <T extends { proc: ManagedProcess }>(server: Promise<T>) => server.then((s) => { started.push(s.proc); return s; });
  const storeId = opts.storeId ?? 's1';
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), `store-${storeId}-`));
  mkdirSync(baseDir, { recursive: true });
  chmodSync(baseDir, 0o755); // the postgres user must reach its data dir below it
  const logs = join(baseDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const ports = { ...(await randomPorts()), ...opts.ports };
  if (opts.hub && !opts.ports?.uplink) ports.uplink = await freePort();
  if (opts.build) buildWebApps();

  const servers = [
    startPostgres({ dataDir: join(baseDir, 'postgres'), port: ports.postgres, logFile: join(logs, 'postgres.log') }),
    startRedis({ dataDir: join(baseDir, 'redis'), port: ports.redis, logFile: join(logs, 'redis.log') }),
    startNats({
      configFile: opts.hub ? renderStoreNatsConfig(baseDir, { link: opts.hub, monitorPort: ports.natsMonitor, reconnect: opts.hub.reconnect }) : join(opsDir, 'nats/store.conf'), port: ports.nats, monitorPort: ports.natsMonitor,
      storeDir: join(baseDir, 'nats'), serverName: `store-${storeId}`, logFile: join(logs, 'nats.log'), env: { STORE_ID: storeId },
    }),
  ] as const;
  await Promise.allSettled(servers.map((server: Promise<{ proc: ManagedProcess }>) => track(server)));
  const [postgres, redis, nats] = await Promise.all(servers);
  await postgres.createDatabase('store');

  const databaseUrl = postgres.url('store');
  const serviceUrl = (name: StoreService) => `http://127.0.0.1:${ports[name]}`;
  const serviceEnv = (name: StoreService) => storeServiceEnv(name, {
    storeId, port: ports[name], databaseUrl, natsUrl: nats.url, redisUrl: redis.url, catalogUrl: serviceUrl('catalog'), extra: opts.env,
    orderUrl: serviceUrl('order'), natsMonitorUrl: `http://127.0.0.1:${ports.natsMonitor}`, heartbeatMs: opts.heartbeatMs,
    uplinkUrl: ports.uplink ? `http://127.0.0.1:${ports.uplink}` : undefined,
  });
  const services = {} as Record<StoreService, ManagedProcess>;
  const startService = async (name: StoreService) => {
    const proc = new ManagedProcess(name, process.execPath, [await bundleService(name)], {
      cwd: repoRoot, logFile: join(logs, `${name}.log`), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...serviceEnv(name) },
    }).start();
    services[name] = proc;
    started.push(proc);
    await waitFor(`${name} service`, () => httpOk(`${serviceUrl(name)}/health`), 60_000, proc);
  };
  for (const name of storeServices) await startService(name);
  let uplink: ManagedProcess | null = null;
  const startUplink = async () => {
    const port = ports.uplink ?? 0;
    const env = {
      SERVICE_NAME: 'uplink', STORE_ID: storeId, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), DATABASE_URL: databaseUrl,
      NATS_URL: nats.url, NATS_MONITOR_URL: `http://127.0.0.1:${nats.monitorPort}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...storeNodeMemory,
      ...uplinkEnv(storeId), ...opts.env,
    };
    uplink = new ManagedProcess('uplink', process.execPath, [await bundleService('uplink')], {
      cwd: repoRoot, logFile: join(logs, 'uplink.log'), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    }).start();
    started.push(uplink);
    box.uplink = uplink;
    await waitFor('uplink service', () => httpOk(`http://127.0.0.1:${port}/health`), 60_000, uplink);
  };

  const nginx = await track(startNginx({
    template: join(opsDir, 'nginx/store.conf.template'), runDir: join(baseDir, 'nginx'), port: ports.gateway,
    logFile: join(logs, 'nginx.log'),
    vars: {
      ORDER_UPSTREAM: `127.0.0.1:${ports.order}`, SYNC_UPSTREAM: `127.0.0.1:${ports.sync}`, KITCHEN_UPSTREAM: `127.0.0.1:${ports.kitchen}`, CATALOG_UPSTREAM: `127.0.0.1:${ports.catalog}`,
      MEDIA_ROOT: join(repoRoot, 'services/catalog/media'), KIOSK_ROOT: join(repoRoot, 'web/kiosk/dist'), KDS_ROOT: join(repoRoot, 'web/kitchen/dist'),
    },
  }));

  const box: StoreBox = {
    storeId, baseDir, ports, gatewayUrl: nginx.url, serviceUrl, databaseUrl, natsUrl: nats.url, redisUrl: redis.url,
    postgres, redis, nats, nginx, services, serviceEnv, startService, uplink, startUplink,
    metricsTargets: [
      ...storeServices.map((name) => ({ job: name, instance: `${storeId}-${name}`, url: `${serviceUrl(name)}/metrics` })),
      ...(opts.hub ? [{ job: 'uplink', instance: `${storeId}-uplink`, url: `http://127.0.0.1:${ports.uplink}/metrics` }] : []),
    ],
    stopService: (name) => services[name].stop(),
    killService: (name) => services[name].kill(),
    async seed() {
      execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'services/catalog/src/cli/seed.ts')], {
        cwd: repoRoot, stdio: 'pipe', env: { ...process.env, ...serviceEnv('catalog') },
      });
      // The seed CLI returns once every change is in the stream; the menu is whole once the catalog service
      // has applied (and so acked) all of them.
      const nc = await connect({ servers: nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        await waitFor('demo menu applied', async () => {
          const c = await jsm.consumers.info(streams.catalog(storeId), consumers.catalogApply);
          return c.num_pending === 0 && c.num_ack_pending === 0;
        }, 60_000);
      } finally {
        await nc.close();
      }
      await waitFor('demo menu served', async () => {
        const res = await fetch(`${serviceUrl('catalog')}/api/catalog`);
        return res.ok && ((await res.json()) as { products: unknown[] }).products.length > 0;
      }, 30_000);
    },
    async stop() {
      await nginx.proc.stop();
      await box.uplink?.stop();
      await Promise.all(storeServices.map((s) => services[s]?.stop()));
      await Promise.all([nats.proc.stop(), redis.proc.stop(), postgres.proc.stop()]);
      if (!opts.keepData && !opts.baseDir) rmSync(baseDir, { recursive: true, force: true });
    },
  };
  if (opts.hub) await startUplink();
  if (opts.seed !== false) await box.seed();
  return box;
}

/** The hub-side names the uplink must agree on with central's rendered config (central-config.ts). */
export function uplinkEnv(storeId: string): Record<string, string> {
  return {
    UPLINK_SUBJECT_PREFIX: uplinkPrefix, UPLINK_HUB_API: hubApiPrefix,
    UPLINK_CATALOG_SOURCE: catalogToStore(storeId), UPLINK_CATALOG_DELIVER: catalogDeliverPrefix(storeId),
  };
}

/**
 * How a store service's Node process may use memory: the box is small (a Raspberry Pi may have 2 GB for
 * Postgres, NATS, Redis and five services). A young generation of 2 MB semi-spaces and an old generation capped
 * at 128 MB make V8 collect sooner instead of growing (the order service went from ~153 to ~101 MiB resident
 * after the intake bench at 96 MB), and two malloc arenas stop glibc keeping a heap per thread.
 */
export const storeNodeMemory = { NODE_OPTIONS: '--max-semi-space-size=2 --max-old-space-size=128', MALLOC_ARENA_MAX: '2' } as const;

/**
 * The environment of one store service: the single list of what each service is configured with. The native
 * stack passes it to the processes it starts, and a test holds docker-compose.yml to the same variable names.
 */
export function storeServiceEnv(name: StoreService, c: {
  storeId: string; port: number; databaseUrl: string; natsUrl: string; redisUrl: string; catalogUrl: string; extra?: Record<string, string>;
  /** The sync service's sources: the order service and the store nats-server's monitor. */
  orderUrl?: string; natsMonitorUrl?: string; heartbeatMs?: number;
  /** The uplink, whose /health has the forwarding errors (none on a box without a hub). */
  uplinkUrl?: string;
}): Record<string, string> {
  return {
    SERVICE_NAME: name,
    STORE_ID: c.storeId,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(c.port),
    DATABASE_URL: c.databaseUrl,
    NATS_URL: c.natsUrl,
    REDIS_URL: c.redisUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...storeNodeMemory,
    ...(name === 'order' ? { CATALOG_URL: c.catalogUrl, PAYMENT_TERMINAL: 'simulated' } : {}),
    ...(name === 'catalog' ? { STAFF_PIN: '1234' } : {}),
    ...(name === 'kitchen' ? { STAFF_PIN: '1234', MANAGER_PIN: '4321' } : {}),
    ...(name === 'sync' ? { ORDER_URL: c.orderUrl ?? '', NATS_MONITOR_URL: c.natsMonitorUrl ?? '', UPLINK_URL: c.uplinkUrl ?? '', HEARTBEAT_MS: String(c.heartbeatMs ?? 0) } : {}),
    ...c.extra,
  };
}

async function randomPorts(): Promise<StoreBoxPorts> {
  const p = async () => freePort();
  return { gateway: await p(), postgres: await p(), redis: await p(), nats: await p(), natsMonitor: await p(), catalog: await p(), order: await p(), kitchen: await p(), sync: await p() };
}

let built = false;
/** vite build of the kiosk and kitchen apps, once per process (skipped when dist is newer than the sources). */
export function buildWebApps(): void {
  if (built) return;
  for (const app of ['kiosk', 'kitchen']) {
    if (!existsSync(join(repoRoot, 'web', app, 'package.json'))) continue;
    execFileSync('npm', ['run', 'build', '-w', `web/${app}`], { cwd: repoRoot, stdio: 'pipe' });
  }
  built = true;
}
