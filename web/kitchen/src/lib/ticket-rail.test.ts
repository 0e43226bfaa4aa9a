import { describe, expect, it } from 'vitest';
import { buildRail, knownStations, moveSelection, nextAction, recallCandidate, statusAfter, withPending } from './ticket-rail.ts';
import { line, ticket } from './fixtures.test-util.ts';

describe('buildRail', () => {
  it('orders open tickets oldest first and leaves served and cancelled ones off', () => {
    const rail = buildRail(
      [
        ticket({ id: 'late', createdAt: '2026-11-24T10:05:00Z' }),
        ticket({ id: 'early', createdAt: '2026-11-24T10:01:00Z', status: 'ready' }),
        ticket({ id: 'gone', createdAt: '2026-11-24T10:00:00Z', status: 'served' }),
        ticket({ id: 'void', createdAt: '2026-11-24T10:00:00Z', status: 'cancelled' }),
      ],
      [],
    );
    expect(rail.map((r) => r.ticket.id)).toEqual(['early', 'late']);
  });

  it('breaks a tie on creation time by numeric order number', () => {
    const at = '2026-11-24T10:00:00Z';
    const rail = buildRail([ticket({ id: 'x', orderNumber: 'A-10', createdAt: at }), ticket({ id: 'y', orderNumber: 'A-9', createdAt: at })], []);
    expect(rail.map((r) => r.ticket.orderNumber)).toEqual(['A-9', 'A-10']);
  });

  it('shows a station display only its lines and counts the others', () => {
    const mixed = ticket({ id: 'm', lines: [line({ station: 'grill' }), line({ name: 'Tea', station: 'drinks' }), line({ station: 'fryer' })] });
    const drinksOnly = ticket({ id: 'd', lines: [line({ name: 'Tea', station: 'drinks' })] });
    const rail = buildRail([mixed, drinksOnly], ['grill', 'fryer']);
    expect(rail.map((r) => r.ticket.id)).toEqual(['m']);
    expect(rail[0]?.lines.map((l) => l.index)).toEqual([0, 2]);
    expect(rail[0]?.otherStationLines).toBe(1);
  });

  it('shows every line in the expo view', () => {
    const rail = buildRail([ticket({ id: 'm', lines: [line({ station: 'grill' }), line({ station: 'drinks' })] })], []);
    expect(rail[0]?.lines).toHaveLength(2);
    expect(rail[0]?.otherStationLines).toBe(0);
  });
});

describe('buildRail with a cache', () => {
  it('hands back the same entry for an unchanged ticket and a new one for a changed ticket', () => {
    const cache = new WeakMap();
    const a = ticket({ id: 'a' });
    const b = ticket({ id: 'b', createdAt: '2026-11-24T10:01:00Z' });
    const first = buildRail([a, b], [], cache);
    const b2 = { ...b, version: 2, status: 'preparing' as const };
    const second = buildRail([a, b2], [], cache);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.ticket.status).toBe('preparing');
  });
});

describe('nextAction', () => {
  it('advances new to start, preparing to ready, ready to serve, and nothing after', () => {
    expect(['new', 'preparing', 'ready', 'served', 'cancelled'].map((s) => nextAction(s as never))).toEqual(['start', 'ready', 'serve', null, null]);
  });
});

describe('recallCandidate', () => {
  const served = (id: string, servedAt: string) => ticket({ id, status: 'served', servedAt });

  it('prefers the ticket this display bumped last', () => {
    const tickets = [served('mine', '2026-11-24T10:00:00Z'), served('other', '2026-11-24T10:09:00Z')];
    expect(recallCandidate(tickets, 'mine')?.id).toBe('mine');
  });

  it('falls back to the most recently served ticket when the own one was recalled elsewhere', () => {
    const tickets = [ticket({ id: 'mine', status: 'preparing' }), served('a', '2026-11-24T10:01:00Z'), served('b', '2026-11-24T10:03:00Z')];
    expect(recallCandidate(tickets, 'mine')?.id).toBe('b');
  });

  it('returns null when nothing was served', () => {
    expect(recallCandidate([ticket({ id: 'a' })], null)).toBeNull();
  });
});

describe('moveSelection', () => {
  it('moves along the rail and stops at both ends', () => {
    expect(moveSelection(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(moveSelection(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(moveSelection(['a', 'b', 'c'], 'a', -1)).toBe('a');
  });

  it('starts from the first ticket when the selection left the rail', () => {
    expect(moveSelection(['a', 'b'], 'gone', 1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeNull();
  });
});

describe('knownStations', () => {
  it('unions catalog and ticket stations, sorted and without blanks', () => {
    expect(knownStations(['wok', '', 'grill'], [ticket({ id: 'a', lines: [line({ station: 'drinks' })] })])).toEqual(['drinks', 'grill', 'wok']);
  });
});

describe('withPending', () => {
  it('shows the expected status of tickets with an action in flight and leaves the others as they are', () => {
    const a = ticket({ id: 'a', status: 'ready' });
    const b = ticket({ id: 'b', status: 'new' });
    const shown = withPending([a, b], new Map([['a', statusAfter('serve')]]));
    expect(shown.map((t) => t.status)).toEqual(['served', 'new']);
    expect(shown[1]).toBe(b);
    expect(a.status).toBe('ready');
  });

  it('takes a bumped ticket off the rail before the server answers', () => {
    const rail = buildRail(withPending([ticket({ id: 'a', status: 'ready' })], new Map([['a', statusAfter('serve')]])), []);
    expect(rail).toEqual([]);
  });
});
