import { expect } from 'chai';
import { linkStatus } from '../src/domain/store-status.js';

describe("a store's link as central sees it", () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('is unknown before any heartbeat', () => expect(linkStatus(null, now, 30)).to.equal('unknown'));
  it('is stale when heartbeats stopped', () => expect(linkStatus({ sentAt: new Date('2026-11-25T11:59:00Z'), linkUp: true }, now, 30)).to.equal('stale'));
  it('is what the store reported while heartbeats arrive', () => {
    expect(linkStatus({ sentAt: new Date('2026-11-25T11:59:50Z'), linkUp: true }, now, 30)).to.equal('online');
    expect(linkStatus({ sentAt: new Date('2026-11-25T11:59:50Z'), linkUp: false }, now, 30)).to.equal('offline');
  });
  it('is unknown when the store could not read its link, stale all the same once heartbeats stop', () => {
    expect(linkStatus({ sentAt: new Date('2026-11-25T11:59:50Z'), linkUp: null }, now, 30)).to.equal('unknown');
    expect(linkStatus({ sentAt: new Date('2026-11-25T11:59:00Z'), linkUp: null }, now, 30)).to.equal('stale');
  });
});
