/**
 * `make bench`: starts a real store box on free ports and measures it. Results: bench/results/*.json.
 * BENCH_SECONDS (default 10) per intake level; BENCH_ONLY=intake,kitchen,kiosk,display to run a subset
 * (uplink, sync, backlog and pouchdb start central too and run only when named; pouchdb replicates the
 * orders the backlog took, so it runs the backlog as well: BENCH_ONLY=backlog,pouchdb or just pouchdb)
 * (kiosk and display drive the built web apps in headless Chromium, so the box builds them first).
 */
import { startStoreBox } from '@kiosk/stack';
import { benchIntake } from './intake.js';
import { benchKiosk } from './kiosk.js';
import { benchKitchenDisplayFigures } from './kitchen-display.js';
import { benchKioskToKitchen } from './kitchen-latency.js';
import { rssMiB, writeResult } from './lib.js';
import { benchUplink } from './uplink.js';
import { benchSync } from './sync.js';
import { benchBacklog } from './backlog.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const only = new Set((process.env.BENCH_ONLY ?? 'intake,kitchen,kiosk,display').split(','));

async function main() {
  if (only.has('uplink')) {
    // Its own hub and store box with a leaf link; a long cut, so it only runs when asked for (BENCH_ONLY=uplink).
    const result = await benchUplink(Number(process.env.BENCH_UPLINK_CUT_S ?? 45), Number(process.env.BENCH_UPLINK_EVENTS ?? 2000));
    console.log('uplink', result);
    console.log('wrote', writeResult('uplink', result));
    if (![...only].some((k) => k !== 'uplink')) return;
  }
  if (only.has('sync')) {
    // Central plus a store box with a leaf link: runs only when asked for (BENCH_ONLY=sync).
    const result = await benchSync({
      lagOrders: Number(process.env.BENCH_SYNC_LAG_ORDERS ?? 200), backlogOrders: Number(process.env.BENCH_SYNC_BACKLOG ?? 1_000), kiosks: 16,
    });
    console.log('sync', JSON.stringify(result, null, 2));
    console.log('wrote', writeResult('sync', result));
    if (![...only].some((k) => k !== 'sync' && k !== 'uplink')) return;
  }
  if (only.has('backlog') || only.has('pouchdb')) {
    const { backlog, pouchdb } = await benchBacklog({ orders: Number(process.env.BENCH_BACKLOG_ORDERS ?? 10_000), kiosks: 16, pouchdb: only.has('pouchdb') });
    console.log('backlog', JSON.stringify(backlog, null, 2), 'pouchdb', JSON.stringify(pouchdb, null, 2));
    console.log('wrote', writeResult('backlog', backlog), pouchdb ? writeResult('pouchdb', pouchdb) : '');
    if (![...only].some((k) => !['sync', 'uplink', 'backlog', 'pouchdb'].includes(k))) return;
  }
  const box = await startStoreBox({ storeId: 'bench', build: only.has('kiosk') || only.has('display'), env: { LOG_LEVEL: 'warn' } });
  try {
    const memory = () => {
      const services = Object.fromEntries(Object.entries(box.services).map(([name, p]) => [name, rssMiB(p.pid)]));
      const servicesTotal = Object.values(services).reduce<number>((sum, v) => sum + (v ?? 0), 0);
      return { servicesMiB: services, servicesTotalMiB: Math.round(servicesTotal), natsMiB: rssMiB(box.nats.proc.pid), redisMiB: rssMiB(box.redis.proc.pid) };
    };
    // First, on a box with no open tickets: the target is a display with 200 open, not the thousands the
    // other benches leave behind.
    if (only.has('display')) {
      const display = await benchKitchenDisplayFigures(box, Number(process.env.BENCH_DISPLAY_ORDERS ?? 200));
      console.log('kitchen display', JSON.stringify(display, null, 2));
      console.log('wrote', writeResult('kitchen-display', display));
    }
    if (only.has('kitchen')) {
      const latency = await benchKioskToKitchen(box, Number(process.env.BENCH_KITCHEN_ORDERS ?? 1000));
      console.log('kiosk -> kitchen', latency);
      console.log('wrote', writeResult('kiosk-to-kitchen', { target: { p50Ms: 10, p99Ms: 50 }, ...latency }));
    }
    if (only.has('kiosk')) {
      const kiosk = await benchKiosk(box, { reloads: Number(process.env.BENCH_KIOSK_RELOADS ?? 10), taps: Number(process.env.BENCH_KIOSK_TAPS ?? 30) });
      console.log('kiosk', JSON.stringify(kiosk, null, 2));
      console.log('wrote', writeResult('kiosk', kiosk));
    }
    if (only.has('intake')) {
      const levels = await benchIntake(box, [1, 8, 32, 64], seconds);
      const mem = memory();
      console.log('memory after load', mem);
      console.log('wrote', writeResult('order-intake', {
        target: { ordersPerSecondAt32: 1500, p99MsAt32: 20, servicesTotalMiB: 300 }, secondsPerLevel: seconds, through: 'nginx gateway', levels, memoryAfterLoad: mem,
      }));
    }
  } finally {
    await box.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
