/// <reference lib="dom" />
// (display.bench.ts, imported here, holds page functions typed against the DOM)
/**
 * Kitchen display figures: reuses web/kitchen/bench/display.bench.ts (headless Chromium; in the page and from a
 * second browser) against the bench's store box and records the targets beside the figures.
 */
import { loadavg } from 'node:os';
import type { StoreBox } from '@kiosk/stack';
import { benchKitchenDisplay } from '../web/kitchen/bench/display.bench.js';

export const kitchenDisplayTargets = { postToDomP99Ms: 100, bumpToDomMs: 50, openTickets: 200 };

export async function benchKitchenDisplayFigures(box: Pick<StoreBox, 'gatewayUrl'>, orders = 200, bumps = 200) {
  // 200 of each: a p99 from fewer samples would be the maximum of a handful.
  const before = loadavg().map((x) => Math.round(x * 10) / 10);
  const result = await benchKitchenDisplay(box, { orders, bumps, openBefore: kitchenDisplayTargets.openTickets });
  return {
    target: kitchenDisplayTargets,
    ...result,
    loadAverage: { before, after: loadavg().map((x) => Math.round(x * 10) / 10) },
    meets: {
      postToDom: result.postToDom.p99Ms <= kitchenDisplayTargets.postToDomP99Ms,
      postToDomExternal: result.postToDomExternal.p99Ms <= kitchenDisplayTargets.postToDomP99Ms,
      // "bump render <= 50 ms" read as every bump measured, as the other screens see it: p99 of key press -> the
      // server's new status in a second display's DOM (the bumping display's own, optimistic figure is not it)
      bumpToDom: result.bumpToDom.p99Ms <= kitchenDisplayTargets.bumpToDomMs,
    },
  };
}
