/**
 * Central's backup agent (docker-compose.central.yml's `backup` service; startCentral runs it natively):
 * full and differential backups when due, and their age on /metrics. BACKUP_CONFIG names pgBackRest's config.
 */
import { setTimeout as sleep } from 'node:timers/promises';
// Only the backup modules: the Compose image bundles this file alone (no database or NATS driver).
import { PgBackRest } from '../backup.js';
import { backupAgentConfig, startBackupAgent } from '../backup-agent.js';

/** Creates the stanza (idempotent), waiting for Postgres to accept connections first (Compose starts both). */
async function createStanza(pgbackrest: PgBackRest): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pgbackrest.createStanza();
    } catch (err) {
      if (attempt >= 30) throw err;
      await sleep(2_000);
    }
  }
}

async function main() {
  const config = backupAgentConfig(process.env);
  const pgbackrest = new PgBackRest(process.env.BACKUP_CONFIG ?? '/etc/pgbackrest/pgbackrest.conf');
  await createStanza(pgbackrest);
  const agent = await startBackupAgent(pgbackrest, config);
  const stop = () => void agent.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`backup agent failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
