import { describe, expect, it } from 'vitest';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { levelIcon, statusLevels } from './status-levels.ts';

const now = Date.parse('2026-11-25T10:00:00.000Z');
const healthy: StoreSyncStatusView = {
  storeId: 's1', at: '2026-11-25T10:00:00.000Z', link: 'up', linkSince: '2026-11-25T08:00:00.000Z', linkRttMs: 12,
  lastSync: '2026-11-25T09:59:50.000Z', pendingUpload: 0, outboxPending: 0, offlineCardsPending: 0, offlineCardsPendingAmount: 0, syncErrors: 0, syncAttempts: 0, database: 'up',
  dbSizeBytes: 12_000_000, disk: { freeBytes: 50, totalBytes: 100 }, diskLevel: null, uptimeSeconds: 3_600, version: '0.1.0',
};
const levels = (change: Partial<StoreSyncStatusView>) => statusLevels({ ...healthy, ...change }, now);

describe('statusLevels', () => {
  it('is all OK for a connected store with nothing waiting', () => {
    expect(levels({})).toEqual({ link: 'ok', lastSync: 'ok', pending: 'ok', errors: 'ok', database: 'ok', offlineCards: 'ok' });
  });

  it('shows an offline link as a problem and orders waiting behind it as needing attention', () => {
    expect(levels({ link: 'down', pendingUpload: 4 })).toMatchObject({ link: 'bad', pending: 'warn' });
    expect(levels({ link: 'unknown' }).link).toBe('unknown');
  });

  it('treats orders in flight over a working link as normal, but not when the uplink keeps failing', () => {
    expect(levels({ pendingUpload: 2 }).pending).toBe('ok');
    expect(levels({ pendingUpload: 2, syncAttempts: 3 })).toMatchObject({ pending: 'warn', errors: 'warn' });
    expect(levels({ syncErrors: 40, syncAttempts: 0 }).errors, 'past errors alone are history').toBe('ok');
  });

  it('flags an old last sync only while orders wait for it', () => {
    expect(levels({ lastSync: '2026-11-25T08:00:00.000Z', pendingUpload: 0 }).lastSync).toBe('ok');
    expect(levels({ lastSync: '2026-11-25T09:55:00.000Z', pendingUpload: 3 }).lastSync).toBe('ok');
    expect(levels({ lastSync: '2026-11-25T09:45:00.000Z', pendingUpload: 3 }).lastSync).toBe('warn');
    expect(levels({ lastSync: null, pendingUpload: 3 }).lastSync, 'never synced with orders waiting').toBe('warn');
  });

  it('says unknown, never OK, for figures nobody reported', () => {
    expect(levels({ pendingUpload: null, lastSync: null, syncErrors: null, syncAttempts: null, dbSizeBytes: null, disk: null, offlineCardsPending: null, offlineCardsPendingAmount: null }))
      .toEqual({ link: 'ok', lastSync: 'unknown', pending: 'unknown', errors: 'unknown', database: 'unknown', offlineCards: 'unknown' });
  });

  it('warns before the disk fills and calls a full disk or a down database a problem', () => {
    expect(levels({ disk: { freeBytes: 9, totalBytes: 100 } }).database).toBe('warn');
    expect(levels({ disk: { freeBytes: 4, totalBytes: 100 } }).database).toBe('bad');
    // The box's own guard wins over the page's fractions: it is what refuses orders.
    expect(levels({ disk: { freeBytes: 50, totalBytes: 100 }, diskLevel: 'full' }).database).toBe('bad');
    expect(levels({ disk: { freeBytes: 50, totalBytes: 100 }, diskLevel: 'low' }).database).toBe('warn');
    expect(levels({ disk: { freeBytes: 4, totalBytes: 100 }, diskLevel: 'ok' }).database).toBe('ok');
    expect(levels({ database: 'down' }).database).toBe('bad');
  });

  it('asks for a look while cards approved offline wait to be forwarded', () => {
    expect(levels({ offlineCardsPending: 3, offlineCardsPendingAmount: 150_000 }).offlineCards).toBe('warn');
  });

  it('gives every level its own shape', () => {
    expect(new Set(Object.values(levelIcon)).size).toBe(4);
  });
});
