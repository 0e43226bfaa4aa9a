import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from './process.js';
import { opsDir } from './paths.js';
import { startNats, startPostgres, startRedis, type NatsServer, type PostgresServer, type RedisServer } from './servers.js';

export interface Testbed {
  dir: string;
  postgres: PostgresServer;
  redis: RedisServer;
  nats: NatsServer;
  /** A fresh, empty database on the shared Postgres: one per test suite keeps suites independent. */
  freshDatabase(prefix?: string): Promise<string>;
  /** A store id no other suite uses, so its streams (named after it) start empty. */
  freshStoreId(prefix?: string): string;
}

let shared: Promise<Testbed> | null = null;

/**
 * Real servers shared by every integration suite of one mocha run: started on first use, on free ports in a
 * temp dir, and stopped by the root hook (mocha-hooks.ts). Starting them once keeps `make test` fast.
 */
export function testbed(): Promise<Testbed> {
  // The fast tier (`make test-fast`) runs unit specs only: one that needs servers belongs in the full run.
  if (process.env.KIOSK_UNIT_ONLY) throw new Error('a unit spec asked for real servers (KIOSK_UNIT_ONLY is set): move it out of test/unit/');
  shared ??= startTestbed();
  return shared;
}

async function startTestbed(): Promise<Testbed> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-testbed-'));
  chmodSync(dir, 0o755);
  const [postgres, redis, nats] = await Promise.all([
    (async () => startPostgres({ dataDir: join(dir, 'postgres'), port: await freePort(), logFile: join(dir, 'postgres.log') }))(),
    (async () => startRedis({ dataDir: join(dir, 'redis'), port: await freePort(), logFile: join(dir, 'redis.log') }))(),
    (async () => startNats({
      configFile: join(opsDir, 'nats/store.conf'), port: await freePort(), monitorPort: await freePort(),
      storeDir: join(dir, 'nats'), serverName: 'testbed', logFile: join(dir, 'nats.log'),
      // JetStream reserves each stream's max_bytes up front; one run creates the streams of dozens of
      // throwaway store ids (a few GB reserved each, a few KB used), so the testbed's budget is large.
      env: { STORE_ID: 'testbed', NATS_MAX_FILE_STORE: '1TB' },
    }))(),
  ]);
  return {
    dir, postgres, redis, nats,
    async freshDatabase(prefix = 'test') {
      const name = `${prefix}_${randomUUID().slice(0, 8)}`;
      await postgres.createDatabase(name);
      return postgres.url(name);
    },
    freshStoreId(prefix = 't') {
      return `${prefix}${randomUUID().slice(0, 8)}`;
    },
  };
}

export async function stopTestbed(): Promise<void> {
  if (!shared) return;
  const tb = await shared;
  shared = null;
  await Promise.all([tb.nats.proc.stop(), tb.redis.proc.stop(), tb.postgres.proc.stop()]);
  rmSync(tb.dir, { recursive: true, force: true });
}
