import { createHash } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { renderHubStores, storeAccount, type HubCredentials, type HubStore } from './central-config.js';
import { ensureHubStreams } from './hub-streams.js';

/**
 * Adding or disabling a store on a running hub (docs/decisions/0010-stores-added-by-config-reload.md):
 * rewrite hub-accounts.conf, ask every node to reload it through the system account
 * (`$SYS.REQ.SERVER.<id>.RELOAD`: no signal, no shared process namespace, so it works across containers too),
 * declare the new store's streams, and close the open leaf links of disabled stores (`KICK`): their user is
 * gone, so they cannot sign in again.
 */
export interface HubAccountsTarget {
  confDir: string;
  creds: HubCredentials;
  /** The hub's client URLs (comma-separated). */
  natsUrl: string;
  /** How many nodes must answer (the hub's cluster size). */
  nodes: number;
}

interface SysReply { server: { id: string; name: string }; data?: { leafs?: { id: number; account: string }[] }; error?: { code: number; description: string } }

export async function applyHubStores(t: HubAccountsTarget, stores: HubStore[]): Promise<void> {
  renderHubStores(t.confDir, stores, t.creds);
  const servers = t.natsUrl.split(',');
  const sys = await connect({ servers, user: t.creds.system.user, pass: t.creds.system.password });
  try {
    const ids = await serverIds(sys, t.nodes);
    // Twice: after one reload a new store's account linked, but its uplink's publishes into HUB (a service import
    // of an export that the same reload added) timed out; a second reload of the same file wires them
    // (measured on nats-server 2.15.1; a reload costs about 0.1 s per node).
    for (let round = 0; round < 2; round++) {
      for (const id of ids) await sysRequest(sys, `$SYS.REQ.SERVER.${id}.RELOAD`, {});
    }
    const hub = await connect({ servers, user: t.creds.hub.user, pass: t.creds.hub.password });
    try {
      await ensureHubStreams(hub, stores.map((s) => s.id), 5_000);
    } finally {
      await hub.close();
    }
    for (const store of stores.filter((s) => !s.leaf)) await closeLeafLinks(sys, ids, storeAccount(store.id));
  } finally {
    await sys.close();
  }
}

/** Every node's server id, from `$SYS.REQ.SERVER.PING` (each node answers once). */
async function serverIds(sys: NatsConnection, expected: number, timeoutMs = 3_000): Promise<string[]> {
  const inbox = sys.subscribe(`_INBOX.hub-ping.${Date.now()}`);
  const ids = new Set<string>();
  const timer = setTimeout(() => inbox.unsubscribe(), timeoutMs);
  sys.publish('$SYS.REQ.SERVER.PING', '', { reply: inbox.getSubject() });
  for await (const m of inbox) {
    ids.add((m.json<SysReply>()).server.id);
    if (ids.size === expected) break;
  }
  clearTimeout(timer);
  inbox.unsubscribe();
  if (ids.size < expected) throw new Error(`only ${ids.size} of ${expected} hub nodes answered: the store list is written but not applied everywhere`);
  return [...ids];
}

async function sysRequest(sys: NatsConnection, subject: string, body: unknown): Promise<SysReply> {
  const reply = (await sys.request(subject, JSON.stringify(body), { timeout: 5_000 })).json<SysReply>();
  if (reply.error) throw new Error(`${subject}: ${reply.error.description}`);
  return reply;
}

async function closeLeafLinks(sys: NatsConnection, serverIds: string[], account: string): Promise<void> {
  for (const id of serverIds) {
    const leafz = await sysRequest(sys, `$SYS.REQ.SERVER.${id}.LEAFZ`, { account });
    for (const leaf of leafz.data?.leafs ?? []) {
      if (leaf.account === account) await sysRequest(sys, `$SYS.REQ.SERVER.${id}.KICK`, { cid: leaf.id });
    }
  }
}

/** The channel central-admin notifies on every change of its stores table (in the changing transaction). */
export const storesChannel = 'central_stores';

/** The stores table as the hub must see it: a disabled store keeps its accounts but has no leaf user. */
export async function readHubStores(db: pg.ClientBase): Promise<HubStore[]> {
  const r = await db.query<{ id: string; enabled: boolean; leaf_user: string; leaf_password_hash: string }>(
    'SELECT id, enabled, leaf_user, leaf_password_hash FROM central_admin.stores ORDER BY id');
  return r.rows.map((s) => ({ id: s.id, leaf: s.enabled ? { user: s.leaf_user, passwordHash: s.leaf_password_hash } : null }));
}

const describe = (stores: HubStore[]) => stores.map((s) => `${s.id}${s.leaf ? '' : ' (disabled)'}`);
const fingerprint = (stores: HubStore[]) => createHash('sha256').update(JSON.stringify(stores)).digest('hex');

/**
 * Keeps the hub's accounts equal to central's stores table: applies the table when central-admin notifies a
 * change, and every `everyMs` in case a notification was missed (a dropped connection), skipping a table
 * that did not change. One apply at a time.
 */
export class StoresTableWatch {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private applied = '';
  private running: Promise<void> = Promise.resolve();
  /** The stores the hub has now, as last applied (`north-9`, or `north-9 (disabled)`). */
  hubStores: string[] = [];
  /** The last failure, if the last apply failed (it is retried on the next tick). */
  lastError: unknown = null;

  constructor(private readonly o: { databaseUrl: string; target: HubAccountsTarget; everyMs?: number; initial?: HubStore[]; log?: (msg: string) => void }) {
    if (o.initial) {
      this.applied = fingerprint(o.initial);
      this.hubStores = describe(o.initial);
    }
  }

  async start(): Promise<this> {
    this.client = new pg.Client({ connectionString: this.o.databaseUrl });
    this.client.on('error', (err) => { this.lastError = err; });
    await this.client.connect();
    this.client.on('notification', () => void this.sync());
    await this.client.query(`LISTEN ${storesChannel}`);
    this.timer = setInterval(() => void this.sync(), this.o.everyMs ?? 5_000);
    await this.sync();
    return this;
  }

  /** Applies the table now (after whatever apply is under way). */
  sync(): Promise<void> {
    this.running = this.running.then(() => this.syncOnce()).catch((err: unknown) => {
      this.lastError = err;
      this.o.log?.(`hub accounts not applied: ${String(err)}`);
    });
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    if (!this.client) return;
    const stores = await readHubStores(this.client);
    const print = fingerprint(stores);
    if (print === this.applied) return;
    await applyHubStores(this.o.target, stores);
    this.applied = print;
    this.lastError = null;
    this.hubStores = describe(stores);
    this.o.log?.(`hub accounts applied: ${this.hubStores.join(', ')}`);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
