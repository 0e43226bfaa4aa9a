import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { ManagedProcess, freePort, httpOk, waitFor } from './process.js';
import { bundleService } from './bundle.js';
import { startNats, type NatsServer } from './servers.js';
import type { LeafLink } from './central.js';
import { renderStoreNatsConfig } from './link.js';
import { natsUrlAs, renderStoreNatsUsers, storeNatsUsers } from './store-nats.js';
import { loadOrCreateSecrets } from './store-db.js';
import { storeNodeMemory, uplinkEnv } from './store-box.js';

/**
 * The part of a store box that talks to central, and nothing else: the store's own nats-server (its config,
 * users, JetStream domain and leaf link, as startStoreBox renders them) and the real uplink service. For the
 * fleet benchmark, where a hundred stores drain their backlogs into one central on two cores: a whole box per
 * store (Postgres, Redis, nginx, four more services) would measure the boxes, not central. The backlog is
 * published into the store's streams the way the order service's outbox relay publishes (fleet-orders.ts).
 */
export interface FleetStore {
  storeId: string;
  baseDir: string;
  nats: NatsServer;
  /** The uplink's process: its own, or the UplinkHost it shares with other stores. */
  uplink: ManagedProcess;
  /** The store's nats-server as its `ops` user (connect with connectNatsUrl). */
  natsUrl: string;
  uplinkUrl: string;
  stop(): Promise<void>;
}

export interface FleetStoreOptions {
  storeId: string;
  baseDir: string;
  hub: LeafLink;
  /** Come up with the leaf link cut (the backlog accumulates; linkUp(store) restores it). */
  linkDown?: boolean;
  /** Run the uplink in this shared process instead of a process of its own. */
  uplinkHost?: UplinkHost;
}

/**
 * A process that runs many fleet stores' uplinks (cli/uplink-host.ts): the real uplink service, once per store,
 * without a Node runtime per store.
 */
export class UplinkHost {
  private constructor(readonly proc: ManagedProcess, private readonly url: string) {}

  static async start(name: string, logDir: string): Promise<UplinkHost> {
    const port = await freePort();
    const proc = new ManagedProcess(name, process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/uplink-host.ts')], {
      cwd: repoRoot, logFile: join(logDir, `${name}.log`),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', UPLINK_HOST_PORT: String(port), NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=1024', MALLOC_ARENA_MAX: '2' },
    }).start();
    const url = `http://127.0.0.1:${port}`;
    await waitFor(name, async () => (await fetch(`${url}/uplinks`).catch(() => null))?.status === 404, 60_000, proc);
    return new UplinkHost(proc, url);
  }

  async add(env: Record<string, string>): Promise<void> {
    const res = await fetch(`${this.url}/uplinks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(env) });
    if (res.status !== 201) throw new Error(`${this.proc.name}: uplink not started: ${res.status} ${await res.text()}`);
  }

  async remove(storeId: string): Promise<void> {
    await fetch(`${this.url}/uplinks/${storeId}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** Starts one fleet store: nats-server, then its uplink (which declares the store's streams and its consumers). */
export async function startFleetStore(opts: FleetStoreOptions): Promise<FleetStore> {
  const { storeId, baseDir } = opts;
  const logs = join(baseDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const [port, monitorPort, uplinkPort] = [await freePort(), await freePort(), await freePort()];
  const passwords = loadOrCreateSecrets(join(baseDir, 'secrets'), 'nats-users.json', storeNatsUsers);
  const configFile = renderStoreNatsConfig(baseDir, { link: opts.hub, monitorPort, users: renderStoreNatsUsers(storeId, passwords), linkDown: opts.linkDown });
  const nats = await startNats({
    configFile, port, monitorPort, storeDir: join(baseDir, 'nats'), serverName: `store-${storeId}`, logFile: join(logs, 'nats.log'),
    // What the store's streams reserve (sales 2 GiB, kitchen 1 GiB, catalog, central, telemetry), not what they use.
    env: { STORE_ID: storeId, NATS_MAX_FILE_STORE: '4GB' }, credentials: { user: 'ops', password: passwords.ops! },
  });
  const uplinkUrl = `http://127.0.0.1:${uplinkPort}`;
  const env = {
    SERVICE_NAME: 'uplink', STORE_ID: storeId, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(uplinkPort),
    // The uplink reads and writes no table: its pool only serves /health's database line, and a fleet store has
    // no Postgres. Nothing listens on port 9, so /health says the database is down; readiness is read from /metrics.
    DATABASE_URL: 'postgres://uplink@127.0.0.1:9/store',
    NATS_URL: natsUrlAs(nats.url, 'uplink', passwords.uplink!), NATS_MONITOR_URL: `http://127.0.0.1:${monitorPort}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...uplinkEnv(storeId),
    // The watch over the streams that come down (catalog, receipts) polls the link and the sources every
    // second: with a hundred uplinks idling offline that alone kept the two cores busy, and the fleet drain
    // measures the way up only.
    UPLINK_SOURCE_WATCH_MS: '0',
  };
  const host = opts.uplinkHost;
  const uplink = host ? host.proc : new ManagedProcess(`uplink-${storeId}`, process.execPath, [await bundleService('uplink')], {
    cwd: repoRoot, logFile: join(logs, 'uplink.log'), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...storeNodeMemory, ...env },
  }).start();
  const stopUplink = () => (host ? host.remove(storeId) : uplink.stop());
  try {
    if (host) await host.add(env);
    await waitFor(`uplink of ${storeId}`, () => httpOk(`${uplinkUrl}/metrics`), 120_000, uplink);
  } catch (err) {
    await Promise.all([host ? host.remove(storeId) : uplink.kill(), nats.proc.kill()]);
    throw err;
  }
  return {
    storeId, baseDir, nats, uplink, uplinkUrl, natsUrl: natsUrlAs(nats.url, 'ops', passwords.ops!),
    async stop() {
      await stopUplink();
      await nats.proc.stop();
    },
  };
}
