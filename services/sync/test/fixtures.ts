import type { SyncSnapshot } from '../src/domain/sync-status.js';

/** A snapshot with known figures and unknown ones (null), for the domain specs. */
export const sampleSnapshot: SyncSnapshot = {
  storeId: 's1', at: new Date('2026-11-25T10:00:00Z'), linkUp: null, linkSince: null, linkRttMs: null, pendingUpload: 7,
  lastSync: '2026-11-25T09:59:58.000Z', outboxPending: 2, offlineCardsPending: 3, offlineCardsPendingAmount: 150_000, syncErrors: 5, syncAttempts: 3, databaseUp: true,
  disk: { freeBytes: 10, totalBytes: 100 }, diskLevel: 'low', dbSizeBytes: null, uptimeSeconds: 42, version: '1.2.3',
  catalogVersion: 1_764_150_000_000,
};
