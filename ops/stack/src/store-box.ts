import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { consumers, streams } from '@kiosk/contracts';
import { ManagedProcess, freePort, httpOk, waitFor, type MetricsTarget } from './process.js';
import { repoRoot, opsDir } from './paths.js';
import { bundleService } from './bundle.js';
import { redisUrlOf, startNats, startNginx, startPostgres, startRedis, type NatsServer, type NginxServer, type PostgresServer, type RedisServer } from './servers.js';
import type { LeafLink } from './central.js';
import { leafConfDir, renderStoreNatsConfig, type LeafRemoteOptions } from './link.js';
import { catalogDeliverPrefix, catalogToStore, hubApiPrefix, uplinkPrefix } from './central-config.js';
import { connectNatsUrl, natsUrlAs, renderStoreNatsUsers, storeNatsUsers } from './store-nats.js';
import { loadOrCreateDbPasswords, loadOrCreateSecrets, provisionStoreRoles, serviceDatabaseUrl } from './store-db.js';

// The store's services. They all start at once; each waits for what it needs (the order service's PIN checks
// use the staff schema the kitchen migrates, sync reads the order service's /health) at run time, not at start.
export const storeServices = ['catalog', 'kitchen', 'order', 'sync'] as const;
export type StoreService = (typeof storeServices)[number];

export interface StoreBoxOptions {
  storeId?: string;
  /** Where data and logs live; a fresh temp dir by default (removed on stop unless `keepData`). */
  baseDir?: string;
  keepData?: boolean;
  /**
   * Where Postgres and nats-server keep their data (default `baseDir`): a powercut-fs mount in the power-cut
   * tests, so what they did not fsync is lost at the cut.
   */
  dataDir?: string;
  /**
   * Turns a durability rule off, ONLY for the tests that prove the power-cut test catches its absence:
   * `postgres` settings passed as `-c name=value` (e.g. synchronous_commit=off), `natsDefaultSync` drops
   * `sync_interval: always` from the store's nats-server config.
   */
  weakenDurability?: { postgres?: Record<string, string>; natsDefaultSync?: boolean };
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
  /** Host names and IP addresses the gateway's certificate names besides localhost (GATEWAY_TLS_NAMES). */
  tlsNames?: string[];
  /**
   * Run the store's services (and the uplink) in one Node process (services/box, monolithic mode) instead of one
   * process each. Every service keeps its port, role and user; `services.<name>` and `uplink` are then all that
   * one process, and stopping or killing one stops them all.
   */
  oneProcess?: boolean;
}

export interface StoreBoxPorts {
  /** The gateway's plain HTTP (answered on localhost; other hosts are sent to HTTPS). */
  gateway: number;
  /** The gateway's HTTPS, with the box's own CA. */
  gatewayTls: number;
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
    gateway: 8000 + n, gatewayTls: 8440 + n, postgres: 15430 + n, redis: 16370 + n, nats: 14220 + n, natsMonitor: 18220 + n,
    catalog: 18000 + n * 10 + 1, order: 18000 + n * 10 + 2, kitchen: 18000 + n * 10 + 3, uplink: 18000 + n * 10 + 4, sync: 18000 + n * 10 + 5,
  };
}

