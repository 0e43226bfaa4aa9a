import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ProductView } from '@kiosk/contracts';
import { startCentral, type Central } from './central-services.js';
import { mountPowerCutFs, processTree, signalAll, unmount, type PowerCutFs } from './powercut-fs.js';
import { settlesWithin } from './process.js';
import { startStoreBox, storeServices, type StoreBox, type StoreBoxOptions } from './store-box.js';

/**
 * The power-cut scenario, shared by its spec (ops/stack/test/scenario-power-cut.spec.ts) and the bench
 * (`make bench-powercut`): a store box whose Postgres and nats-server data sit on powercut-fs, attached to a
 * real central; kiosks order through the gateway; the power goes at a random instant; the box comes back on
 * what was flushed, and every acknowledged order is looked for at the store and at central.
 */

export type Weakening = StoreBoxOptions['weakenDurability'];

export interface PowerCutRig {
  central: Central;
  box: StoreBox;
  fs: PowerCutFs;
  baseDir: string;
  product: ProductView;
  /** The durability weakening the box runs with now (none: the production settings). */
  weakened: Weakening;
}

/** What one cut did and what came back. */
export interface CutResult {
  weakened: string;
  /** Orders answered 201 before the cut. */
  acknowledged: number;
  /** Of those, in the store database after the restart with the number the kiosk was told. */
  foundAtStore: number;
  wrongNumber: number;
  missingTickets: number;
  missingAtCentral: number;
  /** Order numbers given to more than one order (the store's unique index refuses it; checked all the same). */
  duplicateNumbers: number;
  /** Orders central holds more than once (line rows of a batch order counted twice). */
  duplicatesAtCentral: number;
  /** Unflushed 4 KiB pages powercut-fs dropped at the cut. */
  droppedPages: number;
  cutAfterMs: number;
  restartMs: number;
  /** Power back (the box's processes starting on the remounted disk) -> the first order a kiosk gets a 201 for. */
  firstOrderMs: number;
  loadAverage1m: number;
}

/** Every acknowledged order lost or changed in a cut (0 is the only acceptable figure without a weakening). */
export const lossOf = (r: CutResult) => r.acknowledged - r.foundAtStore + r.wrongNumber + r.missingTickets + r.missingAtCentral + r.duplicatesAtCentral;

export async function startPowerCutRig(storeId = 's1'): Promise<PowerCutRig> {
  const central = await startCentral({ stores: [storeId] });
  const baseDir = mkdtempSync(join(tmpdir(), `power-cut-${storeId}-`));
  let fs: PowerCutFs | undefined;
  try {
    fs = await mountDisk(baseDir);
    const box = await startStoreBox({ storeId, baseDir, dataDir: fs.mountpoint, hub: central.hub.leafFor(storeId) });
    const product = await pickProduct(box);
    return { central, box, fs, baseDir, product, weakened: undefined };
  } catch (err) {
    await fs?.unmount();
    await central.stop();
    rmSync(baseDir, { recursive: true, force: true });
    throw err;
  }
}

export async function stopPowerCutRig(rig: PowerCutRig | undefined): Promise<void> {
  if (!rig) return;
  await rig.box.stop().catch(() => undefined);
  await rig.fs.unmount().catch(() => unmount(join(rig.baseDir, 'disk')));
  await rig.central.stop();
  rmSync(rig.baseDir, { recursive: true, force: true });
}

/**
 * The box's whole power going at once: every process of the box (Postgres's backends included) is stopped in
 * the same instant (SIGSTOP, so none acknowledges anything after it), powercut-fs drops what was not
 * flushed and freezes, then every process is killed. Returns the unflushed pages dropped.
 */
