/**
 * Memory of the store's own Node processes (order, kitchen, catalog, sync and uplink) after a day's orders
 * (BENCH_MEMORY_ORDERS, default 10,000), in both deployments of the same services: one process each
 * (microservices mode, as Compose runs them) and all in one process (monolithic mode, services/box). Each box
 * is linked to its own central and takes the orders from 16 kiosks; resident memory is read once every order
 * is confirmed by central (pending 0), so the uplink and the receipts have done their part too.
 */
import { loadavg } from 'node:os';
import type { CatalogView } from '@kiosk/contracts/api';
import { residentMiB, startCentral, startStoreBox, waitFor } from '@kiosk/stack';
import { orderPlacer } from './backlog.js';

export interface MemoryRun {
  mode: 'one process per service' | 'one process';
  orders: number;
  intakeSeconds: number;
  /** Resident MiB per process right after start and after the orders (the key is the process). */
  startedMiB: Record<string, number | null>;
  afterOrdersMiB: Record<string, number | null>;
  totalStartedMiB: number;
  totalAfterOrdersMiB: number;
  loadAverage: number;
}

const total = (m: Record<string, number | null>) => Math.round(Object.values(m).reduce<number>((s, v) => s + (v ?? 0), 0));

async function measure(oneProcess: boolean, orders: number, kiosks: number): Promise<MemoryRun> {
  const central = await startCentral({ stores: ['mem'] });
  const box = await startStoreBox({ storeId: 'mem', hub: central.hub.leafFor('mem'), oneProcess, env: { LOG_LEVEL: 'warn' } });
  try {
    const processes = () => {
      const all = new Map([...Object.entries(box.services), ['uplink', box.uplink!] as const].map(([name, p]) => [p, name]));
      return Object.fromEntries([...all].map(([p, name]) => [oneProcess ? 'box' : name, residentMiB(p.pid)]));
    };
    const startedMiB = processes();
    const place = orderPlacer(box, (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView);
    let placed = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: kiosks }, async () => {
      while (placed < orders) { placed++; await place(); }
    }));
    const intakeSeconds = (performance.now() - t0) / 1000;
    await waitFor('every order confirmed by central', async () =>
      ((await (await fetch(`${box.gatewayUrl}/health`)).json()) as { pending_sync: number | null }).pending_sync === 0, 600_000);
    const afterOrdersMiB = processes();
    return {
      mode: oneProcess ? 'one process' : 'one process per service', orders: placed, intakeSeconds: Math.round(intakeSeconds * 10) / 10,
      startedMiB, afterOrdersMiB, totalStartedMiB: total(startedMiB), totalAfterOrdersMiB: total(afterOrdersMiB), loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await box.stop();
    await central.stop();
  }
}

export async function benchMemory(orders: number) {
  const each = await measure(false, orders, 16);
  const one = await measure(true, orders, 16);
  return {
    target: 'the five store Node processes <= 300 MB RSS in total after 10,000 orders',
    runs: [each, one],
    ratioOneToEach: Math.round((one.totalAfterOrdersMiB / each.totalAfterOrdersMiB) * 100) / 100,
  };
}
