/**
 * `make store-backup STORE=s1` / `make store-restore STORE=s1 FILE=...` on a demo store's database (the demo
 * running; stop the store's services' writes before a restore in real life). Backups go to STORE_BACKUP_DIR,
 * by default .data/<store>-backups (beside the store's data: on a real box, a second disk).
 */
import { join } from 'node:path';
import { backupStoreDatabase, demoPorts, repoRoot, restoreStoreDatabase, storeBackups } from '../index.js';

async function main(command: string | undefined, store: string | undefined, file: string | undefined) {
  if (!store) throw new Error('which store? STORE=s1');
  const n = Number(store.replace(/\D/g, '')) || 1;
  const databaseUrl = `postgres://postgres@127.0.0.1:${demoPorts(n).postgres}/store`;
  const dir = process.env.STORE_BACKUP_DIR || join(repoRoot, '.data', `${store}-backups`);
  if (command === 'backup') {
    console.log(`backup of ${store}: ${await backupStoreDatabase({ databaseUrl, dir, keep: Number(process.env.STORE_BACKUP_KEEP ?? 7) })}`);
  } else if (command === 'restore') {
    const from = file || storeBackups(dir)[0];
    if (!from) throw new Error(`no backup of ${store} in ${dir}`);
    await restoreStoreDatabase(from, databaseUrl);
    console.log(`${store} restored from ${from}`);
  } else {
    throw new Error('usage: store-backup.ts backup|restore <store> [file]');
  }
}

main(process.argv[2], process.argv[3], process.argv[4]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
