/**
 * `make bench-fleet` (BENCH_ONLY=fleet): a fleet of stores reconnecting at once (ops/stack/src/fleet.ts). For
 * each central-ingest replica count, a fresh central and fresh stores: BENCH_FLEET_STORES (default 100) stores
 * with BENCH_FLEET_ORDERS (default 1,000) orders each taken offline, every link restored at once, timed until
 * central Postgres holds all of them exactly once. BENCH_FLEET_REPLICAS (default 1,2,4); BENCH_FLEET_LIMIT_S (default 300):
 * how long a run may drain.
 * Results: bench/results/fleet.json and the drain curve bench/results/fleet-drain.svg.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFleetDrain, type FleetDrain } from '@kiosk/stack';
import { drainPlotSvg } from './fleet-plot.js';
import { gitCommit, resultsDir } from './lib.js';

const targetSeconds = 60;

/** One point per half second is plenty for the results file and the plot. */
function thin(curve: FleetDrain['curve']): FleetDrain['curve'] {
  let last = -Infinity;
  return curve.filter((p, i) => {
    if (p.seconds - last < 0.5 && i !== curve.length - 1) return false;
    last = p.seconds;
    return true;
  });
}

/**
 * Runs the drain once per replica count; after each run, `save` gets the results so far (a run takes minutes on
 * a shared machine, and one that fails later must not lose the ones before it).
 */
export async function benchFleet(opts: { stores: number; ordersPerStore: number; replicas: number[]; uplinksPerProcess: number; limitMs: number }, save: (result: ReturnType<typeof fleetResult>) => void) {
  const runs: FleetDrain[] = [];
  for (const ingestReplicas of opts.replicas) {
    const run = await runFleetDrain({
      stores: opts.stores, ordersPerStore: opts.ordersPerStore, ingestReplicas, uplinksPerProcess: opts.uplinksPerProcess, limitMs: opts.limitMs,
      log: (l) => console.log(`[fleet x${ingestReplicas}] ${l}`),
    });
    const { curve, ...figures } = run;
    console.log(`[fleet x${ingestReplicas}]`, JSON.stringify(figures));
    runs.push({ ...run, curve: thin(curve) });
    save(fleetResult(opts, runs));
  }
  return fleetResult(opts, runs);
}

function fleetResult(opts: { stores: number; ordersPerStore: number; uplinksPerProcess: number }, runs: FleetDrain[]) {
  const total = opts.stores * opts.ordersPerStore;
  const svg = drainPlotSvg({
    title: `${opts.stores} stores x ${opts.ordersPerStore.toLocaleString('en-US')} offline orders, all links back at once (${gitCommit()?.slice(0, 8) ?? ''})`,
    total, targetSeconds,
    series: runs.map((r) => ({
      label: `${r.ingestReplicas} ingest replica${r.ingestReplicas > 1 ? 's' : ''}: ${r.secondsAfterLinkUp.allAtCentral ?? 'not done'} s`,
      points: r.curve.map((p) => ({ seconds: p.seconds, value: p.atCentral })),
    })),
  });
  const plot = join(resultsDir, 'fleet-drain.svg');
  writeFileSync(plot, svg);
  return {
    target: { allAtCentralSeconds: targetSeconds, ingestRateGrowsWithReplicas: true },
    stores: opts.stores, ordersPerStore: opts.ordersPerStore, uplinksPerProcess: opts.uplinksPerProcess, plot: 'bench/results/fleet-drain.svg',
    summary: runs.map((r) => ({
      ingestReplicas: r.ingestReplicas, allAtCentralSeconds: r.secondsAfterLinkUp.allAtCentral, allAtHubSeconds: r.secondsAfterLinkUp.allAtHub,
      ordersPerSecond: r.ordersPerSecond, exactlyOnce: r.exactlyOnce.ok, loadAverageAtLinkUp: r.loadAverage.atLinkUp,
      hubNodesPeakMiB: r.memoryMiB.hubNodesPeak, ingestPeakMiB: r.memoryMiB.ingestPeak, ordersPerReplica: r.ordersPerReplica,
    })),
    setup: 'Per store: its own nats-server (store config, users, JetStream domain, TLS leaf link to its own hub account) and the real uplink service; the backlog published into SALES_<ID> as the order service\'s outbox relay publishes it. Central: 3 hub nodes (R3, fsync on every write), Postgres, central-admin, central-fleet, N central-ingest replicas. Everything on one shared 2-core machine.',
    runs,
  };
}
