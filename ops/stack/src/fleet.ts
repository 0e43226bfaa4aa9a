import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { streams } from '@kiosk/contracts';
import { startCentral, type Central } from './central-services.js';
import { startFleetStore, UplinkHost, type FleetStore } from './fleet-store.js';
import { publishFleetBacklog } from './fleet-orders.js';
import { linkUp } from './link.js';
import { cpuSecondsOf, machineCpuSeconds, residentMiB } from './proc-stats.js';

/**
 * A fleet of stores reconnecting at once (issue 16, item 4): central with N central-ingest replicas, `stores`
 * fleet stores (nats-server + uplink, fleet-store.ts) that come up offline and take `ordersPerStore` orders
 * each into their streams, then every link restored in the same instant. Measured from that instant: orders
 * in central's hub streams and in central Postgres over time, until Postgres holds every order; then whether
 * it holds each exactly once. `make bench-fleet` runs it at 100 stores; ops/stack/test/fleet.spec.ts small, in make test.
 */

export interface FleetDrainOptions {
  stores: number;
  ordersPerStore: number;
  ingestReplicas: number;
  /** Give up this long after the links came back (the result then says how far it got). */
  limitMs?: number;
  /** Where the stores' and central's data live; a temp dir by default, removed afterwards. */
  baseDir?: string;
  /** Stores whose uplinks share one process (UplinkHost); 1 (the default): a process per uplink. */
  uplinksPerProcess?: number;
  log?: (line: string) => void;
}

export interface DrainPoint { seconds: number; atHub: number | null; atCentral: number }

export interface FleetDrain {
  stores: number;
  ordersPerStore: number;
  ingestReplicas: number;
  setupSeconds: { central: number; stores: number; backlog: number };
  loadAverage: { atLinkUp: number; drained: number };
  /** Cores busy on average during the drain: the whole machine, and each part's share of it. */
  coresDuringDrain: { machine: number; hubNodes: number; ingest: number; centralPostgres: number; storeNatsServers: number; uplinks: number };
  /** Seconds from the links' restore; null = not reached within the limit. */
  secondsAfterLinkUp: { allLinksUp: number | null; allAtHub: number | null; allAtCentral: number | null };
  /** Orders committed at central over the whole drain, and the best 5-second stretch. */
  ordersPerSecond: { overall: number | null; peak5s: number | null };
  /** Orders each central-ingest replica committed (its central_orders_committed_total): how they shared the work. */
  ordersPerReplica: number[];
  exactlyOnce: { expected: number; ordersAtCentral: number; expectedFound: number; payments: number; perStoreMin: number; perStoreMax: number; ok: boolean };
  /** Resident memory, highest seen during the drain (hub nodes, ingest replicas), and per fleet store at the end. */
  memoryMiB: { hubNodesPeak: number[]; ingestPeak: number[]; storeNatsAvg: number; uplinkAvg: number };
  curve: DrainPoint[];
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const since = (t: number) => round((performance.now() - t) / 1000);

/** Runs `work` over `items`, `width` at a time (two cores: a hundred processes starting at once only thrash). */
async function inBatches<T, R>(items: T[], width: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  }));
  return out;
}

export const fleetStoreIds = (n: number) => Array.from({ length: n }, (_, i) => `f${String(i + 1).padStart(3, '0')}`);

