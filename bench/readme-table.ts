/**
 * The README's benchmark table, made from bench/results/*.json (never typed by hand): `make bench` rewrites
 * it after every run, `make bench-table` on its own. Each row says which result file and commit it came from.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A result file's JSON: the fields every result has (bench/lib.ts writeResult) and whatever the benchmark wrote. */
export type BenchResult = { benchmark: string; at: string; commit?: string | null; loadAverageAtWrite?: number[] } & Record<string, unknown>;

interface Row { what: string; figure: string; target: string; source: BenchResult }

const n = (v: unknown, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a');
const get = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

/** One row per figure the README quotes, from whichever results exist. */
export function benchRows(results: Record<string, BenchResult>): Row[] {
  const rows: Row[] = [];
  const intake = results['order-intake'];
  if (intake) {
    const levels = (intake.levels as { kiosks: number; ordersPerSecond: number; latencyMs: { p50: number; p99: number }; pgbenchTps: number; ratioToPostgres: number }[] | undefined) ?? [];
    const at32 = levels.find((l) => l.kiosks === 32);
    if (at32) rows.push({ what: 'order intake at 32 kiosks, through nginx', figure: `${n(at32.ordersPerSecond)} orders/s, p50 ${n(at32.latencyMs.p50)} / p99 ${n(at32.latencyMs.p99)} ms (pgbench alone: ${n(at32.pgbenchTps)} tps, ratio ${n(at32.ratioToPostgres, 2)})`, target: '1,500/s and p99 20 ms, or 0.40 of pgbench', source: intake });
    const mem = get(intake, 'memoryAfterLoad.servicesTotalMiB');
    if (mem !== undefined) rows.push({ what: "store services' resident memory after the load", figure: `${n(mem)} MiB`, target: '300 MiB', source: intake });
  }
  const latency = results['kiosk-to-kitchen'];
  if (latency) rows.push({ what: 'kiosk POST -> kitchen socket.io event', figure: `p50 ${n(latency.p50Ms, 1)} / p99 ${n(latency.p99Ms, 1)} ms`, target: '10 / 50 ms', source: latency });
  const display = results['kitchen-display'];
  if (display) {
    const outside = get(display, 'postToDomExternal.p99Ms');
    rows.push({
      what: `kitchen display: POST -> ticket on screen (in the page${outside === undefined ? '' : ' / seen from a second browser'}) / bump -> screen, ${n(display.openTicketsAtBump)} open tickets`,
      figure: `p99 ${n(get(display, 'postToDom.p99Ms'), 1)}${outside === undefined ? '' : ` / ${n(outside, 1)}`} ms / p99 ${n(get(display, 'bumpToDom.p99Ms'), 1)} ms`,
      target: '100 / 50 ms', source: display,
    });
  }
  const backlog = results.backlog;
  if (backlog) {
    const pouch = get(backlog, 'vsPouchDB.pouchReplicateSeconds');
    rows.push({ what: `${n(backlog.orders)} offline orders, link back -> all in central Postgres / receipts back`, figure: `${n(get(backlog, 'secondsAfterLinkUp.allCommittedAtCentral'), 1)} s / ${n(get(backlog, 'secondsAfterLinkUp.receiptsBackPendingZero'), 1)} s${pouch === undefined ? '' : ` (PouchDB, same documents, same run: ${n(pouch, 1)} s)`}`, target: '2 s / 3 s', source: backlog });
  }
  const longOutage = results['backlog-long-outage'];
  if (longOutage) {
    rows.push({ what: `the same after a ${n(get(longOutage, 'outageSeconds'))} s outage (${n(longOutage.orders)} orders)`, figure: `${n(get(longOutage, 'secondsAfterLinkUp.allCommittedAtCentral'), 1)} s / ${n(get(longOutage, 'secondsAfterLinkUp.receiptsBackPendingZero'), 1)} s`, target: 'as after a short one', source: longOutage });
  }
  const sync = results.sync;
  if (sync) rows.push({ what: 'online sync lag, order accepted -> committed at central', figure: `p50 ${n(get(sync, 'onlineLag.p50Ms'))} / p99 ${n(get(sync, 'onlineLag.p99Ms'))} ms`, target: 'p99 500 ms', source: sync });
  const lighthouse = results['kiosk-lighthouse'];
  if (lighthouse) {
    rows.push({
      what: 'kiosk in Lighthouse (mobile preset, median of runs): performance / total blocking time / layout shift',
      figure: `${n(get(lighthouse, 'median.performance'))} / ${n(get(lighthouse, 'median.totalBlockingTimeMs'))} ms / ${n(get(lighthouse, 'median.cumulativeLayoutShift'), 3)}`,
      target: '95 / 200 ms / 0.05', source: lighthouse,
    });
  }
  const kiosk = results.kiosk;
  if (kiosk) rows.push({ what: 'kiosk first menu render offline / tap -> cart', figure: `p50 ${n(get(kiosk, 'offlineFirstRender.firstCardMs.p50'))} ms / p99 ${n(get(kiosk, 'tapToCart.clickToDomMs.p99'), 1)} ms`, target: '1 s / 100 ms', source: kiosk });
  const reports = results.reports;
  if (reports) {
    const endpoints = Object.entries((reports.endpoints ?? {}) as Record<string, { p99Ms: number; medianMs: number }>);
    const within = endpoints.filter(([, e]) => e.p99Ms <= 500);
    const worst = endpoints.reduce<[string, { p99Ms: number; medianMs: number }] | null>((w, e) => (!w || e[1].p99Ms > w[1].p99Ms ? e : w), null);
    if (worst) rows.push({ what: `central reports at ${n(get(reports, 'data.stores'))} stores x ${n(get(reports, 'data.orders'))} orders`, figure: `${within.length} of ${endpoints.length} report queries within 500 ms p99; slowest: ${worst[0]} p50 ${n(worst[1].medianMs)} / p99 ${n(worst[1].p99Ms)} ms`, target: 'every report p99 500 ms', source: reports });
  }
  const fleet = results.fleet;
  if (fleet) {
    const runs = (fleet.summary ?? []) as { ingestReplicas: number; allAtCentralSeconds: number | null; ordersPerSecond: { overall: number | null; peak5s: number | null }; exactlyOnce: boolean; ordersPerReplica: number[]; loadAverageAtLinkUp: number }[];
    // Not drained: how far it got when the limit came (central's key is the order id, so none is there twice).
    const each = runs.map((r) => `${r.ingestReplicas} replica${r.ingestReplicas > 1 ? 's' : ''}: ${r.allAtCentralSeconds === null
      ? `not drained in the limit, ${n(r.ordersPerReplica.reduce((a, b) => a + b, 0))} at central (best 5 s: ${n(r.ordersPerSecond.peak5s)}/s, load ${n(r.loadAverageAtLinkUp)})`
      : `${n(r.allAtCentralSeconds, 1)} s (${n(r.ordersPerSecond.overall)}/s)${r.exactlyOnce ? '' : ', NOT exactly once'}`}`);
    if (runs.length) rows.push({ what: `${n(fleet.stores)} stores x ${n(fleet.ordersPerStore)} offline orders, every link back at once -> all in central Postgres, exactly once ([plot](bench/results/fleet-drain.svg))`, figure: each.join('; '), target: '60 s, rate growing with replicas', source: fleet });
  }
  const memory = results.memory;
  if (memory) {
    const runs = (memory.runs ?? []) as { mode: string; orders: number; totalAfterOrdersMiB: number }[];
    if (runs.length) rows.push({ what: `the store's five Node processes after ${n(runs[0]!.orders)} orders (resident memory)`, figure: `${runs.map((r) => `${r.mode}: ${n(r.totalAfterOrdersMiB)} MiB`).join('; ')} (ratio ${n(memory.ratioOneToEach as number, 2)})`, target: '300 MB', source: memory });
  }
  const boot = results.boot;
  if (boot) rows.push({ what: `store box power back (every process SIGKILLed, central down) -> first accepted order, ${n(boot.boots)} boots`, figure: `median ${n(get(boot, 'firstOrder.medianMs'))} ms (min ${n(get(boot, 'firstOrder.minMs'))} / max ${n(get(boot, 'firstOrder.maxMs'))}) at load ${n(get(boot, 'loadAverage1m'), 1)}`, target: '10 s', source: boot });
  const power = results.powercut;
  if (power) {
    const prod = power.production as { cuts: number; acknowledged: number; lost: number } | undefined;
    const mutations = Object.entries((power.mutations ?? {}) as Record<string, { cutsWithLoss: number; cuts: number; lost: number }>);
    if (prod) rows.push({ what: `power cuts of a store box under ${n(power.kiosks)} ordering kiosks (FUSE drops unsynced writes)`, figure: `${n(prod.cuts)} cuts: ${n(prod.lost)} of ${n(prod.acknowledged)} acknowledged orders lost; with durability switched off: ${mutations.map(([k, m]) => `${k} lost ${n(m.lost)} in ${n(m.cutsWithLoss)}/${n(m.cuts)} cuts`).join(', ')}`, target: '0 lost', source: power });
  }
  return rows;
}

/** The markdown table of `rows`, each with the date and the commit (first 8 characters) it measured. */
export function benchTable(rows: Row[]): string {
  const lines = ['| what | figure | target | measured |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const commit = r.source.commit ? `\`${r.source.commit.slice(0, 8)}${r.source.commit.endsWith('-dirty') ? '+' : ''}\`` : 'commit not recorded';
    const load = r.source.loadAverageAtWrite?.[0];
    lines.push(`| ${r.what} | ${r.figure} | ${r.target} | ${r.source.at.slice(0, 10)}, ${commit}${load === undefined ? '' : `, load ${n(load, 1)}`} (\`${r.source.benchmark}.json\`) |`);
  }
  return lines.join('\n');
}

const start = '<!-- bench-table:start (made by `make bench-table` from bench/results; do not edit) -->';
const end = '<!-- bench-table:end -->';

/** `readme` with the text between the markers replaced by `table`; throws if the markers are missing. */
export function withBenchTable(readme: string, table: string): string {
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no benchmark table markers (${start} ... ${end})`);
  return `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`;
}

export function readResults(dir: string): Record<string, BenchResult> {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return Object.fromEntries(files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchResult]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const readmeFile = join(root, 'README.md');
  const table = benchTable(benchRows(readResults(join(root, 'bench/results'))));
  writeFileSync(readmeFile, withBenchTable(readFileSync(readmeFile, 'utf8'), table));
  console.log(table);
}
