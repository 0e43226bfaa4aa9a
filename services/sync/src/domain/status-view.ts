import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { linkState, type SyncSnapshot } from './sync-status.js';

/** The snapshot as the status page reads it (`GET /api/sync/status` and each event of the stream). */
export function statusViewOf(s: SyncSnapshot): StoreSyncStatusView {
  const link = linkState(s.linkUp);
  return {
    storeId: s.storeId,
    at: s.at.toISOString(),
    link,
    linkSince: s.linkSince?.toISOString() ?? null,
    // A round trip is only meaningful over a link that is up; nats-server may still list a dying leaf.
    linkRttMs: link === 'up' ? s.linkRttMs : null,
    lastSync: s.lastSync,
    pendingUpload: s.pendingUpload,
    outboxPending: s.outboxPending,
    offlineCardsPending: s.offlineCardsPending,
    offlineCardsPendingAmount: s.offlineCardsPendingAmount,
    syncErrors: s.syncErrors,
    syncAttempts: s.syncAttempts,
    database: s.databaseUp ? 'up' : 'down',
    dbSizeBytes: s.dbSizeBytes,
    disk: s.disk ? { freeBytes: s.disk.freeBytes, totalBytes: s.disk.totalBytes } : null,
    diskLevel: s.diskLevel,
    uptimeSeconds: s.uptimeSeconds,
    version: s.version,
  };
}

/** One Server-Sent Events message carrying a status view (`event: status`); the id lets a client tell pushes apart. */
export function statusEvent(view: StoreSyncStatusView): string {
  return `event: status\nid: ${view.at}\ndata: ${JSON.stringify(view)}\n\n`;
}