export async function runFleetDrain(opts: FleetDrainOptions): Promise<FleetDrain> {
  const log = opts.log ?? (() => undefined);
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'fleet-'));
  mkdirSync(baseDir, { recursive: true });
  chmodSync(baseDir, 0o755); // the postgres user must reach central's data dir below it
  const ids = fleetStoreIds(opts.stores);
  const t = performance.now();
  try {
    const central = await startCentral({ stores: ids, ingestReplicas: opts.ingestReplicas, baseDir: join(baseDir, 'central'), env: { LOG_LEVEL: 'warn' } });
    try {
      const centralS = since(t);
      log(`central up with ${opts.ingestReplicas} ingest replica(s) in ${centralS} s`);
      const round = await drainFleet(central, { storeIds: ids, ordersPerStore: opts.ordersPerStore, baseDir, limitMs: opts.limitMs, uplinksPerProcess: opts.uplinksPerProcess, log });
      return { ...round, stores: opts.stores, ordersPerStore: opts.ordersPerStore, ingestReplicas: opts.ingestReplicas, setupSeconds: { central: centralS, ...round.setupSeconds } };
    } finally {
      await central.stop();
    }
  } finally {
    if (!opts.baseDir) rmSync(baseDir, { recursive: true, force: true });
  }
}

export type FleetRound = Omit<FleetDrain, 'stores' | 'ordersPerStore' | 'ingestReplicas' | 'setupSeconds'> & { setupSeconds: { stores: number; backlog: number } };

/**
 * One drain on a running central: fleet stores `storeIds` (ids from fleetStoreIds, known to central's hub) come
 * up offline, take their backlogs, get their links back at once and are stopped again. Counts at central cover
 * these stores only, so rounds on one central (the spec's) do not see each other's orders.
 */
export async function drainFleet(central: Central, opts: {
  storeIds: string[]; ordersPerStore: number; baseDir: string; limitMs?: number; uplinksPerProcess?: number; log?: (line: string) => void;
}): Promise<FleetRound> {
  const log = opts.log ?? (() => undefined);
  const stores: FleetStore[] = [];
  const hosts: UplinkHost[] = [];
  try {
    let t = performance.now();
    const perProcess = opts.uplinksPerProcess ?? 1;
    if (perProcess > 1) {
      for (let i = 0; i < Math.ceil(opts.storeIds.length / perProcess); i++) hosts.push(await UplinkHost.start(`uplink-host-${i + 1}`, opts.baseDir));
    }
    const hostOf = (storeId: string) => (hosts.length ? hosts[Math.floor(opts.storeIds.indexOf(storeId) / perProcess)] : undefined);
    // Every start runs to its end (so the finally below stops whatever did start); a store whose processes could
    // not start in time on the busy machine gets two more tries.
    const failed: unknown[] = [];
    await inBatches(opts.storeIds, 8, async (storeId) => {
      const dir = join(opts.baseDir, storeId);
      mkdirSync(dir, { recursive: true });
      for (let attempt = 1; ; attempt++) {
        try {
          stores.push(await startFleetStore({ storeId, baseDir: dir, hub: central.hub.leafFor(storeId), linkDown: true, uplinkHost: hostOf(storeId) }));
          return;
        } catch (err) {
          log(`${storeId} did not start (attempt ${attempt}): ${String(err)}`);
          if (attempt === 3) return void failed.push(err);
        }
      }
    });
    if (failed.length > 0) throw new Error(`${failed.length} fleet stores did not start`, { cause: failed[0] });
    const storesS = since(t);
    log(`${stores.length} stores up, offline, in ${storesS} s`);
    t = performance.now();
    const at = new Date();
    // Day sequences apart per store (f001: 1..n, f002: n+1..2n, ...): see fleetOrderEvents.
    const expected = (await inBatches(stores, 4, (store) => publishFleetBacklog(store, {
      count: opts.ordersPerStore, firstDaySequence: 1 + (Number(store.storeId.slice(1)) - 1) * opts.ordersPerStore, at,
    }))).flat();
    const backlogS = since(t);
    log(`${expected.length} orders in the stores' streams in ${backlogS} s`);
    const drain = await measureDrain(central, stores, expected, opts.limitMs ?? 300_000, log);
    return { ...drain, setupSeconds: { stores: storesS, backlog: backlogS } };
  } finally {
    await inBatches(stores, 16, (s) => s.stop());
    await Promise.all(hosts.map((h) => h.proc.stop()));
  }
}

