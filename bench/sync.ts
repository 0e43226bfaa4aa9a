/**
 * Store -> central sync (issue 4): online sync lag (order accepted at the store -> committed in central
 * Postgres, read back through central's API) and backlog drain (orders taken while the link is cut; time
 * from link-up until central has them all and the store's receipts say nothing is pending).
 */
import type { CatalogView } from '@kiosk/contracts/api';
import { startCentral, startStoreBox } from '@kiosk/stack';
import { measureBacklog, orderPlacer } from './backlog.js';
import { percentile } from './lib.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = async <T>(url: string) => (await fetch(url)).json() as Promise<T>;

export async function benchSync(opts: { lagOrders: number; backlogOrders: number; kiosks: number }) {
  const central = await startCentral({ stores: ['s1'], env: { LOG_LEVEL: 'warn' } });
  const box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), env: { LOG_LEVEL: 'warn' } });
  try {
    const placeOrder = orderPlacer(box, await json<CatalogView>(`${box.gatewayUrl}/api/catalog`));
    const place = async () => (await placeOrder()).globalId;

    // Online lag: one order at a time; poll central every 5 ms (the figure carries up to 5 ms of polling).
    const lags: number[] = [];
    const centralApi = await central.api();
    for (let i = 0; i < opts.lagOrders; i++) {
      const globalId = await place();
      const t0 = performance.now();
      while ((await centralApi(`/api/orders/${globalId}`)).status !== 200) {
        if (performance.now() - t0 > 30_000) throw new Error(`order ${globalId} never reached central`);
        await sleep(5);
      }
      lags.push(performance.now() - t0);
    }
    lags.sort((a, b) => a - b);

    // Backlog: the same drain bench/backlog.ts measures for a whole day, here after the online orders.
    const { drain } = await measureBacklog(central, box, { orders: opts.backlogOrders, kiosks: opts.kiosks, committedBefore: opts.lagOrders });
    const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    return {
      target: { onlineLagP99Ms: 500, backlogDrainSeconds: 10 },
      onlineLag: { orders: lags.length, p50Ms: round(percentile(lags, 50)), p99Ms: round(percentile(lags, 99)), maxMs: round(lags.at(-1) ?? null) },
      backlog: drain,
      note: 'null = not reached within 600 s. Whole box and central on one 2-core machine; central keeps 3 replicas with fsync on every write.',
    };
  } finally {
    await box.stop();
    await central.stop();
  }
}
