/**
 * `make bench`: starts a real store box on free ports and measures it. Results: bench/results/*.json.
 * BENCH_SECONDS (default 10) per intake level; BENCH_ONLY=intake,kitchen,kiosk,display,lighthouse to run a subset
 * (uplink, sync, backlog, reports and pouchdb start central too and run only when named; pouchdb replicates the
 * orders the backlog took, so it runs the backlog as well: BENCH_ONLY=backlog,pouchdb or just pouchdb)
 * (boot restarts a store box whose central is down 12 times: BENCH_ONLY=boot, make bench-boot)
 * (memory: the store's Node processes after 10,000 orders, one per service and all in one: BENCH_ONLY=memory, make bench-memory)
 * (powercut cuts the power of a store box on a FUSE filesystem 20 times: BENCH_ONLY=powercut, make bench-powercut)
 * (fleet: 100 stores reconnecting at once with 1, 2 and 4 central-ingest replicas: BENCH_ONLY=fleet, make bench-fleet)
 * (kiosk, display and lighthouse drive the built web apps in headless Chromium, so the box builds them first).
 */
import { residentMiB, startCentral, startStoreBox, stopChildrenOnSignal } from '@kiosk/stack';
import { benchIntake } from './intake.js';
import { benchKiosk } from './kiosk.js';
import { benchKitchenDisplayFigures } from './kitchen-display.js';
import { benchLighthouse } from './lighthouse.js';
import { benchKioskToKitchen } from './kitchen-latency.js';
import { writeResult } from './lib.js';
import { benchUplink } from './uplink.js';
import { benchSync } from './sync.js';
import { benchBacklog } from './backlog.js';
import { benchPowerCut } from './powercut.js';
import { benchBoot } from './boot.js';
import { benchReports } from './reports.js';
import { benchFleet } from './fleet.js';
import { benchMemory } from './memory.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const only = new Set((process.env.BENCH_ONLY ?? 'intake,kitchen,kiosk,display,lighthouse').split(','));

