import { diskSpace, type Pool } from '@kiosk/kit';

const timeout = () => AbortSignal.timeout(1_000);

/**
 * Pending upload and last sync as the order service computes them from central's receipts (it owns the
 * orders; this service never reads another's tables). null figures when it does not answer.
 */
export async function readOrderSync(orderUrl: string): Promise<{ pendingUpload: number | null; lastSync: string | null }> {
  try {
    const res = await fetch(`${orderUrl}/health`, { signal: timeout() });
    const body = (await res.json()) as { pending_sync?: unknown; last_sync?: unknown };
    return {
      pendingUpload: typeof body.pending_sync === 'number' ? body.pending_sync : null,
      lastSync: typeof body.last_sync === 'string' ? body.last_sync : null,
    };
  } catch {
    return { pendingUpload: null, lastSync: null };
  }
}

/** Size of the store database on disk (all services' schemas): what fills the box's disk besides JetStream. */
export async function readDatabaseSize(pool: Pool): Promise<number | null> {
  try {
    const { rows } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    return Number(rows[0]!.bytes);
  } catch {
    return null;
  }
}

export async function readDisk(path: string): Promise<{ freeBytes: number; totalBytes: number } | null> {
  return diskSpace(path).catch(() => null);
}
