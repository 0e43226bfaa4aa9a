import { readdirSync, readFileSync } from 'node:fs';

// What a process costs, read from Linux's /proc: for benchmarks and their results.

/** Resident memory of a process in MiB (one decimal), or null once it is gone. */
export function residentMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) used so far by each group of processes, each process with all its descendants
 * (Postgres' backends are its postmaster's children, and the postmaster may be a child of the process the stack
 * started). One pass over /proc for all groups; a process that is gone counts 0.
 */
export function cpuSecondsOf<K extends string>(groups: Record<K, (number | undefined)[]>): Record<K, number> {
  const procs = new Map<number, { ticks: number; ppid: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { ticks: Number(f[11]) + Number(f[12]), ppid: Number(f[1]) });
    } catch {
      // gone between the listing and the read
    }
  }
  const out = {} as Record<K, number>;
  for (const [name, pids] of Object.entries(groups) as [K, (number | undefined)[]][]) {
    const tree = new Set(pids.filter((p): p is number => p !== undefined));
    for (let grew = true; grew;) {
      grew = false;
      for (const [p, { ppid }] of procs) if (!tree.has(p) && tree.has(ppid)) { tree.add(p); grew = true; }
    }
    out[name] = [...tree].reduce((sum, p) => sum + (procs.get(p)?.ticks ?? 0), 0) / clockTicksPerSecond;
  }
  return out;
}

/** CPU seconds the whole machine has spent busy since boot (every core; /proc/stat's first line, idle and iowait left out). */
export function machineCpuSeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / clockTicksPerSecond;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times, on every architecture Node runs on here. */
const clockTicksPerSecond = 100;

/**
 * The machine's disk work since boot, over its real disks (/proc/diskstats, loop, RAM and device-mapper devices
 * left out): flushes completed (an fsync or fdatasync reaches the disk as one) and ms spent flushing.
 */
export function diskActivity(): { flushes: number; flushMs: number } {
  const out = { flushes: 0, flushMs: 0 };
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2] ?? '';
    const partition = /\d$/.test(name) && !/^nvme\d+n\d+$/.test(name); // sda1, nvme0n1p1: counted in their disk
    if (f.length < 20 || partition || /^(loop|ram|zram|dm-)/.test(name)) continue;
    out.flushes += Number(f[18]);
    out.flushMs += Number(f[19]);
  }
  return out;
}
