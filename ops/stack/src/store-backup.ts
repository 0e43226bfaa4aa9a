import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findBin, opsDir, postgresBinDir } from './paths.js';

/** The store's nightly backup script (docker-compose.yml's `db-backup` service runs it on its schedule). */
export const storeBackupScript = join(opsDir, 'postgres/nightly-backup.sh');

const run = (cmd: string, args: string[], env: Record<string, string>) => new Promise<string>((resolve, reject) => {
  execFile(cmd, args, { env: { PATH: `${postgresBinDir()}:${process.env.PATH ?? ''}`, ...env } }, (err, stdout, stderr) => {
    if (err) reject(new Error(`${cmd.split('/').pop()} failed: ${stderr.trim() || err.message}`));
    else resolve(stdout.trim());
  });
});

/** One backup of a store database into `dir` (a second disk), keeping the newest `keep`; the file written. */
export function backupStoreDatabase(opts: { databaseUrl: string; dir: string; keep?: number }): Promise<string> {
  return run(findBin('sh', ['/bin']), [storeBackupScript, '--once'], {
    DATABASE_URL: opts.databaseUrl, STORE_BACKUP_DIR: opts.dir, STORE_BACKUP_KEEP: String(opts.keep ?? 7),
  });
}

/** The store backups in `dir`, newest first. */
export function storeBackups(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^store-\d{8}T\d{9}Z\.dump$/.test(f)).sort().reverse().map((f) => join(dir, f));
}

/**
 * Restores a store backup into a database (the box's, stopped services; or a new box's, empty): every table
 * dropped and recreated from the dump, in one transaction, so a failed restore leaves the database as it was.
 */
export async function restoreStoreDatabase(file: string, databaseUrl: string): Promise<void> {
  await run(join(postgresBinDir(), 'pg_restore'), ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${databaseUrl}`, file], {});
}
