import { expect } from 'chai';
import { statusEvent, statusViewOf } from '../../src/domain/status-view.js';
import { sampleSnapshot } from '../fixtures.js';

describe('status view (domain)', () => {
  it('shows the figures the page needs, unknown ones as null rather than zero', () => {
    const view = statusViewOf({ ...sampleSnapshot, linkUp: false, linkSince: new Date('2026-11-25T09:30:00Z'), linkRttMs: 4, syncErrors: null });
    expect(view).to.deep.include({
      storeId: 's1', at: '2026-11-25T10:00:00.000Z', link: 'down', linkSince: '2026-11-25T09:30:00.000Z', pendingUpload: 7, outboxPending: 2, offlineCardsPending: 3, offlineCardsPendingAmount: 150_000,
      syncErrors: null, syncAttempts: 3, database: 'up', dbSizeBytes: null, disk: { freeBytes: 10, totalBytes: 100 }, diskLevel: 'low', uptimeSeconds: 42, version: '1.2.3',
    });
    expect(view.linkRttMs, 'no round trip over a link that is down').to.equal(null);
    expect(statusViewOf({ ...sampleSnapshot, linkUp: true, linkRttMs: 4 })).to.include({ link: 'up', linkRttMs: 4 });
    expect(statusViewOf(sampleSnapshot)).to.include({ link: 'unknown', linkSince: null });
  });

  it('frames the view as one Server-Sent Event whose data parses back to it', () => {
    const view = statusViewOf(sampleSnapshot);
    const message = statusEvent(view);
    expect(message).to.match(/^event: status\nid: 2026-11-25T10:00:00.000Z\ndata: \{[^\n]*\}\n\n$/);
    expect(JSON.parse(message.split('\n')[2]!.slice('data: '.length))).to.deep.equal(view);
  });
});