export async function cutPower(box: StoreBox, fs: PowerCutFs): Promise<number> {
  const procs = [box.postgres.proc, box.nats.proc, box.redis.proc, box.nginx.proc, ...storeServices.map((n) => box.services[n])];
  if (box.uplink) procs.push(box.uplink);
  const pids = processTree(procs.map((p) => p.pid).filter((pid): pid is number => pid !== undefined));
  signalAll(pids, 'SIGSTOP');
  const dropped = await fs.cut();
  signalAll(pids, 'SIGKILL');
  await Promise.all(procs.map((p) => p.kill()));
  return dropped;
}

/**
 * One cycle: (re)start the box with `weakened` if that differs from now, 16 kiosks order, the power goes at a
 * random instant, the disk is remounted on what was flushed, the box restarts, and the acknowledged orders
 * are looked for. `patienceMs` bounds the waits for tickets and central (a weakened box may never get there).
 */
export async function powerCutCycle(rig: PowerCutRig, opts: { kiosks?: number; weakened?: Weakening; patienceMs?: number } = {}): Promise<CutResult> {
  if (JSON.stringify(opts.weakened) !== JSON.stringify(rig.weakened)) {
    await step('stopping the box to change its durability', 60_000, rig.box.stop());
    rig.box = await step('starting the box with the new durability', 180_000, restartBox(rig, opts.weakened));
    rig.weakened = opts.weakened;
  }
  const told = new Map<string, string>();
  let stop = false;
  const kiosks = Array.from({ length: opts.kiosks ?? 16 }, (_, i) => kiosk(rig.box, rig.product, `kiosk-${i}`, told, () => stop));
  const t0 = Date.now();
  await waitUntil(async () => told.size >= 40, 120_000, 'orders flowing before the cut');
  await sleep(Math.random() * 2_000);
  const cutAfterMs = Date.now() - t0;
  const droppedPages = await step('cutting the power', 60_000, cutPower(rig.box, rig.fs));
  stop = true;
  await step('kiosks noticing the box is gone', 30_000, Promise.all(kiosks));

  await step('unmounting the cut disk', 60_000, rig.fs.unmount());
  rig.fs = await step('remounting the disk on what was flushed', 30_000, mountDisk(rig.baseDir));
  const restarted = Date.now();
  // A kiosk that keeps trying from the moment the power is back: the box is up for it at its first 201.
  let firstOrderAt = 0;
  const firstOrder = kiosk(rig.box, rig.product, 'kiosk-first', new Map(), () => firstOrderAt > 0, () => { firstOrderAt = Date.now(); });
  rig.box = await step('restarting the box on the flushed disk', 180_000, restartBox(rig, rig.weakened));
  const restartMs = Date.now() - restarted;
  await Promise.race([firstOrder, sleep(60_000)]);
  firstOrderAt ||= Date.now();
  const patienceMs = opts.patienceMs ?? 90_000;
  const found = await step('looking for the acknowledged orders', patienceMs + 60_000, inspect(rig, told, patienceMs));
  return {
    weakened: describeWeakening(rig.weakened), droppedPages, cutAfterMs, restartMs, firstOrderMs: firstOrderAt - restarted,
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)), ...found,
  };
}

/**
 * A step of the cycle that must end in `ms`: a hang (a process stuck on the frozen disk, a server that never
 * answers) fails the cycle naming the step, instead of running into the test's own timeout with no clue.
 */
function step<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  return settlesWithin(work, ms, `power-cut cycle: ${what} took more than ${ms / 1000} s`);
}

const describeWeakening = (w: Weakening) => (!w ? 'none' : [
  ...(w.natsDefaultSync ? ['nats-server default sync_interval'] : []),
  ...Object.entries(w.postgres ?? {}).map(([k, v]) => `postgres ${k}=${v}`),
].join(', '));

async function mountDisk(baseDir: string): Promise<PowerCutFs> {
  return mountPowerCutFs({ backingDir: join(baseDir, 'disk-flushed'), mountpoint: join(baseDir, 'disk'), logFile: join(baseDir, 'powercut-fs.log') });
}

