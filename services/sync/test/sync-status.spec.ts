import { expect } from 'chai';
import { leafLinkUp } from '@kiosk/kit';
import { heartbeatOf, linkState } from '../src/domain/sync-status.js';

describe('sync status (domain)', () => {
  it('calls the link up only when nats-server reports a leaf connection', () => {
    expect(leafLinkUp({ leafnodes: 1, leafs: [{}] })).to.equal(true);
    expect(leafLinkUp({ leafnodes: 0, leafs: [] })).to.equal(false);
    expect(leafLinkUp(null)).to.equal(false);
    expect(linkState(null), 'an unreadable monitor is never reported as up').to.equal('unknown');
  });

  it('carries every known figure into the heartbeat and leaves unknown ones at zero', () => {
    const hb = heartbeatOf({
      storeId: 's1', at: new Date('2026-11-25T10:00:00Z'), linkUp: null, pendingUpload: 7, lastSync: '2026-11-25T09:59:58.000Z',
      databaseUp: true, disk: { freeBytes: 10, totalBytes: 100 }, dbSizeBytes: null, uptimeSeconds: 42, version: '1.2.3',
    });
    expect(hb).to.include({ storeId: 's1', sentAt: '2026-11-25T10:00:00.000Z', linkUp: false, pendingUpload: 7n, lastSyncAt: '2026-11-25T09:59:58.000Z',
      diskFreeBytes: 10n, diskTotalBytes: 100n, dbSizeBytes: 0n, uptimeSeconds: 42n, version: '1.2.3', databaseUp: true });
  });
});
