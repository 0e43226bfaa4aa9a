import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { natsServerBin, opsDir } from './paths.js';
import { ManagedProcess, freePort, httpOk, waitFor } from './process.js';
import {
  ensureHubTls, hubStoresFrom, loadOrCreateCredentials, moveLegacyCredentials, natsUrlWith, renderHubStores, type CentralNatsUser, type Credential, type HubTls,
} from './central-config.js';
import { ensureHubStreams, hubFileStoreBytes } from './hub-streams.js';
import type { HubAccountsTarget } from './hub-accounts.js';
import type { HubStore } from './central-config.js';

export interface CentralHubPorts {
  /** Client ports of the three nodes (central services connect here). */
  client: number[];
  monitor: number[];
  cluster: number[];
  /** Leafnode (TLS) listeners: a store's remote lists all three. */
  leaf: number[];
}

/** Demo ports of the hub, clear of the store boxes' ranges (demoPorts in store-box.ts). */
export function demoHubPorts(): CentralHubPorts {
  return { client: [14201, 14202, 14203], monitor: [18201, 18202, 18203], cluster: [16201, 16202, 16203], leaf: [17401, 17402, 17403] };
}

export interface HubNode {
  name: string;
  proc: ManagedProcess;
  url: string;
  monitorUrl: string;
  /** Starts it again on the same ports and data after a stop or a kill. */
  restart(): Promise<void>;
}

/** What a store box needs to attach to the hub as a leaf node (StoreBoxOptions.hub). */
export interface LeafLink {
  /** `tls://host:port` of every hub node's leafnode listener. */
  urls: string[];
  user: string;
  password: string;
  /** The CA that signed the hub's certificate: the store trusts that CA only. */
  caFile: string;
}

