/** Shared pieces of the benchmarks: realistic orders from the live catalog, percentiles, results files. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { CatalogView, PlaceOrderRequest } from '@kiosk/contracts/api';
import { cpuSecondsOf, repoRoot } from '@kiosk/stack';

export const resultsDir = join(repoRoot, 'bench/results');

/** A 3-item order like a kiosk sends: three products, each with the first option of every required group. */
export function orderFactory(catalog: CatalogView): () => PlaceOrderRequest {
  const products = catalog.products.filter((p) => p.available);
  const line = (i: number) => {
    const p = products[(i * 7) % products.length]!;
    const optionIds = p.optionGroups.filter((g) => g.min > 0).map((g) => g.options.find((o) => o.available)!.id);
    return { productId: p.id, quantity: 1 + (i % 2), optionIds };
  };
  let n = 0;
  return () => {
    n++;
    return {
      globalId: randomUUID(), kioskId: `bench-${n % 8}`, mode: n % 3 === 0 ? 'takeaway' : 'dine_in', customerName: 'Bench',
      lines: [line(n), line(n + 1), line(n + 2)], payment: { method: n % 2 ? 'cash' : 'card' },
    };
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/**
 * Writes bench/results/<name>.json with what makes a figure comparable later: the commit it measured (and
 * whether the tree had uncommitted changes), the machine, its load average when the result was written, and
 * the other processes that were using the CPU then (the machine is shared).
 */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  const context = { benchmark: name, at: new Date().toISOString(), commit: gitCommit(), machine: machine(), loadAverageAtWrite: loadavg().map((l) => Math.round(l * 100) / 100), alsoRunning: busyProcesses() };
  writeFileSync(file, `${JSON.stringify({ ...context, ...(data as object) }, null, 2)}\n`);
  return file;
}

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1];
  return { cpus: Number(execFileSync('nproc').toString().trim()), cpu, node: process.version };
}

/** `<sha>` of HEAD, with `-dirty` when tracked files other than results differ from it (the figure then measured more than the commit). */
export function gitCommit(): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results'], { cwd: repoRoot }).toString().trim() !== '';
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return null;
  }
}

/** The processes using the most CPU right now (name and %CPU), so a result says what else was running. */
function busyProcesses(): { command: string; cpuPercent: number }[] {
  try {
    const lines = execFileSync('ps', ['-eo', 'pcpu=,comm=', '--sort=-pcpu']).toString().trim().split('\n').slice(0, 8);
    return lines.map((l) => /^\s*([\d.]+)\s+(.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ command: m[2]!, cpuPercent: Number(m[1]) })).filter((p) => p.cpuPercent >= 5);
  } catch {
    return [];
  }
}

/**
 * CPU seconds used so far by each named process and its descendants (Postgres' backends under the postmaster,
 * nginx's workers under the master). Two readings around a run say where its CPU went, process by process.
 */
export function cpuSecondsByProcess(roots: Record<string, number | undefined>): Record<string, number> {
  return cpuSecondsOf(Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, [pid]])));
}