async function main() {
  // Interrupted (Ctrl-C, a timeout's SIGTERM): stop what the run started rather than leave it running.
  stopChildrenOnSignal();
  if (only.has('powercut')) {
    // Central plus a store box on powercut-fs (FUSE, root): runs only when asked for (make bench-powercut).
    const result = await benchPowerCut(Number(process.env.BENCH_POWER_CUTS ?? 20), Number(process.env.BENCH_POWER_MUTATION_CUTS ?? 3));
    console.log('wrote', writeResult('powercut', result));
    if (![...only].some((k) => k !== 'powercut')) return;
  }
  if (only.has('fleet')) {
    // A hundred stores and central on one machine for several minutes: runs only when asked for (make bench-fleet).
    const result = await benchFleet({
      stores: Number(process.env.BENCH_FLEET_STORES ?? 100), ordersPerStore: Number(process.env.BENCH_FLEET_ORDERS ?? 1_000),
      replicas: (process.env.BENCH_FLEET_REPLICAS ?? '1,2,4').split(',').map(Number),
      // 25 stores' uplinks per process (UplinkHost): a Node process per store measured the uplinks, not central.
      uplinksPerProcess: Number(process.env.BENCH_FLEET_UPLINKS_PER_PROCESS ?? 25),
      // How long a run may drain before it is recorded as not done, with how far it got.
      limitMs: 1000 * Number(process.env.BENCH_FLEET_LIMIT_S ?? 300),
    }, (soFar) => console.log('wrote', writeResult('fleet', soFar), soFar.plot));
    console.log('fleet', JSON.stringify(result.summary));
    if (![...only].some((k) => k !== 'fleet')) return;
  }
  if (only.has('memory')) {
    // Two boxes in turn (one process per service, then one process), each with its own central: make bench-memory.
    const result = await benchMemory(Number(process.env.BENCH_MEMORY_ORDERS ?? 10_000));
    console.log('memory', JSON.stringify(result, null, 2));
    console.log('wrote', writeResult('memory', result));
    if (![...only].some((k) => k !== 'memory')) return;
  }
  if (only.has('boot')) {
    // A store box killed and started again, central down: runs only when asked for (make bench-boot).
    const result = await benchBoot(Number(process.env.BENCH_BOOTS ?? 12));
    console.log('boot', JSON.stringify({ ...result, perBoot: undefined }, null, 2));
    console.log('wrote', writeResult('boot', result));
    if (![...only].some((k) => k !== 'boot')) return;
  }
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
  if (only.has('reports')) {
    // Central Postgres with 100 stores x 1,000,000 orders and central-admin: runs only when asked for (BENCH_ONLY=reports).
    const result = await benchReports({ orders: Number(process.env.BENCH_REPORT_ORDERS ?? 1_000_000), requests: Number(process.env.BENCH_REPORT_REQUESTS ?? 200) });
    console.log('reports', JSON.stringify(result, null, 2));
    console.log('wrote', writeResult('reports', result));
    if (![...only].some((k) => k !== 'reports')) return;
  }
  if (only.has('backlog') || only.has('pouchdb')) {
    // BENCH_BACKLOG_OUTAGE_S: keep the link down that long in all (the long-outage case, its own result file).
    const outageSeconds = Number(process.env.BENCH_BACKLOG_OUTAGE_S ?? 0);
    const { backlog, pouchdb } = await benchBacklog({ orders: Number(process.env.BENCH_BACKLOG_ORDERS ?? 10_000), kiosks: 16, pouchdb: only.has('pouchdb'), outageSeconds });
    console.log('backlog', JSON.stringify(backlog, null, 2), 'pouchdb', JSON.stringify(pouchdb, null, 2));
    console.log('wrote', writeResult(outageSeconds > 0 ? 'backlog-long-outage' : 'backlog', backlog), pouchdb ? writeResult('pouchdb', pouchdb) : '');
    if (![...only].some((k) => !['sync', 'uplink', 'backlog', 'pouchdb'].includes(k))) return;
  }
  // The box benches measure a store as it runs in `make demo`: central up, the box linked to it and a second
  // store beside it, all sharing this machine's cores (BENCH_ALONE=1: the box alone, as earlier results were).
  const alone = process.env.BENCH_ALONE === '1';
  const central = alone ? undefined : await startCentral({ stores: ['bench', 's2'] });
  const neighbour = central && await startStoreBox({ storeId: 's2', hub: central.hub.leafFor('s2'), env: { LOG_LEVEL: 'warn' } });
  const box = await startStoreBox({ storeId: 'bench', build: only.has('kiosk') || only.has('display') || only.has('lighthouse'), hub: central?.hub.leafFor('bench'), env: { LOG_LEVEL: 'warn' } });
  const conditions = alone ? 'the store box alone' : 'central, the store box linked to it and a second linked store (as make demo runs)';
  try {
    const memory = () => {
      const services = Object.fromEntries(Object.entries(box.services).map(([name, p]) => [name, residentMiB(p.pid)]));
      const servicesTotal = Object.values(services).reduce<number>((sum, v) => sum + (v ?? 0), 0);
      return { servicesMiB: services, servicesTotalMiB: Math.round(servicesTotal), natsMiB: residentMiB(box.nats.proc.pid), redisMiB: residentMiB(box.redis.proc.pid) };
    };
    // First, on a box with no open tickets: the target is a display with 200 open, not the thousands the
    // other benches leave behind.
    if (only.has('display')) {
      const display = await benchKitchenDisplayFigures(box, Number(process.env.BENCH_DISPLAY_ORDERS ?? 200));
      console.log('kitchen display', JSON.stringify(display, null, 2));
      console.log('wrote', writeResult('kitchen-display', { conditions, ...display }));
    }
    if (only.has('kitchen')) {
      const latency = await benchKioskToKitchen(box, Number(process.env.BENCH_KITCHEN_ORDERS ?? 1000));
      console.log('kiosk -> kitchen', latency);
      console.log('wrote', writeResult('kiosk-to-kitchen', { conditions, target: { p50Ms: 10, p99Ms: 50 }, ...latency }));
    }
    if (only.has('lighthouse')) {
      const result = await benchLighthouse(`${box.gatewayUrl}/kiosk/`, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5));
      console.log('lighthouse', JSON.stringify(result.median), result.meets);
      console.log('wrote', writeResult('kiosk-lighthouse', { conditions, ...result }));
    }
    if (only.has('kiosk')) {
      const kiosk = await benchKiosk(box, { reloads: Number(process.env.BENCH_KIOSK_RELOADS ?? 10), taps: Number(process.env.BENCH_KIOSK_TAPS ?? 30) });
      console.log('kiosk', JSON.stringify(kiosk, null, 2));
      console.log('wrote', writeResult('kiosk', { conditions, ...kiosk }));
    }
    if (only.has('intake')) {
      const levels = await benchIntake(box, [1, 8, 32, 64], seconds);
      const mem = memory();
      console.log('memory after load', mem);
      console.log('wrote', writeResult('order-intake', {
        conditions, target: { ordersPerSecondAt32: 1500, p99MsAt32: 20, servicesTotalMiB: 300 }, secondsPerLevel: seconds, through: 'nginx gateway', levels, memoryAfterLoad: mem,
      }));
    }
  } finally {
    await box.stop();
    await neighbour?.stop();
    await central?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
