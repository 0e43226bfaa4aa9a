import { rmSync } from 'node:fs';
import pg from 'pg';
import type { StoreBox } from './store-box.js';

/** The store's local date (YYYY-MM-DD) at `at`: the business day the order service numbers under. */
export function storeBusinessDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The highest day sequence central holds for `storeId` on `businessDay` (0 when none), or null when central's
 * Postgres cannot be asked within `timeoutMs`: the replacement then numbers in its fallback block.
 */
export async function centralHighestSequence(centralDatabaseUrl: string, storeId: string, businessDay: string, timeoutMs = 5_000): Promise<number | null> {
  const client = new pg.Client({ connectionString: centralDatabaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  try {
    await client.connect();
    const { rows } = await client.query<{ highest: string | null }>(
      'SELECT max(day_sequence) AS highest FROM central.orders WHERE store_id = $1 AND business_day = $2', [storeId, businessDay]);
    return Number(rows[0]?.highest ?? 0);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The order service's environment on a replacement box (services/order: REPLACED_ON, REPLACED_AFTER_SEQUENCE). */
export function replacementEnv(businessDay: string, centralHighest: number | null): Record<string, string> {
  return { REPLACED_ON: businessDay, ...(centralHighest === null ? {} : { REPLACED_AFTER_SEQUENCE: String(centralHighest) }) };
}

/**
 * A box dies with its disk: every process killed at once (SIGKILL, nothing flushed or closed) and its whole
 * data directory (Postgres, JetStream, Redis, secrets, TLS) deleted.
 */
export async function killAndWipeStoreBox(box: StoreBox): Promise<void> {
  await Promise.all([
    box.nginx.proc.kill(), box.uplink?.kill(), ...Object.values(box.services).map((p) => p.kill()),
    box.nats.proc.kill(), box.redis.proc.kill(), box.postgres.proc.kill(),
  ]);
  rmSync(box.baseDir, { recursive: true, force: true });
}
