/**
 * Backlog drain (issue 4): a busy store's day of orders (BENCH_BACKLOG_ORDERS, default 10,000) taken by the
 * real order service through the gateway while the store's link is cut for real, then the link restored:
 * seconds until central's hub holds the store's whole sales stream (the uplink's part), until central
 * Postgres has every order (central-ingest's part) and until the receipts are back at the store (pending 0).
 * With the PouchDB peer (bench/pouchdb.ts) the same order documents are replicated one-shot to a
 * pouchdb-server style endpoint in the same run, and the ratio is written beside our figures.
 */
import { loadavg } from 'node:os';
import { jetstreamManager } from '@nats-io/jetstream';
import { streams } from '@kiosk/contracts';
import type { CatalogView, OrderView } from '@kiosk/contracts/api';
import { connectNatsUrl, linkDown, linkUp, startCentral, startStoreBox, type Central, type StoreBox } from '@kiosk/stack';
import { orderFactory } from './lib.js';
import { benchPouchReplication, type PouchReplication } from './pouchdb.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = async <T>(url: string) => (await fetch(url)).json() as Promise<T>;
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** Places one order as a kiosk does; resolves with the order as the store answered it (201 only). */
export function orderPlacer(box: StoreBox, catalog: CatalogView): () => Promise<OrderView> {
  const nextOrder = orderFactory(catalog);
  return async () => {
    const res = await fetch(`${box.gatewayUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(nextOrder()) });
    if (res.status !== 201) throw new Error(`order refused: ${res.status} ${await res.text()}`);
    return (await res.json()) as OrderView;
  };
}

export interface BacklogDrain {
  orders: number;
  kiosks: number;
  offlineIntakeSeconds: number | null;
  /** From the cut to the link's restore. */
  outageSeconds: number;
  /** The machine's 1-minute load average at link-up and once drained: other work on it skews the figures. */
  loadAverage: { atLinkUp: number; drained: number };
  /** Seconds from link-up (null = not within the time limit). */
  secondsAfterLinkUp: { linkUp: number | null; hubHasSalesStream: number | null; allCommittedAtCentral: number | null; receiptsBackPendingZero: number | null };
}

/**
 * Cuts the box's link, takes `orders` orders from `kiosks` concurrent kiosks, restores the link and times
 * the drain. `committedBefore` is what central already holds of this store. Returns the figures and the
 * orders as the store answered them (the documents the PouchDB peer replicates).
 */
export async function measureBacklog(central: Central, box: StoreBox, opts: { orders: number; kiosks: number; committedBefore: number; limitMs?: number; outageSeconds?: number }): Promise<{ drain: BacklogDrain; taken: OrderView[] }> {
  const place = orderPlacer(box, await json<CatalogView>(`${box.gatewayUrl}/api/catalog`));
  const limitMs = opts.limitMs ?? 600_000;
  await linkDown(box);
  const cutAt = performance.now();
  const taken: OrderView[] = [];
  let started = 0;
  const t0Offline = performance.now();
  await Promise.all(Array.from({ length: opts.kiosks }, async () => {
    while (started < opts.orders) { started++; taken.push(await place()); }
  }));
  const offlineSeconds = (performance.now() - t0Offline) / 1000;
  // A long outage: the link stays down until `outageSeconds` after the cut, whatever the orders took (every
  // retry and reconnect backoff on the way has reached its cap long before, so a day is no different).
  const rest = (opts.outageSeconds ?? 0) * 1000 - (performance.now() - cutAt);
  if (rest > 0) await sleep(rest);

  const [storeNc, hubNc] = await Promise.all([connectNatsUrl(box.natsUrl), central.hub.connect()]);
  try {
    const sales = streams.sales(box.storeId);
    const storeSales = (await (await jetstreamManager(storeNc)).streams.info(sales)).state.messages;
    const hubJsm = await jetstreamManager(hubNc);
    const expected = opts.committedBefore + taken.length;

    // Signed in before the clock starts: central's API is closed to anonymous callers.
    const centralApi = await central.api();
    const loadAtLinkUp = loadavg()[0]!;
    const linkUpAt = performance.now();
    await linkUp(box);
    const linkUpS = (performance.now() - linkUpAt) / 1000;
    let hubS: number | null = null;
    let atCentralS: number | null = null;
    let receiptsS: number | null = null;
    while (performance.now() - linkUpAt < limitMs && receiptsS === null) {
      const now = () => (performance.now() - linkUpAt) / 1000;
      if (hubS === null && (await hubJsm.streams.info(sales)).state.messages >= storeSales) hubS = now();
      if (atCentralS === null) {
        const { stores } = (await (await centralApi('/api/stores')).json()) as { stores: { storeId: string; ordersCommitted: number }[] };
        if ((stores.find((s) => s.storeId === box.storeId)?.ordersCommitted ?? 0) >= expected) atCentralS = now();
      }
      if (atCentralS !== null && (await json<{ pending_sync: number | null }>(`${box.gatewayUrl}/health`)).pending_sync === 0) receiptsS = now();
      else await sleep(100);
    }
    return {
      taken,
      drain: {
        orders: taken.length, kiosks: opts.kiosks, offlineIntakeSeconds: round2(offlineSeconds), outageSeconds: round2((linkUpAt - cutAt) / 1000)!,
        loadAverage: { atLinkUp: round2(loadAtLinkUp)!, drained: round2(loadavg()[0]!)! },
        secondsAfterLinkUp: { linkUp: round2(linkUpS), hubHasSalesStream: round2(hubS), allCommittedAtCentral: round2(atCentralS), receiptsBackPendingZero: round2(receiptsS) },
      },
    };
  } finally {
    await Promise.all([storeNc.close(), hubNc.close()]);
  }
}

/** Central plus one store box on a leaf link, a day of orders offline, the drain timed; then the PouchDB
 * peer on the same documents when `pouchdb` is asked for. */
export async function benchBacklog(opts: { orders: number; kiosks: number; pouchdb: boolean; outageSeconds?: number }) {
  const central = await startCentral({ stores: ['s1'], env: { LOG_LEVEL: 'warn' } });
  const box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 5_000, env: { LOG_LEVEL: 'warn' } });
  let drain: BacklogDrain;
  let taken: OrderView[];
  try {
    ({ drain, taken } = await measureBacklog(central, box, { orders: opts.orders, kiosks: opts.kiosks, committedBefore: 0, outageSeconds: opts.outageSeconds }));
  } finally {
    // Stopped before the peer runs, so PouchDB gets the same two cores to itself.
    await box.stop();
    await central.stop();
  }
  const backlog = {
    target: { backlogDrainSeconds: 10 },
    ...drain,
    note: 'Whole store box and central (3 hub nodes, fsync on every write, R3 streams; 2 ingest replicas; Postgres) on one shared 2-core machine; polled every 100 ms.',
  };
  if (!opts.pouchdb) return { backlog, pouchdb: null };
  const pouchdb: PouchReplication = await benchPouchReplication(taken.map((o) => ({ _id: o.globalId, ...o })));
  const ours = drain.secondsAfterLinkUp;
  const ratio = (x: number | null) => (x === null || pouchdb.leveldb.replicateSeconds === null ? null : round2(x / pouchdb.leveldb.replicateSeconds));
  return {
    backlog: {
      ...backlog,
      vsPouchDB: {
        pouchReplicateSeconds: pouchdb.leveldb.replicateSeconds,
        ourCommittedAtCentralOverPouch: ratio(ours.allCommittedAtCentral),
        ourPendingZeroOverPouch: ratio(ours.receiptsBackPendingZero),
        meaning: '> 1: our drain took that many times as long as PouchDB replicating the same documents to a LevelDB-backed express-pouchdb',
      },
    },
    pouchdb,
  };
}
