import { catalogOrigins } from '@kiosk/contracts';
import type { HealthSyncFigures } from '@kiosk/contracts/api';
import { diskSpace, leafLinkUp, type Pool } from '@kiosk/kit';
import { goDurationMs } from '../domain/link-watch.js';
import { countFigure, diskLevelFigure, type DiskLevel } from '../domain/sync-status.js';

const timeout = () => AbortSignal.timeout(1_000);

/** Another service's `/health` sync figures, unchecked, or null when it does not answer with JSON in time. */
async function readHealth(baseUrl: string): Promise<{ [K in keyof HealthSyncFigures]?: unknown } | null> {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: timeout() });
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null ? (body as { [K in keyof HealthSyncFigures]?: unknown }) : null;
  } catch {
    return null;
  }
}

/** Resolves when the order service says it is ready (200: it can take an order), throws otherwise. */
export async function orderReady(orderUrl: string): Promise<void> {
  const res = await fetch(`${orderUrl}/health`, { signal: AbortSignal.timeout(2_000) });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`order service /health answered ${res.status}`);
}

/**
 * Pending upload, last sync and the outbox backlog as the order service computes them (it owns the orders and
 * applies central's receipts; this service never reads another's tables). null figures when it does not answer.
 */
export async function readOrderSync(orderUrl: string): Promise<{
  pendingUpload: number | null; lastSync: string | null; outboxPending: number | null; offlineCardsPending: number | null; offlineCardsPendingAmount: number | null;
  diskLevel: DiskLevel | null; orderDisk: { freeBytes: number; totalBytes: number } | null;
}> {
  const body = await readHealth(orderUrl);
  return {
    pendingUpload: typeof body?.pending_sync === 'number' ? body.pending_sync : null,
    lastSync: typeof body?.last_sync === 'string' ? body.last_sync : null,
    outboxPending: countFigure(body?.outbox_pending),
    offlineCardsPending: countFigure(body?.offline_cards_pending),
    offlineCardsPendingAmount: countFigure(body?.offline_cards_pending_amount),
    diskLevel: diskLevelFigure(body?.disk_level),
    orderDisk: countFigure(body?.disk_free_bytes) !== null && countFigure(body?.disk_total_bytes) !== null
      ? { freeBytes: body!.disk_free_bytes as number, totalBytes: body!.disk_total_bytes as number } : null,
  };
}

/** The uplink's forwarding failures; unknown without an uplink (a box with no hub) or from one that does not count them. */
export async function readUplinkSync(uplinkUrl: string | undefined): Promise<{ syncErrors: number | null; syncAttempts: number | null }> {
  const body = uplinkUrl ? await readHealth(uplinkUrl) : null;
  return { syncErrors: countFigure(body?.sync_errors), syncAttempts: countFigure(body?.sync_attempts) };
}

/**
 * The leaf link as the store's nats-server monitor sees it (`/leafz`): up or down, and its round trip to
 * central. `up: null` when the monitor did not answer (never guess).
 */
export async function readLink(monitorUrl: string): Promise<{ up: boolean | null; rttMs: number | null }> {
  try {
    const res = await fetch(`${monitorUrl}/leafz`, { signal: timeout() });
    if (!res.ok) return { up: null, rttMs: null };
    const leafz = (await res.json()) as { leafs?: { rtt?: unknown }[] } | null;
    return { up: leafLinkUp(leafz), rttMs: goDurationMs(leafz?.leafs?.[0]?.rtt) };
  } catch {
    return { up: null, rttMs: null };
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

/**
 * The newest version of central's catalog this box has applied: the highest clock of an entity last written by
 * central (catalog.entity_clocks; store-roles.sql lets this service read it), which central compares with its menu
 * version. The box's own catalog_version counts every change it applied, its own included, so it is not that.
 * null when no change from central arrived yet or it cannot be read.
 */
export async function readCatalogVersion(pool: Pool): Promise<number | null> {
  try {
    const { rows } = await pool.query<{ version: string | null }>(
      'SELECT max(version) AS version FROM catalog.entity_clocks WHERE origin = $1', [catalogOrigins.central]);
    return rows[0]?.version != null ? Number(rows[0].version) : null;
  } catch {
    return null;
  }
}

export async function readDisk(path: string): Promise<{ freeBytes: number; totalBytes: number } | null> {
  return diskSpace(path).catch(() => null);
}
