/**
 * `make bench-powercut` (BENCH_ONLY=powercut): the power-cut scenario repeated. BENCH_POWER_CUTS (default 20)
 * cuts with the production durability settings, then BENCH_POWER_MUTATION_CUTS (default 3) with each rule
 * switched off, to show what the same check finds without it. Per cut: orders acknowledged and found, the
 * unflushed pages dropped, the restart time and the load average (the machine is shared).
 */
import { execFileSync } from 'node:child_process';
import { lossOf, powerCutCycle, repoRoot, startPowerCutRig, stopPowerCutRig, type CutResult, type Weakening } from '@kiosk/stack';

export async function benchPowerCut(cuts: number, mutationCuts: number) {
  const rig = await startPowerCutRig('s1');
  const run = async (n: number, weakened?: Weakening) => {
    const results: CutResult[] = [];
    for (let i = 0; i < n; i++) {
      const r = await powerCutCycle(rig, { weakened, patienceMs: weakened ? 30_000 : 90_000 });
      console.log(`cut ${i + 1}/${n} (${r.weakened}): loss ${lossOf(r)}`, JSON.stringify(r));
      results.push(r);
    }
    return summary(results);
  };
  try {
    const production = await run(cuts);
    const postgresAsyncCommit = await run(mutationCuts, { postgres: { synchronous_commit: 'off' } });
    const natsDefaultSync = await run(mutationCuts, { natsDefaultSync: true });
    return { commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).toString().trim(), kiosks: 16, production, mutations: { postgresAsyncCommit, natsDefaultSync } };
  } finally {
    await stopPowerCutRig(rig);
  }
}

function summary(cuts: CutResult[]) {
  const sum = (f: (r: CutResult) => number) => cuts.reduce((s, r) => s + f(r), 0);
  return {
    cuts: cuts.length, acknowledged: sum((r) => r.acknowledged), foundAtStore: sum((r) => r.foundAtStore), lost: sum(lossOf),
    cutsWithLoss: cuts.filter((r) => lossOf(r) > 0).length, perCut: cuts,
  };
}
