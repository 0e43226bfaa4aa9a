/**
 * `make bench-boot` (BENCH_ONLY=boot): a store box whose central is down loses its power BENCH_BOOTS times
 * (default 12; every process SIGKILLed) and is started again; per boot, power back -> the kiosk's first accepted
 * order through the gateway, the gateway's /health first 200, and each process's time to listening / healthy.
 * The service bundles exist before the first cut (bundling is not part of a boot).
 */
import { bootCycle, startBootRig, stopBootRig, type BootResult } from '@kiosk/stack';
import { median } from './lib.js';

export async function benchBoot(boots: number) {
  const rig = await startBootRig('s1');
  const results: BootResult[] = [];
  try {
    for (let i = 0; i < boots; i++) {
      const r = await bootCycle(rig);
      console.log(`boot ${i + 1}/${boots}: first order ${r.firstOrderMs} ms, healthy ${r.healthyMs} ms`, JSON.stringify(r));
      results.push(r);
    }
  } finally {
    await stopBootRig(rig);
  }
  const stats = (f: (r: BootResult) => number) => {
    const v = results.map(f);
    return { medianMs: median(v), minMs: Math.min(...v), maxMs: Math.max(...v) };
  };
  const processNames = Object.keys(results[0]?.processes ?? {});
  return {
    target: { firstOrderMs: 10_000 }, centralDown: true, boots: results.length,
    loadAverage1m: median(results.map((r) => r.loadAverage1m)),
    firstOrder: stats((r) => r.firstOrderMs), gatewayHealthy: stats((r) => r.healthyMs), boxStarted: stats((r) => r.startedMs),
    ordersRefusedAtFirstHealthy: results.filter((r) => r.orderAtFirstHealthy !== 201).length,
    processesMedianMs: Object.fromEntries(processNames.map((n) => [n, median(results.map((r) => r.processes[n] ?? NaN))])),
    perBoot: results,
  };
}
