/**
 * `make backup` / `make restore TARGET_TIME=...` / `make backup-info` on the demo's central Postgres
 * (.data/central/postgres, repository in .data/central/backup).
 *   backup [full|diff|incr]  a backup now, while the demo runs (default: full)
 *   restore <time>           with the demo stopped: central Postgres back to <time> (`make demo` then replays
 *                            WAL up to it and opens); e.g. '2026-11-26 15:04:05+00'
 *   info                     the repository's backups and WAL archive
 */
import { join } from 'node:path';
import { centralBackup, demoCentralPorts, repoRoot, type BackupType } from '../index.js';

const baseDir = join(repoRoot, '.data', 'central');
const pgbackrest = centralBackup(baseDir, demoCentralPorts().postgres);

async function main(command: string | undefined, arg: string | undefined) {
  if (command === 'backup') {
    const type = (arg || 'full') as BackupType;
    if (!['full', 'diff', 'incr'].includes(type)) throw new Error(`backup type: full, diff or incr, not ${type}`);
    const t0 = Date.now();
    await pgbackrest.backup(type);
    console.log(`${type} backup of central done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else if (command === 'restore') {
    if (!arg) throw new Error("restore needs a target time: make restore TARGET_TIME='2026-11-26 15:04:05+00'");
    const t0 = Date.now();
    await pgbackrest.restore(arg);
    console.log(`central Postgres restored to ${arg} in ${((Date.now() - t0) / 1000).toFixed(1)} s; \`make demo\` replays WAL up to it and opens`);
  } else if (command === 'info') {
    console.log(await pgbackrest.run(['info']));
  } else {
    throw new Error('usage: backup.ts backup [full|diff|incr] | restore <time> | info');
  }
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