type Measured = Omit<FleetRound, 'setupSeconds'>;

async function measureDrain(central: Central, stores: FleetStore[], expected: string[], limitMs: number, log: (line: string) => void): Promise<Measured> {
  const db = new pg.Client({ connectionString: central.databaseUrl });
  await db.connect();
  try {
    const ids = stores.map((x) => x.storeId);
    const committed = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM central.orders WHERE store_id = ANY($1)', [ids])).rows[0]!.n;
    const committedBefore = await Promise.all(central.ingestUrls.map(committedBy));
    const hubStreams = new Set(ids.map((id) => streams.sales(id)));
    const curve: DrainPoint[] = [];
    const hubPeak = central.hub.nodes.map(() => 0);
    const ingestPeak = central.ingest.map(() => 0);
    const loadAtLinkUp = loadavg()[0]!;
    // Where the two cores went during the drain, by part: central's, and the simulated stores' (which on a real
    // fleet run on their own boxes). The machine's total from /proc/stat, so other work on it shows too.
    const cpuNow = () => ({
      machine: machineCpuSeconds(),
      ...cpuSecondsOf({
        hubNodes: central.hub.nodes.map((n) => n.proc.pid),
        ingest: central.ingest.map((p) => p.pid),
        centralPostgres: [central.postgres.proc.pid],
        storeNatsServers: stores.map((x) => x.nats.proc.pid),
        uplinks: [...new Set(stores.map((x) => x.uplink.pid))],
      }),
    });
    const cpuAtLinkUp = cpuNow();
    const t0 = performance.now();
    let allLinksUp: number | null = null;
    // Every link at once: each linkUp rewrites its store's config and signals its server before its first await.
    const links = Promise.all(stores.map((s) => linkUp(s))).then(() => { allLinksUp = since(t0); });
    links.catch(() => undefined);
    let allAtHub: number | null = null;
    let allAtCentral: number | null = null;
    let lastHubPoll = -1;
    while (performance.now() - t0 < limitMs) {
      const seconds = since(t0);
      const pollHub = allAtHub === null && seconds - lastHubPoll >= 1;
      const atHub = pollHub ? await ordersAtHub(central, hubStreams) : null;
      if (pollHub) lastHubPoll = seconds;
      const atCentral = await committed();
      curve.push({ seconds, atHub, atCentral });
      central.hub.nodes.forEach((n, i) => { hubPeak[i] = Math.max(hubPeak[i]!, residentMiB(n.proc.pid) ?? 0); });
      central.ingest.forEach((p, i) => { ingestPeak[i] = Math.max(ingestPeak[i]!, residentMiB(p.pid) ?? 0); });
      if (atHub !== null && atHub >= expected.length && allAtHub === null) allAtHub = seconds;
      if (atCentral >= expected.length) {
        allAtCentral = seconds;
        break;
      }
      if (curve.length % 20 === 0) log(`${seconds} s: ${atHub ?? '-'} at the hub, ${atCentral} at central`);
      await sleep(250);
    }
    const cpuDrained = cpuNow();
    const drainSeconds = since(t0);
    await links.catch((err: unknown) => log(`links: ${String(err)}`));
    const drained = loadavg()[0]!;
    const coresUsed = Object.fromEntries(Object.keys(cpuDrained).map((k) => {
      const key = k as keyof typeof cpuDrained;
      return [k, round((cpuDrained[key] - cpuAtLinkUp[key]) / drainSeconds, 2)];
    })) as Record<keyof typeof cpuDrained, number>;
    return {
      loadAverage: { atLinkUp: round(loadAtLinkUp), drained: round(drained) },
      // Cores busy on average from link-up to the end of the drain (the machine has two), by part; `machine` is
      // everything, so what the parts leave is other work on the machine.
      coresDuringDrain: coresUsed,
      secondsAfterLinkUp: { allLinksUp, allAtHub: allAtHub ?? (allAtCentral !== null ? allAtCentral : null), allAtCentral },
      ordersPerSecond: rates(curve, expected.length, allAtCentral),
      ordersPerReplica: (await Promise.all(central.ingestUrls.map(committedBy))).map((n, i) => n - committedBefore[i]!),
      exactlyOnce: await exactlyOnce(db, expected, ids),
      memoryMiB: {
        hubNodesPeak: hubPeak, ingestPeak,
        storeNatsAvg: round(stores.reduce((s, x) => s + (residentMiB(x.nats.proc.pid) ?? 0), 0) / stores.length, 1),
        // Per store, whether each uplink has its process or shares one.
        uplinkAvg: round([...new Set(stores.map((x) => x.uplink.pid))].reduce<number>((s, pid) => s + (residentMiB(pid) ?? 0), 0) / stores.length, 1),
      },
      curve,
    };
  } finally {
    await db.end();
  }
}

