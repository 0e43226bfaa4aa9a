/**
 * Which status tiles need the manager's attention. Each level has a shape as well as a colour (● ▲ ✕ ?), so a
 * colour-blind manager or a screen in the sun still reads it.
 */
import type { StoreSyncStatusView } from '@kiosk/contracts/api';

export type StatusLevel = 'ok' | 'warn' | 'bad' | 'unknown';

export const levelIcon: Readonly<Record<StatusLevel, string>> = Object.freeze({ ok: '●', warn: '▲', bad: '✕', unknown: '?' });

export interface StatusLevels {
  link: StatusLevel;
  lastSync: StatusLevel;
  pending: StatusLevel;
  errors: StatusLevel;
  database: StatusLevel;
  /** Cards approved offline not yet forwarded to the acquirer: money not collected yet, so worth a look. */
  offlineCards: StatusLevel;
}

/** Orders waiting longer than this for central's confirmation while the link is up mean something is stuck. */
export const lateSyncSeconds = 10 * 60;
/** Free disk below these fractions: the box will soon stop taking orders (Postgres and JetStream need room). */
export const diskWarnFraction = 0.1;
export const diskBadFraction = 0.05;

export function statusLevels(view: StoreSyncStatusView, nowMs: number): StatusLevels {
  return {
    link: view.link === 'up' ? 'ok' : view.link === 'down' ? 'bad' : 'unknown',
    lastSync: lastSyncLevel(view, nowMs),
    pending: pendingLevel(view),
    errors: view.syncErrors === null && view.syncAttempts === null ? 'unknown' : (view.syncAttempts ?? 0) > 0 ? 'warn' : 'ok',
    database: databaseLevel(view),
    offlineCards: view.offlineCardsPending === null ? 'unknown' : view.offlineCardsPending > 0 ? 'warn' : 'ok',
  };
}

/** An old last sync is only a problem when orders are waiting: a quiet store has nothing to sync. */
function lastSyncLevel(view: StoreSyncStatusView, nowMs: number): StatusLevel {
  if (view.pendingUpload === null) return view.lastSync === null ? 'unknown' : 'ok';
  if (view.pendingUpload === 0) return 'ok';
  const waited = view.lastSync === null ? Number.POSITIVE_INFINITY : (nowMs - Date.parse(view.lastSync)) / 1000;
  return waited > lateSyncSeconds ? 'warn' : 'ok';
}

/** Orders waiting while the link is up and nothing fails are just in flight; waiting behind a cut or failures is worth a look. */
function pendingLevel(view: StoreSyncStatusView): StatusLevel {
  if (view.pendingUpload === null) return 'unknown';
  if (view.pendingUpload === 0) return 'ok';
  return view.link === 'up' && (view.syncAttempts ?? 0) === 0 ? 'ok' : 'warn';
}

function databaseLevel(view: StoreSyncStatusView): StatusLevel {
  if (view.database === 'down') return 'bad';
  // The order service's guard decides with the box's own thresholds; the fractions are for a box that does not say.
  if (view.diskLevel === 'full') return 'bad';
  if (view.diskLevel === 'low') return 'warn';
  if (view.diskLevel === null && view.disk && view.disk.totalBytes > 0) {
    const free = view.disk.freeBytes / view.disk.totalBytes;
    if (free < diskBadFraction) return 'bad';
    if (free < diskWarnFraction) return 'warn';
  }
  return view.dbSizeBytes === null ? 'unknown' : 'ok';
}
