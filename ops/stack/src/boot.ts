import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProductView } from '@kiosk/contracts';
import { startCentralHub, type LeafLink } from './central.js';
import { processTree, signalAll } from './powercut-fs.js';
import { startStoreBox, storeServices, type StoreBox } from './store-box.js';

/**
 * The boot scenario, shared by its spec (ops/stack/test/store-boot.spec.ts) and `make bench-boot`: a store box
 * attached to a central that is down (its hub made the box's leaf credentials, then stopped), so nothing the box
 * does at start can lean on central. Each cycle kills every process of the box with SIGKILL (a power cut without
 * the fault-injecting disk), starts them again and times "power back" -> the kiosk's first accepted order.
 */

export interface BootRig {
  box: StoreBox;
  baseDir: string;
  /** The leaf link to a central that is not running. */
  hub: LeafLink;
  product: ProductView;
}

/** What one boot took, in ms from power back (the box's processes being started). */
export interface BootResult {
  /** The first 201 a kiosk retrying from power back got through the gateway. */
  firstOrderMs: number;
  /** The gateway's /health first answering 200. */
  healthyMs: number;
  /** startStoreBox resolved (every process listening and healthy). */
  startedMs: number;
  /** Statuses the gateway's /health gave before its first 200, with how often (502: the sync service not listening yet). */
  healthBeforeReady: Record<string, number>;
  /** An order placed the moment /health first said 200: its status (201 is the only right answer). */
  orderAtFirstHealthy: number;
  /** Per process: ms from power back to listening / healthy (startStoreBox's own figures). */
  processes: Record<string, number>;
  loadAverage1m: number;
}

export async function startBootRig(storeId = 's1'): Promise<BootRig> {
  const baseDir = mkdtempSync(join(tmpdir(), `boot-${storeId}-`));
  chmodSync(baseDir, 0o755); // the postgres user must reach the box's data dir below it
  try {
    // Central's hub only to make the credentials and CA the box's leaf link names; stopped before the box starts.
    const central = await startCentralHub({ stores: [storeId], baseDir: join(baseDir, 'central') });
    const hub = central.leafFor(storeId);
    await central.stop();
    const box = await startStoreBox({ storeId, baseDir: join(baseDir, 'box'), hub });
    return { box, baseDir, hub, product: await pickProduct(box) };
  } catch (err) {
    rmSync(baseDir, { recursive: true, force: true });
    throw err;
  }
}

export async function stopBootRig(rig: BootRig | undefined): Promise<void> {
  if (!rig) return;
  await rig.box.stop().catch(() => undefined);
  rmSync(rig.baseDir, { recursive: true, force: true });
}

/** SIGKILL to every process of the box (Postgres's backends and all) at once: the power going. */
export async function killBox(box: StoreBox): Promise<void> {
  const procs = [box.postgres.proc, box.nats.proc, box.redis.proc, box.nginx.proc, ...storeServices.map((n) => box.services[n])];
  if (box.uplink) procs.push(box.uplink);
  signalAll(processTree(procs.map((p) => p.pid).filter((pid): pid is number => pid !== undefined)), 'SIGKILL');
  await Promise.all(procs.map((p) => p.kill()));
}

/** One cycle: the power goes, comes back, and a kiosk and a health check poll the gateway from that instant. */
export async function bootCycle(rig: BootRig): Promise<BootResult> {
  await killBox(rig.box);
  const gateway = rig.box.gatewayUrl;
  const powerBack = Date.now();
  let firstOrderAt = 0;
  let healthyAt = 0;
  let orderAtFirstHealthy = 0;
  const healthBeforeReady: Record<string, number> = {};
  const kiosk = (async () => {
    while (!firstOrderAt && Date.now() - powerBack < 120_000) {
      if ((await placeOrder(gateway, rig.product, 'kiosk-boot')) === 201) firstOrderAt = Date.now();
      else await sleep(50);
    }
  })();
  const health = (async () => {
    while (!healthyAt && Date.now() - powerBack < 120_000) {
      const status = await fetch(`${gateway}/health`, { signal: AbortSignal.timeout(2_000) }).then(async (r) => { await r.body?.cancel(); return r.status; }, () => 0);
      if (status === 200) {
        healthyAt = Date.now();
        orderAtFirstHealthy = await placeOrder(gateway, rig.product, 'kiosk-health');
      } else {
        healthBeforeReady[String(status || 'refused')] = (healthBeforeReady[String(status || 'refused')] ?? 0) + 1;
        await sleep(50);
      }
    }
  })();
  rig.box = await startStoreBox({ storeId: rig.box.storeId, baseDir: rig.box.baseDir, ports: rig.box.ports, seed: false, hub: rig.hub });
  const startedMs = Date.now() - powerBack;
  await Promise.all([kiosk, health]);
  if (!firstOrderAt || !healthyAt) throw new Error(`boot: no ${firstOrderAt ? 'healthy gateway' : 'accepted order'} within 120 s of power back`);
  return {
    firstOrderMs: firstOrderAt - powerBack, healthyMs: healthyAt - powerBack, startedMs, healthBeforeReady, orderAtFirstHealthy,
    processes: rig.box.startTimings, loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

/** One takeaway order of `product` through the gateway: its HTTP status, 0 when the gateway did not answer. */
export async function placeOrder(gatewayUrl: string, product: ProductView, kioskId: string): Promise<number> {
  try {
    const res = await fetch(`${gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000),
      body: JSON.stringify({ globalId: randomUUID(), kioskId, mode: 'takeaway', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' } }),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/** A product every kiosk can order: available, no required options. */
async function pickProduct(box: StoreBox): Promise<ProductView> {
  const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as { products: ProductView[] };
  const product = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0));
  if (!product) throw new Error('boot: the demo menu has no product without required options');
  return product;
}
