import { describe, expect, it } from 'vitest';
import type { FleetStore } from '../api/types.ts';
import { ageOf, figureText, sortFleet, storeHealth } from './fleet.ts';

const store = (storeId: string, over: Partial<FleetStore> = {}): FleetStore => ({ offlineCardsPending: null, offlineCardsPendingAmount: null,
  storeId, link: 'online', lastHeartbeatAt: null, pendingUpload: 0, lastSyncAt: null, version: '1', catalogVersion: 1, alerts: [], ...over,
});

describe('fleet', () => {
  it('flags a store whose link is down or silent, or that has a critical alert', () => {
    expect(storeHealth(store('a'))).toBe('ok');
    expect(storeHealth(store('a', { link: 'offline' }))).toBe('critical');
    expect(storeHealth(store('a', { link: 'stale' }))).toBe('critical');
    expect(storeHealth(store('a', { alerts: [{ name: 'StoreDiskLow', severity: 'warning', summary: '', since: '' }] }))).toBe('warning');
    expect(storeHealth(store('a', { alerts: [{ name: 'StoreUnreachable', severity: 'critical', summary: '', since: '' }] }))).toBe('critical');
    expect(storeHealth(store('a', { pendingUpload: 250 }))).toBe('warning');
    expect(storeHealth(store('a', { link: 'unknown' }))).toBe('unknown');
  });

  it('lists the stores that need attention first, then by id', () => {
    const sorted = sortFleet([store('s3'), store('s1'), store('s2', { link: 'offline' }), store('s0', { pendingUpload: 500 })]);
    expect(sorted.map((s) => s.storeId)).toEqual(['s2', 's0', 's1', 's3']);
  });

  it('reads an age in the largest whole unit, and never for no time', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(ageOf(null, now)).toBeNull();
    expect(ageOf('2026-11-26T11:59:48Z', now)).toEqual({ unit: 'seconds', value: 12 });
    expect(ageOf('2026-11-26T11:30:00Z', now)).toEqual({ unit: 'minutes', value: 30 });
    expect(ageOf('2026-11-26T07:00:00Z', now)).toEqual({ unit: 'hours', value: 5 });
    expect(ageOf('2026-11-23T12:00:00Z', now)).toEqual({ unit: 'days', value: 3 });
    expect(ageOf('2026-11-26T12:00:05Z', now)).toEqual({ unit: 'seconds', value: 0 });
  });
});

describe('catalog version', () => {
  it('reads a version from central\'s clock as the time of the change, and a seed version as itself', async () => {
    const { catalogVersionTime } = await import('./fleet.ts');
    expect(catalogVersionTime(1_764_165_600_000)).toBe('2025-11-26T14:00:00.000Z');
    expect(catalogVersionTime(1)).toBeNull();
    expect(catalogVersionTime(null)).toBeNull();
  });
  it('shows a figure the store could not read as unknown, and a real 0 as 0', () => {
    expect(figureText(null, String, 'unknown')).toBe('unknown');
    expect(figureText(0, String, 'unknown')).toBe('0');
  });
});
