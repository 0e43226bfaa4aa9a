import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskGuard, diskLevelOf, diskStateOf, readDiskSamples, type DiskThresholds } from '../../src/disk-guard.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const pi: DiskThresholds = { warnPercent: 10, warnBytes: GiB, refusePercent: 3, refuseBytes: 256 * MiB };

describe('disk guard levels', () => {
  it('on a 32 GB card warns under 1 GiB and refuses under 256 MiB (the byte figures are the smaller limits)', () => {
    const total = 32 * GiB;
    expect(diskLevelOf({ totalBytes: total, freeBytes: 2 * GiB }, pi)).to.equal('ok');
    expect(diskLevelOf({ totalBytes: total, freeBytes: GiB - 1 }, pi)).to.equal('low');
    expect(diskLevelOf({ totalBytes: total, freeBytes: 256 * MiB }, pi)).to.equal('low');
    expect(diskLevelOf({ totalBytes: total, freeBytes: 256 * MiB - 1 }, pi)).to.equal('full');
  });

  it('on a small filesystem the percentages are the limits', () => {
    const total = 100 * MiB;
    expect(diskLevelOf({ totalBytes: total, freeBytes: 11 * MiB }, pi)).to.equal('ok');
    expect(diskLevelOf({ totalBytes: total, freeBytes: 9 * MiB }, pi)).to.equal('low');
    expect(diskLevelOf({ totalBytes: total, freeBytes: 2 * MiB }, pi)).to.equal('full');
  });

  it('the fullest path decides, and no readable path means no verdict against the box', () => {
    const s = diskStateOf([
      { path: '/pg', totalBytes: 100 * MiB, freeBytes: 50 * MiB },
      { path: '/nats', totalBytes: 100 * MiB, freeBytes: 2 * MiB },
    ], pi);
    expect(s.level).to.equal('full');
    expect(s.worst?.path).to.equal('/nats');
    expect(diskStateOf([], pi)).to.deep.equal({ level: 'ok', worst: null });
  });

  it('reads a real path, skips a missing one, and reports a change of level', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disk-guard-'));
    try {
      const samples = await readDiskSamples([dir, join(dir, 'missing')]);
      expect(samples.map((s) => s.path)).to.deep.equal([dir]);
      expect(samples[0]!.totalBytes).to.be.greaterThan(0);
      const changes: string[] = [];
      // Refuse below 100 % free: whatever the disk holds, it is "full" for this guard.
      const guard = new DiskGuard({ paths: [dir], thresholds: { ...pi, refusePercent: 100, refuseBytes: Number.MAX_SAFE_INTEGER }, everyMs: 1_000, onChange: (st, was) => changes.push(`${was}->${st.level}`) });
      await guard.check();
      expect(guard.state().level).to.equal('full');
      expect(changes).to.deep.equal(['ok->full']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