export interface StoreBox {
  storeId: string;
  baseDir: string;
  ports: StoreBoxPorts;
  gatewayUrl: string;
  /** `https://localhost:<gatewayTls>`: the gateway over TLS (its certificate also names `tlsNames`). */
  gatewayHttpsUrl: string;
  /** The box's TLS files: its own CA (what a tablet enrolls) and the gateway's certificate. */
  tls: GatewayTls;
  serviceUrl(name: StoreService): string;
  /** The superuser's URL: for tests and tools that look into every schema. Services get their own role's. */
  databaseUrl: string;
  /** nats-server as its `ops` user (with credentials: connect with connectNatsUrl). Services get their own. */
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
  /**
   * How long this start took, in ms from the startStoreBox call: each server listening, each service (and the
   * uplink) healthy, the gateway answering. Where a box's seconds go after a power cut (make bench-boot).
   */
  startTimings: Record<string, number>;
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
export interface GatewayTls { caFile: string; certFile: string; keyFile: string }

/**
 * Makes the box's local CA on first use and issues the gateway's certificate for localhost plus `names`,
 * with the same script the gateway image runs at start (ops/nginx/local-ca.sh); both are kept in `dir`.
 */
export function ensureGatewayTls(dir: string, storeId: string, names: string[] = []): GatewayTls {
  execFileSync('sh', [join(opsDir, 'nginx/local-ca.sh')], {
    stdio: 'pipe', env: { PATH: process.env.PATH ?? '', GATEWAY_TLS_DIR: dir, GATEWAY_TLS_NAMES: names.join(','), STORE_ID: storeId },
  });
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'gateway.pem'), keyFile: join(dir, 'gateway.key') };
}

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
  const t0 = Date.now();
  const startTimings: Record<string, number> = {};
  const mark = (what: string) => { startTimings[what] = Date.now() - t0; };
  const storeId = opts.storeId ?? 's1';
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), `store-${storeId}-`));
  mkdirSync(baseDir, { recursive: true });
  chmodSync(baseDir, 0o755); // the postgres user must reach its data dir below it
  const logs = join(baseDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const ports = { ...(await randomPorts()), ...opts.ports };
  if (opts.hub && !opts.ports?.uplink) ports.uplink = await freePort();
  if (opts.build) buildWebApps();
  // A box runs the bundles it has; it never builds at boot (bundleService only checks they are fresh).
  const bundleNames = opts.oneProcess ? ['box'] : [...storeServices, ...(opts.hub ? ['uplink'] : [])];
  const bundles = Object.fromEntries(await Promise.all(bundleNames.map(async (n) => [n, await bundleService(n)] as const)));

  // The box's own secrets (database roles' and Redis's passwords), made at first start, private to the box.
  const secretsDir = join(baseDir, 'secrets');
  const redisPassword = loadOrCreateSecrets(secretsDir, 'redis.json', ['store']).store!;
  const natsPasswords = loadOrCreateSecrets(secretsDir, 'nats-users.json', storeNatsUsers);
  const natsUsers = renderStoreNatsUsers(storeId, natsPasswords);
  const dbPasswords = loadOrCreateDbPasswords(secretsDir);
  const tls = ensureGatewayTls(join(baseDir, 'tls'), storeId, opts.tlsNames);
  // Where each server will listen is known before any of them runs, so every process of the box starts at once,
  // as compose or systemd start them: a service whose Postgres or NATS is not up yet retries until it is.
  const postgresAt = { url: (db: string) => `postgres://postgres@127.0.0.1:${ports.postgres}/${db}` };
  const natsUrl = `nats://127.0.0.1:${ports.nats}`;
  const redisUrl = redisUrlOf(ports.redis, redisPassword);
  const opsNatsUrl = natsUrlAs(natsUrl, 'ops', natsPasswords.ops!);
  const serviceUrl = (name: StoreService) => `http://127.0.0.1:${ports[name]}`;
  // Postgres and nats-server data may live on another filesystem (the power-cut tests' fault-injecting mount).
  const dataDir = opts.dataDir ?? baseDir;
  const serviceEnv = (name: StoreService) => storeServiceEnv(name, {
    storeId, port: ports[name], databaseUrl: serviceDatabaseUrl(postgresAt, 'store', name, dbPasswords), natsUrl: natsUrlAs(natsUrl, name, natsPasswords[name]!), redisUrl, catalogUrl: serviceUrl('catalog'), extra: opts.env,
    orderUrl: serviceUrl('order'), kitchenUrl: serviceUrl('kitchen'), natsMonitorUrl: `http://127.0.0.1:${ports.natsMonitor}`, heartbeatMs: opts.heartbeatMs,
    uplinkUrl: ports.uplink ? `http://127.0.0.1:${ports.uplink}` : undefined,
    diskPaths: [join(dataDir, 'postgres'), join(dataDir, 'nats')],
  });

  const timed = <T extends { proc: ManagedProcess }>(what: string, server: Promise<T>) => server.then((s) => { started.push(s.proc); mark(`${what} listening`); return s; });
  const postgresUp = timed('postgres', startPostgres({ dataDir: join(dataDir, 'postgres'), port: ports.postgres, logFile: join(logs, 'postgres.log'), settings: opts.weakenDurability?.postgres }));
  const redisUp = timed('redis', startRedis({
    dataDir: join(baseDir, 'redis'), port: ports.redis, logFile: join(logs, 'redis.log'), password: redisPassword, aclFile: join(secretsDir, 'redis-users.acl'),
  }));
  const natsUp = timed('nats', startNats({
    configFile: storeNatsConfig(baseDir, opts, ports.natsMonitor, natsUsers), port: ports.nats, monitorPort: ports.natsMonitor,
    storeDir: join(dataDir, 'nats'), serverName: `store-${storeId}`, logFile: join(logs, 'nats.log'),
    env: { STORE_ID: storeId }, credentials: { user: 'ops', password: natsPasswords.ops! },
  }));
  // The store database and each service's role (ops/postgres/store-roles.sql): at every start, as the compose
  // db-roles job. On a box's very first start the services wait for it; after that the roles are there.
  const provisionedMark = join(secretsDir, 'store-db-provisioned');
  const provisioned = postgresUp.then(async (postgres) => {
    await postgres.createDatabase('store');
    provisionStoreRoles(postgres, 'store', dbPasswords);
    writeFileSync(provisionedMark, `${new Date().toISOString()}\n`);
    mark('database provisioned');
  });
  if (!existsSync(provisionedMark)) await Promise.allSettled([provisioned]);

  const services = {} as Record<StoreService, ManagedProcess>;
  const launch = async (name: StoreService) => {
    const proc = new ManagedProcess(name, process.execPath, [bundles[name]!], {
      cwd: repoRoot, logFile: join(logs, `${name}.log`), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...serviceEnv(name) },
    }).start();
    services[name] = proc;
    started.push(proc);
    await waitFor(`${name} service`, () => httpOk(`${serviceUrl(name)}/health`), 60_000, proc);
    mark(`${name} healthy`);
  };
  const startService = async (name: StoreService) => {
    if (opts.oneProcess) {
      await launchBox();
      return;
    }
    bundles[name] = await bundleService(name);
    await launch(name);
  };
  let uplink: ManagedProcess | null = null;
  const uplinkServiceEnv = () => ({
    SERVICE_NAME: 'uplink', STORE_ID: storeId, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(ports.uplink ?? 0), DATABASE_URL: serviceDatabaseUrl(postgresAt, 'store', 'uplink', dbPasswords),
    NATS_URL: natsUrlAs(natsUrl, 'uplink', natsPasswords.uplink!), NATS_MONITOR_URL: `http://127.0.0.1:${ports.natsMonitor}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...storeNodeMemory,
    ...uplinkEnv(storeId), ...opts.env,
  });
  const startUplink = async () => {
    uplink = new ManagedProcess('uplink', process.execPath, [await bundleService('uplink')], {
      cwd: repoRoot, logFile: join(logs, 'uplink.log'), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...uplinkServiceEnv() },
    }).start();
    started.push(uplink);
    await waitFor('uplink service', () => httpOk(`http://127.0.0.1:${ports.uplink ?? 0}/health`), 60_000, uplink);
    mark('uplink healthy');
  };
  /** Monolithic mode: every service in one process, each with its own variables (`<SERVICE>__<NAME>`). */
  const launchBox = async () => {
    const names = [...storeServices, ...(opts.hub ? ['uplink' as const] : [])];
    const own = (name: string, env: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [`${name.toUpperCase()}__${k}`, v]));
    const env = Object.assign({}, ...storeServices.map((n) => own(n, serviceEnv(n))), opts.hub ? own('uplink', uplinkServiceEnv()) : {}) as Record<string, string>;
    const proc = new ManagedProcess('box', process.execPath, [await bundleService('box')], {
      cwd: repoRoot, logFile: join(logs, 'box.log'),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...oneProcessNodeMemory, BOX_SERVICES: names.join(','), ...env },
    }).start();
    for (const n of storeServices) services[n] = proc;
    if (opts.hub) uplink = proc;
    started.push(proc);
    await Promise.all(names.map(async (n) => {
      await waitFor(`${n} in the box process`, () => httpOk(`http://127.0.0.1:${n === 'uplink' ? ports.uplink : ports[n]}/health`), 60_000, proc);
      mark(`${n} healthy`);
    }));
  };

  const nginxUp = timed('gateway', startNginx({
    template: join(opsDir, 'nginx/store.conf.template'), runDir: join(baseDir, 'nginx'), port: ports.gateway,
    logFile: join(logs, 'nginx.log'),
    vars: {
      ORDER_UPSTREAM: `127.0.0.1:${ports.order}`, SYNC_UPSTREAM: `127.0.0.1:${ports.sync}`, KITCHEN_UPSTREAM: `127.0.0.1:${ports.kitchen}`, CATALOG_UPSTREAM: `127.0.0.1:${ports.catalog}`,
      GATEWAY_TLS_LISTEN: `127.0.0.1:${ports.gatewayTls}`, GATEWAY_HTTPS_PUBLIC_PORT: String(ports.gatewayTls),
      TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile, TLS_CA_FILE: tls.caFile, CA_PAGE_ROOT: join(opsDir, 'nginx/ca'),
      MEDIA_ROOT: join(repoRoot, 'services/catalog/media'), KIOSK_ROOT: join(repoRoot, 'web/kiosk/dist'), KDS_ROOT: join(repoRoot, 'web/kitchen/dist'),
    },
  }));
  // Every process is running now; wait for all of them (allSettled: none is left unowned if one fails).
  const outcomes = await Promise.allSettled([
    postgresUp, redisUp, natsUp, provisioned, nginxUp,
    ...(opts.oneProcess ? [launchBox()] : [...storeServices.map(launch), ...(opts.hub ? [startUplink()] : [])]),
  ]);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  const [postgres, redis, nats, nginx] = await Promise.all([postgresUp, redisUp, natsUp, nginxUp]);
  const databaseUrl = postgres.url('store');

  const box: StoreBox = {
    storeId, baseDir, ports, gatewayUrl: nginx.url, gatewayHttpsUrl: `https://localhost:${ports.gatewayTls}`, tls, serviceUrl, databaseUrl, natsUrl: opsNatsUrl, redisUrl: redis.url,
    postgres, redis, nats, nginx, services, serviceEnv, startService, startUplink, startTimings,
    // The uplink process of now (startUplink replaces it).
    get uplink() { return uplink; },
    set uplink(proc) { uplink = proc; },
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
      const nc = await connectNatsUrl(opsNatsUrl);
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
  if (opts.seed !== false) await box.seed();
  return box;
}

