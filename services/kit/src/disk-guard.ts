import { z } from 'zod';
import { diskSpace } from './health.js';

/** `ok`; `low`: warn the manager and central; `full`: refuse new orders before Postgres or NATS run out. */
export type DiskLevel = 'ok' | 'low' | 'full';

export interface DiskSample {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export interface DiskThresholds {
  warnPercent: number;
  warnBytes: number;
  refusePercent: number;
  refuseBytes: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * The guard's settings. The defaults suit a Pi's 16-64 GB SD card: warn under 1 GiB (or 10 % on a smaller
 * card), refuse orders under 256 MiB (or 3 %), which leaves Postgres' WAL and JetStream room to finish.
 */
export const diskGuardConfig = z.object({
  /** The data paths to watch (Postgres data dir, NATS store dir), comma-separated; the lowest one counts. */
  DISK_PATHS: z.string().default('').transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean)),
  DISK_WARN_PERCENT: z.coerce.number().min(0).max(100).default(10),
  DISK_WARN_BYTES: z.coerce.number().int().min(0).default(GiB),
  DISK_REFUSE_PERCENT: z.coerce.number().min(0).max(100).default(3),
  DISK_REFUSE_BYTES: z.coerce.number().int().min(0).default(256 * MiB),
  /** How often the free space is read. */
  DISK_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
}).shape;

export function diskThresholdsOf(c: { DISK_WARN_PERCENT: number; DISK_WARN_BYTES: number; DISK_REFUSE_PERCENT: number; DISK_REFUSE_BYTES: number }): DiskThresholds {
  return { warnPercent: c.DISK_WARN_PERCENT, warnBytes: c.DISK_WARN_BYTES, refusePercent: c.DISK_REFUSE_PERCENT, refuseBytes: c.DISK_REFUSE_BYTES };
}

/**
 * A limit is the smaller of its percentage of the filesystem and its byte figure: a large disk is not kept 3 %
 * empty, a small one is not declared full while it still has a few percent.
 */
function limit(totalBytes: number, percent: number, bytes: number): number {
  return Math.min((totalBytes * percent) / 100, bytes);
}

export function diskLevelOf(sample: Pick<DiskSample, 'freeBytes' | 'totalBytes'>, t: DiskThresholds): DiskLevel {
  if (sample.freeBytes < limit(sample.totalBytes, t.refusePercent, t.refuseBytes)) return 'full';
  if (sample.freeBytes < limit(sample.totalBytes, t.warnPercent, t.warnBytes)) return 'low';
  return 'ok';
}

const rank: Record<DiskLevel, number> = { ok: 0, low: 1, full: 2 };

export interface DiskState {
  level: DiskLevel;
  /** The fullest watched path (the one that decides the level); null when none could be read. */
  worst: DiskSample | null;
}

/** The worst level over every watched path; with no readable path the level is `ok` (nothing to go on). */
export function diskStateOf(samples: DiskSample[], t: DiskThresholds): DiskState {
  let worst: DiskSample | null = null;
  let level: DiskLevel = 'ok';
  for (const s of samples) {
    const l = diskLevelOf(s, t);
    if (!worst || rank[l] > rank[level] || (rank[l] === rank[level] && s.freeBytes < worst.freeBytes)) {
      worst = s;
      level = l;
    }
  }
  return { level, worst };
}

export async function readDiskSamples(paths: string[]): Promise<DiskSample[]> {
  const read = await Promise.all(paths.map(async (path) => {
    try {
      const { freeBytes, totalBytes } = await diskSpace(path);
      return { path, freeBytes, totalBytes };
    } catch {
      return null;
    }
  }));
  return read.filter((s): s is DiskSample => s !== null);
}

/** Reads the watched paths on a timer and keeps the latest state, so a request never waits on statfs. */
export class DiskGuard {
  private current: DiskState = { level: 'ok', worst: null };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: { paths: string[]; thresholds: DiskThresholds; everyMs: number; onChange?: (s: DiskState, was: DiskLevel) => void }) {}

  state(): DiskState {
    return this.current;
  }

  async check(): Promise<DiskState> {
    const next = diskStateOf(await readDiskSamples(this.options.paths), this.options.thresholds);
    const was = this.current.level;
    this.current = next;
    if (next.level !== was) this.options.onChange?.(next, was);
    return next;
  }

  async start(): Promise<this> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.everyMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