export interface CentralHub {
  baseDir: string;
  stores: string[];
  nodes: HubNode[];
  /** Client URLs of the three nodes, comma-separated as a NATS_URL. */
  natsUrl: string;
  /** Central's operator in HUB (declares streams; the stack and tests connect with it). */
  hubUser: Credential;
  /** The NATS_URL of one central service: the hub's client URLs with that service's own user. */
  serviceNatsUrl(service: CentralNatsUser): string;
  tls: HubTls;
  leafFor(storeId: string): LeafLink;
  /** The link of a store whose credentials came from elsewhere (a store added through central's API). */
  leafWith(c: Credential): LeafLink;
  /** What the hub's store accounts are rewritten and reloaded with (hub-accounts.ts). */
  accounts: HubAccountsTarget;
  /** The stores the hub started with, as rendered (bcrypt hashes), sorted by id. */
  rendered: HubStore[];
  /** A connection to the hub in the HUB account. */
  connect(opts?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  stop(): Promise<void>;
}

export interface CentralHubOptions {
  stores: string[];
  /** Where config, certificates, JetStream data and logs live; a temp dir by default (removed on stop). */
  baseDir?: string;
  ports?: Partial<CentralHubPorts>;
}

/**
 * Starts central's NATS: a 3-node JetStream cluster (domain `hub`) with a TLS leafnode listener and one
 * account per store, all from ops/nats/hub.conf plus the store list, then declares central's streams for
 * every store. Like startStoreBox, it is what the demo, the tests and the benchmarks run.
 */
export async function startCentralHub(opts: CentralHubOptions): Promise<CentralHub> {
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'central-hub-'));
  const confDir = join(baseDir, 'conf');
  const logs = join(baseDir, 'logs');
  for (const d of [confDir, logs]) mkdirSync(d, { recursive: true });
  chmodSync(confDir, 0o700);
  const ports = { ...(await randomHubPorts()), ...opts.ports };
  const tls = ensureHubTls(join(baseDir, 'tls'));
  // The plain passwords live apart from what the hub's nodes read (bcrypt hashes only there).
  const secretsDir = join(baseDir, 'secrets');
  moveLegacyCredentials(confDir, secretsDir);
  const creds = loadOrCreateCredentials(secretsDir, opts.stores);
  copyFileSync(join(opsDir, 'nats/hub.conf'), join(confDir, 'hub.conf'));
  const rendered = hubStoresFrom([...opts.stores].sort(), creds);
  renderHubStores(confDir, rendered, creds);

  const routes = ports.cluster.map((p) => `nats-route://127.0.0.1:${p}`);
  const fileStore = String(hubFileStoreBytes(opts.stores.length));
  const nodes = ports.client.map((_, i) => hubNode(i, { baseDir, confDir, logs, ports, routes, tls, fileStore }));
  await Promise.all(nodes.map((n) => n.restart()));

  const natsUrl = ports.client.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const hubConnect = (extra: Partial<ConnectionOptions> = {}) =>
    connect({ servers: natsUrl.split(','), user: creds.hub.user, pass: creds.hub.password, ...extra });
  await declareStreams(hubConnect, opts.stores);

  const leafWith = (c: Credential): LeafLink => ({ urls: ports.leaf.map((p) => `tls://127.0.0.1:${p}`), user: c.user, password: c.password, caFile: tls.caFile });

  return {
    baseDir, stores: opts.stores, nodes, natsUrl, hubUser: creds.hub, tls,
    serviceNatsUrl: (service) => natsUrlWith(natsUrl, creds.services[service]),
    leafFor(storeId) {
      const c = creds.stores[storeId];
      if (!c) throw new Error(`store ${storeId} is not configured on this hub (stores: ${opts.stores.join(', ')})`);
      return leafWith(c);
    },
    leafWith,
    accounts: { confDir, creds, natsUrl, nodes: nodes.length },
    rendered,
    connect: hubConnect,
    async stop() {
      await Promise.all(nodes.map((n) => n.proc.stop()));
      if (!opts.baseDir) rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

function hubNode(i: number, c: { baseDir: string; confDir: string; logs: string; ports: CentralHubPorts; routes: string[]; tls: HubTls; fileStore: string }): HubNode {
  const name = `hub-${i + 1}`;
  const monitorUrl = `http://127.0.0.1:${c.ports.monitor[i]}`;
  const env = {
    PATH: process.env.PATH ?? '',
    NATS_SERVER_NAME: name,
    NATS_LISTEN: `127.0.0.1:${c.ports.client[i]}`,
    NATS_MONITOR_LISTEN: `127.0.0.1:${c.ports.monitor[i]}`,
    NATS_STORE_DIR: join(c.baseDir, name, 'jetstream'),
    NATS_MAX_FILE_STORE: c.fileStore,
    NATS_CLUSTER_LISTEN: `127.0.0.1:${c.ports.cluster[i]}`,
    NATS_ROUTE_1: c.routes[0]!, NATS_ROUTE_2: c.routes[1]!, NATS_ROUTE_3: c.routes[2]!,
    NATS_LEAF_LISTEN: `127.0.0.1:${c.ports.leaf[i]}`,
    HUB_TLS_CERT: c.tls.certFile,
    HUB_TLS_KEY: c.tls.keyFile,
  };
  mkdirSync(env.NATS_STORE_DIR, { recursive: true });
  const make = () => new ManagedProcess(name, natsServerBin(), ['-c', join(c.confDir, 'hub.conf')], { logFile: join(c.logs, `${name}.log`), env });
  const node: HubNode = {
    name, url: `nats://127.0.0.1:${c.ports.client[i]}`, monitorUrl, proc: make(),
    async restart() {
      node.proc = make().start();
      await waitFor(name, () => httpOk(`${monitorUrl}/healthz?js-enabled-only=true`), 30_000, node.proc);
    },
  };
  return node;
}

/** The JetStream meta group needs a quorum before streams can be declared; retry until it has one. */
async function declareStreams(hubConnect: () => Promise<NatsConnection>, stores: string[]): Promise<void> {
  const nc = await hubConnect();
  try {
    // Five R3 streams per store: a hundred stores' take most of a minute on two busy cores; and three nodes
    // starting together on a machine busy with other work took more than a minute to elect a meta leader
    // ("JetStream system temporarily unavailable" throughout) once in a CI-like run.
    await waitFor('hub JetStream cluster', async () => {
      await ensureHubStreams(nc, stores);
      return true;
    }, 120_000 + 2_000 * stores.length);
  } finally {
    await nc.close();
  }
}

async function randomHubPorts(): Promise<CentralHubPorts> {
  const three = async () => [await freePort(), await freePort(), await freePort()];
  return { client: await three(), monitor: await three(), cluster: await three(), leaf: await three() };
}

// The whole of central (hub + Postgres + services + gateway) is started by central-services.ts.
export * from './central-services.js';