function restartBox(rig: PowerCutRig, weakened: Weakening): Promise<StoreBox> {
  return startStoreBox({
    storeId: rig.box.storeId, baseDir: rig.baseDir, dataDir: rig.fs.mountpoint, ports: rig.box.ports, seed: false,
    hub: rig.central.hub.leafFor(rig.box.storeId), weakenDurability: weakened,
  });
}

/** A kiosk posting orders until told to stop; notes the number of every order answered 201. */
async function kiosk(box: StoreBox, product: ProductView, kioskId: string, told: Map<string, string>, stopped: () => boolean, onAccepted?: () => void): Promise<void> {
  while (!stopped()) {
    const globalId = randomUUID();
    try {
      const res = await fetch(`${box.gatewayUrl}/api/orders`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000),
        body: JSON.stringify({ globalId, kioskId, mode: 'takeaway', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' } }),
      });
      if (res.status === 201) {
        told.set(globalId, ((await res.json()) as { orderNumber: string }).orderNumber);
        onAccepted?.();
      } else {
        await res.body?.cancel();
        await sleep(50);
      }
    } catch {
      await sleep(50); // the box is gone: a real kiosk queues and retries; this one only counts what was acknowledged
    }
  }
}

type Found = Pick<CutResult, 'acknowledged' | 'foundAtStore' | 'wrongNumber' | 'missingTickets' | 'missingAtCentral' | 'duplicateNumbers' | 'duplicatesAtCentral'>;

async function inspect(rig: PowerCutRig, told: Map<string, string>, patienceMs: number): Promise<Found> {
  const ids = [...told.keys()];
  const stored = await query<{ global_id: string; order_number: string }>(rig.box.databaseUrl,
    'SELECT global_id::text, order_number FROM orders.orders WHERE global_id = ANY($1::uuid[])', [ids]);
  const present = stored.map((r) => r.global_id);
  const wrongNumber = stored.filter((r) => told.get(r.global_id) !== r.order_number).length;
  const duplicates = await count(rig.box.databaseUrl,
    'SELECT count(*) AS n FROM (SELECT 1 FROM orders.orders GROUP BY business_day, order_number HAVING count(*) > 1) d');
  const ticketsMissing = () => count(rig.box.databaseUrl,
    'SELECT count(*) AS n FROM unnest($1::uuid[]) g WHERE NOT EXISTS (SELECT 1 FROM kitchen.tickets t WHERE t.global_id = g)', [present]);
  const centralMissing = () => count(rig.central.databaseUrl,
    'SELECT count(*) AS n FROM unnest($1::uuid[]) g WHERE NOT EXISTS (SELECT 1 FROM central.orders o WHERE o.global_id = g)', [present]);
  const deadline = Date.now() + patienceMs;
  await waitUntil(async () => (await ticketsMissing()) === 0, deadline - Date.now()).catch(() => undefined);
  await waitUntil(async () => (await centralMissing()) === 0, Math.max(deadline - Date.now(), 1_000)).catch(() => undefined);
  const centralLines = await count(rig.central.databaseUrl,
    'SELECT count(*) AS n FROM (SELECT global_id FROM central.order_lines WHERE global_id = ANY($1::uuid[]) GROUP BY global_id HAVING count(*) > 1) d', [present]);
  return {
    acknowledged: ids.length, foundAtStore: present.length, wrongNumber,
    duplicateNumbers: duplicates, missingTickets: await ticketsMissing(),
    missingAtCentral: await centralMissing(), duplicatesAtCentral: centralLines,
  };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await query<{ n: string }>(url, sql, params))[0]?.n ?? 0);
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what}: not reached in ${timeoutMs} ms`);
}

/** A product every kiosk can order: available, no required options. */
async function pickProduct(box: StoreBox): Promise<ProductView> {
  let product: ProductView | undefined;
  await waitUntil(async () => {
    const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as { products: ProductView[]; categories: { id: string }[] };
    product = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0));
    return !!product;
  }, 60_000, 'a product without required options');
  return product!;
}
