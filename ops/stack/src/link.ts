import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opsDir } from './paths.js';
import { waitFor } from './process.js';
import type { CentralHub, LeafLink } from './central.js';
import type { StoreBox } from './store-box.js';

/**
 * The store's side of the leaf link: its nats-server config is ops/nats/store.conf plus a leafnodes remote to
 * central, rendered into `<box>/nats-conf/store.conf`. Cutting the link for real is `disabled: true` on that
 * remote and a config reload (SIGHUP, nats-server 2.12+): the leaf connection closes, nothing else stops,
 * and `disabled: false` + reload brings it back in about 0.02 s (docs/decisions/0005-sourcing-across-accounts.md).
 */

export const leafConfDir = (baseDir: string) => join(baseDir, 'nats-conf');
const confFile = (baseDir: string) => join(leafConfDir(baseDir), 'store.conf');
const pidFile = (baseDir: string) => join(leafConfDir(baseDir), 'nats.pid');
const stateFile = (baseDir: string) => join(leafConfDir(baseDir), 'link.json');

export interface LeafRemoteOptions {
  /** Start with the link cut (a store that comes up offline; linkUp restores it). */
  linkDown?: boolean;
  /** Pause before redialling central. Short, so a store is back within a second of its link; with hundreds of
   * stores retrying a hub that is down, raise it (the server adds up to the same again at random). */
  reconnect?: string;
}

/**
 * Writes the store's nats-server config (ops/nats/store.conf) with, when given, its users (rendered
 * ops/nats/store-users.conf.template) and a remote to central; returns its path.
 */
