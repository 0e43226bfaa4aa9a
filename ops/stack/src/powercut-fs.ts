import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './paths.js';
import { ManagedProcess, waitFor } from './process.js';

/**
 * A filesystem that loses what was not fsynced when the power goes: ops/powercut-fs/powercut-fs.c, a FUSE
 * passthrough that holds written data in memory until fsync/fdatasync and, on `cut()`, drops it and fails
 * every later call. `kill -9` alone keeps the kernel's page cache, so only this shows whether the durability
 * settings (Postgres fsync and synchronous commit, nats-server `sync_interval: always`) do their job.
 * Needs root, /dev/fuse and Debian's fuse3 + libfuse3-dev (ops/install-deps.sh).
 */
export interface PowerCutFs {
  /** Where the processes see their data. */
  mountpoint: string;
  /** What survived: only flushed data lands here. */
  backingDir: string;
  /** Drops every unflushed write and freezes the filesystem; returns how many unflushed 4 KiB pages it dropped. */
  cut(): Promise<number>;
  /** Unmounts (a clean unmount of a filesystem that was not cut flushes everything first, like a shutdown). */
  unmount(): Promise<void>;
}

const source = join(repoRoot, 'ops/powercut-fs/powercut-fs.c');
const binary = join(repoRoot, '.tools/powercut-fs/powercut-fs');

/** Compiles powercut-fs into .tools/ when it is missing or older than its source; returns the binary. */
export function buildPowerCutFs(): string {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  mkdirSync(join(repoRoot, '.tools/powercut-fs'), { recursive: true });
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'fuse3']).toString().trim().split(/\s+/);
  execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', binary, source, ...flags], { stdio: 'pipe' });
  return binary;
}

/** Mounts powercut-fs over `mountpoint`, backed by `backingDir` (both created if missing). */
export async function mountPowerCutFs(opts: { backingDir: string; mountpoint: string; logFile: string }): Promise<PowerCutFs> {
  const bin = buildPowerCutFs();
  mkdirSync(opts.backingDir, { recursive: true, mode: 0o755 });
  mkdirSync(opts.mountpoint, { recursive: true, mode: 0o755 });
  const proc = new ManagedProcess('powercut-fs', bin, [opts.backingDir, opts.mountpoint], { logFile: opts.logFile }).start();
  await waitFor('powercut-fs mounted', async () => isMounted(opts.mountpoint), 10_000, proc);
  let cutLines = 0;
  return {
    mountpoint: opts.mountpoint,
    backingDir: opts.backingDir,
    async cut() {
      proc.signal('SIGUSR1');
      let dropped = -1;
      await waitFor('powercut-fs cut', async () => {
        const lines = [...readFileSync(opts.logFile, 'utf8').matchAll(/cut, dropped (\d+) unflushed pages/g)];
        if (lines.length <= cutLines) return false;
        dropped = Number(lines[lines.length - 1]?.[1]);
        return true;
      }, 10_000);
      cutLines += 1;
      return dropped;
    },
    async unmount() {
      await unmount(opts.mountpoint);
      await Promise.race([proc.whenExited(), sleep(10_000)]);
      await proc.kill();
    },
  };
}

/** Is a FUSE filesystem mounted exactly at `dir`? */
export function isMounted(dir: string): boolean {
  return readFileSync('/proc/self/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1] === dir);
}

/** fusermount3 -u, and a lazy unmount when something still holds it: a failed test must leave no mount. */
export async function unmount(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20 && isMounted(dir); attempt++) {
    try {
      execFileSync('fusermount3', ['-u', dir], { stdio: 'pipe' });
    } catch {
      await sleep(250);
    }
  }
  if (isMounted(dir)) execFileSync('fusermount3', ['-u', '-z', dir], { stdio: 'pipe' });
}

/**
 * Every process below `pids` (children, grandchildren: Postgres's backends), the given ones included,
 * read from /proc.
 */
export function processTree(pids: number[]): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone in the meantime
    }
  }
  const all = new Set<number>();
  const visit = (pid: number) => {
    if (all.has(pid)) return;
    all.add(pid);
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  pids.forEach(visit);
  return [...all];
}

/** Sends `signal` to each pid; a process already gone is fine. */
export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
