import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small filesystem of its own (tmpfs, `size=` caps it), to give a store box's Postgres and nats-server data a
 * disk that really fills up: the disk guard is tested against ENOSPC's neighbourhood, not a faked figure.
 * Needs root (mount). `fill` writes a ballast file until the free space is down to what is asked; `free` drops it.
 */
export interface SmallDisk {
  mountpoint: string;
  freeBytes(): number;
  /** Appends ballast until at most `leaveBytes` are free (never past it: the last write is cut to fit). */
  fillUntil(leaveBytes: number, chunkBytes?: number): void;
  /** Deletes the ballast. */
  release(): void;
  unmount(): void;
}

export function mountSmallDisk(mountpoint: string, sizeMiB: number): SmallDisk {
  mkdirSync(mountpoint, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0755`, 'tmpfs', mountpoint], { stdio: 'pipe' });
  chmodSync(mountpoint, 0o755);
  const ballast = join(mountpoint, 'ballast');
  const freeBytes = () => {
    const s = statfsSync(mountpoint);
    return s.bavail * s.bsize;
  };
  return {
    mountpoint,
    freeBytes,
    fillUntil(leaveBytes, chunkBytes = 4 * 1024 * 1024) {
      const fd = openSync(ballast, 'a');
      try {
        for (let excess = freeBytes() - leaveBytes; excess > 0; excess = freeBytes() - leaveBytes) {
          writeSync(fd, Buffer.alloc(Math.min(chunkBytes, excess), 0x5a));
        }
      } finally {
        closeSync(fd);
      }
    },
    release() {
      rmSync(ballast, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', mountpoint], { stdio: 'pipe' });
    },
  };
}
