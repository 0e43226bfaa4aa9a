import { expect } from 'chai';
import { leafLinkUp } from '@kiosk/kit';
import { countFigure, heartbeatOf, linkState } from '../src/domain/sync-status.js';
import { sampleSnapshot } from './fixtures.js';


describe('sync status (domain)', () => {
  it('calls the link up only when nats-server reports a leaf connection', () => {
    expect(leafLinkUp({ leafnodes: 1, leafs: [{}] })).to.equal(true);
    expect(leafLinkUp({ leafnodes: 0, leafs: [] })).to.equal(false);
    expect(leafLinkUp(null)).to.equal(false);
    expect(linkState(null), 'an unreadable monitor is never reported as up').to.equal('unknown');
  });

  it('carries every known figure into the heartbeat and leaves unknown ones at zero', () => {
    const hb = heartbeatOf(sampleSnapshot);
    expect(hb).to.include({ storeId: 's1', sentAt: '2026-11-25T10:00:00.000Z', linkUp: false, pendingUpload: 7n, lastSyncAt: '2026-11-25T09:59:58.000Z',
      syncErrors: 5n, syncAttempts: 3n, outboxPending: 2n, diskFreeBytes: 10n, diskTotalBytes: 100n, dbSizeBytes: 0n, uptimeSeconds: 42n,
      version: '1.2.3', databaseUp: true });
    const unknown = heartbeatOf({ ...sampleSnapshot, syncErrors: null, syncAttempts: null, outboxPending: null });
    expect(unknown).to.include({ syncErrors: 0n, syncAttempts: 0n, outboxPending: 0n });
  });

  it("reads another service's counts only when they are whole, non-negative numbers", () => {
    expect(countFigure(0)).to.equal(0);
    expect(countFigure(12)).to.equal(12);
    for (const bad of [undefined, null, '3', -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, {}]) expect(countFigure(bad), String(bad)).to.equal(null);
  });
});
