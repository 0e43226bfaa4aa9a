import { expect } from 'chai';
import { ticketCandidateBefore, ticketMayBeOffered } from '../../src/domain/retention.js';

describe('kitchen retention rule', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const before = ticketCandidateBefore(now, 30);

  it('offers only tickets off the rail and older than the retention age; 0 days is off', () => {
    expect(before?.toISOString()).to.equal('2026-10-27T12:00:00.000Z');
    expect(ticketMayBeOffered({ status: 'served', createdAt: '2026-10-01T08:00:00Z' }, before)).to.equal(true);
    expect(ticketMayBeOffered({ status: 'cancelled', createdAt: '2026-10-01T08:00:00Z' }, before)).to.equal(true);
    for (const open of ['new', 'preparing', 'ready'] as const) {
      expect(ticketMayBeOffered({ status: open, createdAt: '2026-10-01T08:00:00Z' }, before), open).to.equal(false);
    }
    expect(ticketMayBeOffered({ status: 'served', createdAt: '2026-11-20T08:00:00Z' }, before), 'recent').to.equal(false);
    expect(ticketCandidateBefore(now, 0)).to.equal(null);
    expect(ticketMayBeOffered({ status: 'served', createdAt: '2020-01-01T00:00:00Z' }, null), 'off').to.equal(false);
  });
});
