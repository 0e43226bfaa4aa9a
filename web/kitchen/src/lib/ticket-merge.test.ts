import { describe, expect, it } from 'vitest';
import { addedIds, applyTicket, reconcile, type TicketMap } from './ticket-merge.ts';
import { ticket } from './fixtures.test-util.ts';

describe('applyTicket', () => {
  it('adds a ticket the display has not seen', () => {
    const next = applyTicket(new Map(), ticket({ id: 'a' }));
    expect([...next.keys()]).toEqual(['a']);
  });

  it('replaces a ticket with a higher version and leaves the input map untouched', () => {
    const before: TicketMap = new Map([['a', ticket({ id: 'a', version: 1 })]]);
    const after = applyTicket(before, ticket({ id: 'a', version: 2, status: 'preparing' }));
    expect(after.get('a')?.status).toBe('preparing');
    expect(before.get('a')?.status).toBe('new');
  });

  it('ignores an older or equal version that arrives late', () => {
    const before: TicketMap = new Map([['a', ticket({ id: 'a', version: 3, status: 'ready' })]]);
    expect(applyTicket(before, ticket({ id: 'a', version: 2, status: 'preparing' }))).toBe(before);
    expect(applyTicket(before, ticket({ id: 'a', version: 3, status: 'preparing' }))).toBe(before);
  });
});

describe('reconcile', () => {
  it('takes the snapshot as the set of tickets and drops what only the stale display knew', () => {
    const merged = reconcile([ticket({ id: 'a', version: 4, status: 'ready' })], []);
    expect([...merged.keys()]).toEqual(['a']);
    expect(merged.get('a')?.status).toBe('ready');
  });

  it('keeps a live event that is newer than the snapshot and one for a ticket created after it', () => {
    const merged = reconcile(
      [ticket({ id: 'a', version: 2, status: 'preparing' })],
      [ticket({ id: 'a', version: 3, status: 'ready' }), ticket({ id: 'b', version: 1 })],
    );
    expect(merged.get('a')?.status).toBe('ready');
    expect(merged.has('b')).toBe(true);
  });

  it('lets the snapshot win over an event that is older than it', () => {
    const merged = reconcile([ticket({ id: 'a', version: 5, status: 'served' })], [ticket({ id: 'a', version: 4, status: 'ready' })]);
    expect(merged.get('a')?.status).toBe('served');
  });
});

describe('addedIds', () => {
  it('lists only tickets that appear in the new state', () => {
    const before: TicketMap = new Map([['a', ticket({ id: 'a' })]]);
    const after: TicketMap = new Map([...before, ['b', ticket({ id: 'b' })]]);
    expect(addedIds(before, after)).toEqual(['b']);
  });
});
