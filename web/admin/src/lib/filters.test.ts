import { describe, expect, it } from 'vitest';
import type { ConflictView } from '../api/types.ts';
import { auditQuery, conflictQuery, dayIn, filterConflicts, isDayRange, reportQuery } from './filters.ts';
import { toQuery } from './query.ts';

const conflict = (id: number, kind: ConflictView['kind'], storeId: string, status: 'open' | 'resolved'): ConflictView => ({
  id, kind, storeId, status, reviewStatus: status === 'open' ? 'accounting_review' : 'resolved', globalId: null, businessDay: null, resolution: '', details: {}, createdAt: '2026-11-26T00:00:00Z',
});

describe('filters', () => {
  it('leaves empty filter values out of the query and joins several stores', () => {
    expect(toQuery({ a: '', b: null, c: undefined, d: [] })).toBe('');
    expect(reportQuery({ from: '2026-11-01', to: '2026-11-26', storeIds: ['s1', 's2'], groupBy: 'day' }, { groupBy: 'hour' }))
      .toBe('?from=2026-11-01&to=2026-11-26&storeId=s1%2Cs2&groupBy=hour');
    expect(conflictQuery({ kind: '', storeId: 's1', status: 'open' })).toBe('?storeId=s1&status=open&limit=200');
  });

  it('keeps only the conflicts that match kind, store and status', () => {
    const list = [conflict(1, 'price_override', 's1', 'open'), conflict(2, 'price_override', 's2', 'resolved'), conflict(3, 'order_number_collision', 's1', 'open')];
    expect(filterConflicts(list, { kind: 'price_override', storeId: '', status: '' }).map((c) => c.id)).toEqual([1, 2]);
    expect(filterConflicts(list, { kind: '', storeId: 's1', status: 'open' }).map((c) => c.id)).toEqual([1, 3]);
    expect(filterConflicts(list, { kind: '', storeId: '', status: 'resolved' }).map((c) => c.id)).toEqual([2]);
    expect(filterConflicts(list, { kind: '', storeId: '', status: 'resolved' }, new Set([3])).map((c) => c.id)).toEqual([2, 3]);
  });

  it('turns audit days into a range that includes the whole last day', () => {
    expect(auditQuery({ actor: ' owner ', entityType: 'product', action: '', from: '2026-11-25', to: '2026-11-26' }, 50, 120))
      .toBe('?actor=owner&entityType=product&from=2026-11-25T00%3A00%3A00.000Z&to=2026-11-26T23%3A59%3A59.999Z&limit=50&before=120');
  });

  it('accepts a day range only when both days are valid and in order', () => {
    expect(isDayRange('2026-11-01', '2026-11-26')).toBe(true);
    expect(isDayRange('2026-11-26', '2026-11-26')).toBe(true);
    expect(isDayRange('2026-11-27', '2026-11-26')).toBe(false);
    expect(isDayRange('', '2026-11-26')).toBe(false);
  });

  it('finds the business day in the store’s time zone, not the browser’s', () => {
    const lateUtc = new Date('2026-11-26T20:00:00Z');
    expect(dayIn('Asia/Jakarta', lateUtc)).toBe('2026-11-27');
    expect(dayIn('UTC', lateUtc)).toBe('2026-11-26');
  });
});