/** The store's nats-server config: ops/nats/store.conf, with the leaf link when attached to a hub. */
function storeNatsConfig(baseDir: string, opts: StoreBoxOptions, monitorPort: number, users: string): string {
  const file = renderStoreNatsConfig(baseDir, { link: opts.hub, monitorPort, reconnect: opts.hub?.reconnect, users });
  if (!opts.weakenDurability?.natsDefaultSync) return file;
  const always = /^\s*sync_interval:\s*always\s*$/m;
  const conf = readFileSync(file, 'utf8');
  if (!always.test(conf)) throw new Error(`${file} has no 'sync_interval: always' to weaken`);
  mkdirSync(leafConfDir(baseDir), { recursive: true, mode: 0o700 });
  const weakened = join(leafConfDir(baseDir), 'store-default-sync.conf');
  writeFileSync(weakened, conf.replace(always, '  # sync_interval left at the default: a durability mutation under test'), { mode: 0o600 });
  return weakened;
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
/** The same budget for the one process that runs them all (monolithic mode): one heap for five services. */
export const oneProcessNodeMemory = { NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=320', MALLOC_ARENA_MAX: '2' } as const;

/**
 * The environment of one store service: the single list of what each service is configured with. The native
 * stack passes it to the processes it starts, and a test holds docker-compose.yml to the same variable names.
 */
export function storeServiceEnv(name: StoreService, c: {
  storeId: string; port: number; databaseUrl: string; natsUrl: string; redisUrl: string; catalogUrl: string; extra?: Record<string, string>;
  /** The sync service's sources: the order service and the store nats-server's monitor. */
  orderUrl?: string; kitchenUrl?: string; natsMonitorUrl?: string; heartbeatMs?: number;
  /** The uplink, whose /health has the forwarding errors (none on a box without a hub). */
  uplinkUrl?: string;
  /** Where Postgres and nats-server keep their data: the order service's disk guard watches them. */
  diskPaths?: string[];
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
    // A demo/test box: the demo PINs are allowed (production mode refuses them), and nginx on this host is the
    // gateway whose X-Forwarded-For the services trust.
    DEMO_MODE: '1',
    TRUST_PROXY: 'loopback',
    ...storeNodeMemory,
    // The simulator's control (PUT /internal/payment-simulator) is for tests and demos; the gateway never routes it.
    // COOK_ON is one store setting read by both the kitchen (it holds unpaid tickets) and the counter (it shows the mode).
    ...(name === 'order' ? { CATALOG_URL: c.catalogUrl, PAYMENT_TERMINAL: 'simulated', PAYMENT_SIM_CONTROL: '1', STAFF_PIN: '1234', MANAGER_PIN: '4321', COOK_ON: 'order', DISK_PATHS: (c.diskPaths ?? []).join(',') } : {}),
    // The kitchen asks the order service which old tickets' orders central has (its retention).
    ...(name === 'kitchen' ? { STAFF_PIN: '1234', MANAGER_PIN: '4321', COOK_ON: 'order', ORDER_URL: c.orderUrl ?? '' } : {}),
    // Sync merges the store's OpenAPI document from every service's part (GET /api/openapi.json).
    ...(name === 'sync' ? { ORDER_URL: c.orderUrl ?? '', CATALOG_URL: c.catalogUrl, KITCHEN_URL: c.kitchenUrl ?? '', NATS_MONITOR_URL: c.natsMonitorUrl ?? '', UPLINK_URL: c.uplinkUrl ?? '', HEARTBEAT_MS: String(c.heartbeatMs ?? 0) } : {}),
    ...c.extra,
  };
}

async function randomPorts(): Promise<StoreBoxPorts> {
  const p = async () => freePort();
  return { gateway: await p(), gatewayTls: await p(), postgres: await p(), redis: await p(), nats: await p(), natsMonitor: await p(), catalog: await p(), order: await p(), kitchen: await p(), sync: await p() };
}

let built = false;
/** vite build of the kiosk, kitchen and central admin apps, once per process (skipped when dist is newer than the sources). */
export function buildWebApps(): void {
  if (built) return;
  for (const app of ['kiosk', 'kitchen', 'admin']) {
    const dir = join(repoRoot, 'web', app);
    if (!existsSync(join(dir, 'package.json'))) continue;
    if (webDistFresh(dir)) continue;
    execFileSync('npm', ['run', 'build', '-w', `web/${app}`], { cwd: repoRoot, stdio: 'pipe' });
    writeFileSync(join(dir, 'dist', builtStamp), `${new Date().toISOString()}\n`);
  }
  built = true;
}

/** Written into dist once a build has finished: vite empties dist first, so a build cut short leaves none. */
const builtStamp = '.built-by-stack';

/**
 * Whether an app's dist was built, to the end, after the last change to anything it is built from: the app's own
 * files (its browser tests, their screenshots and its docs aside), the contracts package it imports
 * (@kiosk/contracts) and the lock file. About 25 s of every test run when nothing changed.
 */
function webDistFresh(appDir: string): boolean {
  const stamp = join(appDir, 'dist', builtStamp);
  if (!existsSync(stamp)) return false;
  const mtimes = (dir: string, skip: string[] = []): number[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (skip.includes(e.name)) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? mtimes(p) : [statSync(p).mtimeMs];
  });
  const builtAt = statSync(stamp).mtimeMs;
  const sources = [
    ...mtimes(appDir, ['dist', 'node_modules', 'e2e', 'test-artifacts', 'README.md']),
    ...mtimes(join(repoRoot, 'proto', 'src')),
    ...['proto/package.json', 'package-lock.json'].map((f) => statSync(join(repoRoot, f)).mtimeMs),
  ];
  return sources.every((m) => m < builtAt);
}