export function renderStoreNatsConfig(baseDir: string, opts: { link?: LeafLink; monitorPort: number; users?: string } & LeafRemoteOptions): string {
  const dir = leafConfDir(baseDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = readFileSync(join(opsDir, 'nats/store.conf'), 'utf8') + (opts.users ? `\n${opts.users}` : '');
  const file = confFile(baseDir);
  if (!opts.link) {
    writeFileSync(file, base, { mode: 0o600 });
    return file;
  }
  const link = opts.link;
  const urls = link.urls.map((u) => {
    const url = new URL(u);
    url.username = encodeURIComponent(link.user);
    url.password = encodeURIComponent(link.password);
    return JSON.stringify(url.toString().replace(/\/$/, ''));
  });
  const leaf = `
# ---- leaf link to central, rendered by ops/stack/src/link.ts (credentials: keep this file private) ----
pid_file: ${JSON.stringify(pidFile(baseDir))}
# Notice a link that went silent (no FIN, e.g. a dead router) in ~5 s instead of the default ~4 min.
ping_interval: "2s"
ping_max: 2
leafnodes {
  reconnect: ${JSON.stringify(opts.reconnect ?? '100ms')}
  remotes: [
    {
      urls: [${urls.join(', ')}]
${tlsBlock(link.caFile)}
      # Dial only the hub addresses listed here, never addresses the hub gossips (docs/decisions/0005-sourcing-across-accounts.md).
      ignore_discovered_servers: true
      # link-down / link-up flip this and reload the server.
      disabled: ${opts.linkDown ? 'true' : 'false'}
    }
  ]
}
`;
  writeFileSync(file, base + leaf, { mode: 0o600 });
  writeFileSync(stateFile(baseDir), JSON.stringify({ monitorUrl: `http://127.0.0.1:${opts.monitorPort}` }));
  return file;
}

/** Trust only central's own CA: the link crosses the internet. (An empty caFile renders none: only the
 * security tests do that, to prove the hub refuses a leaf without TLS.) */
// The handshake's timeout as long as the hub's: when a fleet reconnects at once, the hub answers slowly.
const tlsBlock = (caFile: string) => (caFile ? `      tls { ca_file: ${JSON.stringify(caFile)}, timeout: 5 }` : '      # no TLS');

/** Whether the store's nats-server has a leaf connection to central right now (its /leafz). */
export async function leafConnected(monitorUrl: string): Promise<boolean> {
  const res = await fetch(`${monitorUrl}/leafz`, { signal: AbortSignal.timeout(1_000) });
  const body = (await res.json()) as { leafnodes?: number };
  return (body.leafnodes ?? 0) > 0;
}

/** Cuts the store's leaf link and waits until its server reports no leaf connection. */
export function linkDown(box: { baseDir: string }): Promise<void> {
  return setLink(box.baseDir, false);
}

/** Restores the store's leaf link and waits until its server reports the leaf connection up. */
export function linkUp(box: { baseDir: string }): Promise<void> {
  return setLink(box.baseDir, true);
}

async function setLink(baseDir: string, up: boolean): Promise<void> {
  const file = confFile(baseDir);
  if (!existsSync(file)) throw new Error(`${baseDir} has no leaf link config (${file}): was the store started with a hub?`);
  const text = readFileSync(file, 'utf8');
  if (!/^\s*disabled: (true|false)$/m.test(text)) throw new Error(`${file}: no "disabled:" line on the leaf remote`);
  writeFileSync(file, text.replace(/^(\s*)disabled: (true|false)$/m, `$1disabled: ${up ? 'false' : 'true'}`));
  const pid = Number(readFileSync(pidFile(baseDir), 'utf8').trim());
  process.kill(pid, 'SIGHUP');
  const { monitorUrl } = JSON.parse(readFileSync(stateFile(baseDir), 'utf8')) as { monitorUrl: string };
  await waitFor(`leaf link ${up ? 'up' : 'down'}`, async () => (await leafConnected(monitorUrl)) === up, 30_000);
}

interface JszStream {
  name: string;
  state: { messages: number; last_seq: number };
  sources?: { name: string; lag: number; active: number }[];
  consumer_detail?: { name: string; num_pending: number; num_ack_pending: number; delivered: { stream_seq: number } }[];
}

/**
 * One line on where a change from central stands on its way down, for a failure message: the hub's and the
 * store's catalog streams (messages, last sequence, each source's lag and silence, each consumer's backlog),
 * read from the nats-servers' monitors. A stream's sources are reported by its leader only, so every hub node
 * is asked and the leader's view kept.
 */
export async function catalogPathState(hub: Pick<CentralHub, 'nodes'>, box: Pick<StoreBox, 'ports'>): Promise<string> {
  const hubMonitorUrls = hub.nodes.map((n) => n.monitorUrl);
  const storeMonitorUrl = `http://127.0.0.1:${box.ports.natsMonitor}`;
  const streamsAt = async (url: string): Promise<JszStream[]> => {
    const res = await fetch(`${url}/jsz?accounts=true&streams=true&consumers=true`, { signal: AbortSignal.timeout(3_000) });
    const jsz = (await res.json()) as { account_details?: { stream_detail?: JszStream[] }[] };
    return (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []).filter((s) => s.name.startsWith('CATALOG'));
  };
  const describe = (s: JszStream) => `${s.name} msgs=${s.state.messages} last=${s.state.last_seq}`
    + (s.sources ?? []).map((src) => ` src ${src.name} lag=${src.lag} active=${Math.round(src.active / 1e6)}ms`).join('')
    + (s.consumer_detail ?? []).map((c) => ` cons ${c.name} pending=${c.num_pending} ackPending=${c.num_ack_pending} delivered=${c.delivered.stream_seq}`).join('');
  const richer = (a: JszStream, b: JszStream) => ((b.sources?.length ?? 0) + (b.consumer_detail?.length ?? 0) > (a.sources?.length ?? 0) + (a.consumer_detail?.length ?? 0) ? b : a);
  const leaders = new Map<string, JszStream>();
  const problems: string[] = [];
  for (const url of hubMonitorUrls) {
    try {
      for (const s of await streamsAt(url)) leaders.set(s.name, leaders.has(s.name) ? richer(leaders.get(s.name)!, s) : s);
    } catch (err) {
      problems.push(`${url}: ${(err as Error).message}`);
    }
  }
  const store = await streamsAt(storeMonitorUrl).then((list) => list.map(describe).join('; '), (err: Error) => `${storeMonitorUrl}: ${err.message}`);
  return `hub [${[...[...leaders.values()].map(describe), ...problems].join('; ')}] store [${store}]`;
}

/**
 * How long a test waits for a change published at central (a price, a store's settings) to be served by a store.
 * Usually well under a second; but when nats-server loses the request that sets up a source's consumer (a leader
 * change on a loaded hub, a link that drops at that moment), it waits 30 s and then backs off 10 s x n before
 * asking again, and full CI runs on two busy cores have seen the first change take over a minute. The bound
 * allows for two such retries; a timeout still fails, with where the change stood (catalogPathState).
 */
export const centralChangeAtStoreMs = 150_000;