/**
 * Orders (OrderCreated events) in central's SALES_<ID> streams, from the first hub node's monitor: each
 * order is two events there (OrderCreated and PaymentRecorded). One HTTP call, so polling it costs the
 * hub little during the drain.
 */
async function ordersAtHub(central: Central, salesStreams: Set<string>): Promise<number | null> {
  try {
    const res = await fetch(`${central.hub.nodes[0]!.monitorUrl}/jsz?acc=HUB&streams=true`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { account_details?: { stream_detail?: { name: string; state: { messages: number } }[] }[] };
    const sales = (body.account_details ?? []).flatMap((a) => a.stream_detail ?? []).filter((s) => salesStreams.has(s.name));
    return Math.floor(sales.reduce((n, s) => n + s.state.messages, 0) / 2);
  } catch {
    return null;
  }
}

/** The sum of one ingest replica's central_orders_committed_total over every store (0 for a stopped replica). */
async function committedBy(ingestUrl: string): Promise<number> {
  const text = await fetch(`${ingestUrl}/metrics`).then((r) => r.text()).catch(() => '');
  return text.split('\n').filter((l) => l.startsWith('central_orders_committed_total{')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

function rates(curve: DrainPoint[], expected: number, allAtCentral: number | null): FleetDrain['ordersPerSecond'] {
  let peak = 0;
  for (const p of curve) {
    const back = [...curve].reverse().find((q) => q.seconds <= p.seconds - 5);
    if (back) peak = Math.max(peak, (p.atCentral - back.atCentral) / (p.seconds - back.seconds));
  }
  return { overall: allAtCentral ? Math.round(expected / allAtCentral) : null, peak5s: peak > 0 ? Math.round(peak) : null };
}

/** Every expected order at central once, nothing else, each with its payment, every store complete. */
async function exactlyOnce(db: pg.Client, expected: string[], storeIds: string[]): Promise<FleetDrain['exactlyOnce']> {
  const q = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const ordersAtCentral = await q('SELECT count(*)::int AS n FROM central.orders WHERE store_id = ANY($1)', [storeIds]);
  const expectedFound = await q('SELECT count(*)::int AS n FROM central.orders WHERE global_id = ANY($1::uuid[])', [expected]);
  const payments = await q('SELECT count(*)::int AS n FROM central.payments WHERE global_id = ANY($1::uuid[])', [expected]);
  const perStore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM central.orders WHERE store_id = ANY($1) GROUP BY store_id', [storeIds])).rows.map((r) => r.n);
  // A store with no order at central has no row in the grouping: its count is 0.
  const perStoreMin = perStore.length === storeIds.length ? Math.min(...perStore) : 0;
  const perStoreMax = perStore.length ? Math.max(...perStore) : 0;
  const ok = ordersAtCentral === expected.length && expectedFound === expected.length && payments === expected.length;
  return { expected: expected.length, ordersAtCentral, expectedFound, payments, perStoreMin, perStoreMax, ok };
}
