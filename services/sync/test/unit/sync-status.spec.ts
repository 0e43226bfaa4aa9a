import { expect } from 'chai';
import { fromBinary, pb, toBinary } from '@kiosk/contracts';
import { leafLinkUp } from '@kiosk/kit';
import { countFigure, diskLevelFigure, heartbeatOf, linkState } from '../../src/domain/sync-status.js';
import { sampleSnapshot } from '../fixtures.js';


describe('sync status (domain)', () => {
  it('calls the link up only when nats-server reports a leaf connection', () => {
    expect(leafLinkUp({ leafnodes: 1, leafs: [{}] })).to.equal(true);
    expect(leafLinkUp({ leafnodes: 0, leafs: [] })).to.equal(false);
    expect(leafLinkUp(null)).to.equal(false);
    expect(linkState(null), 'an unreadable monitor is never reported as up').to.equal('unknown');
  });

  it('carries every known figure into the heartbeat and leaves unknown ones unset, a real 0 set', () => {
    const hb = heartbeatOf({ ...sampleSnapshot, syncAttempts: 0 });
    expect(hb).to.include({ storeId: 's1', sentAt: '2026-11-25T10:00:00.000Z', pendingUpload: 7n, lastSyncAt: '2026-11-25T09:59:58.000Z',
      syncErrors: 5n, syncAttempts: 0n, outboxPending: 2n, offlineCardsPending: 3n, offlineCardsPendingAmount: 150_000n, diskFreeBytes: 10n, diskTotalBytes: 100n, uptimeSeconds: 42n,
      version: '1.2.3', databaseUp: true, catalogVersion: 1_764_150_000_000n, diskLevel: 'low' });
    expect(hb.linkUp, 'an unread link is not reported down').to.equal(undefined);
    expect(hb.dbSizeBytes).to.equal(undefined);
    const unknown = heartbeatOf({ ...sampleSnapshot, pendingUpload: null, syncErrors: null, syncAttempts: null, outboxPending: null, offlineCardsPending: null,
      offlineCardsPendingAmount: null, disk: null, catalogVersion: null, diskLevel: null });
    for (const field of ['pendingUpload', 'syncErrors', 'syncAttempts', 'outboxPending', 'offlineCardsPending', 'offlineCardsPendingAmount', 'diskFreeBytes', 'diskTotalBytes', 'catalogVersion', 'diskLevel'] as const) {
      expect(unknown[field], field).to.equal(undefined);
    }
    const decoded = fromBinary(pb.HeartbeatSchema, toBinary(pb.HeartbeatSchema, unknown));
    expect(decoded.pendingUpload, 'unknown stays unknown on the wire').to.equal(undefined);
    expect(fromBinary(pb.HeartbeatSchema, toBinary(pb.HeartbeatSchema, hb)).syncAttempts, 'a real 0 stays 0 on the wire').to.equal(0n);
  });

  it("reads another service's counts only when they are whole, non-negative numbers", () => {
    expect(countFigure(0)).to.equal(0);
    expect(countFigure(12)).to.equal(12);
    for (const bad of [undefined, null, '3', -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, {}]) expect(countFigure(bad), String(bad)).to.equal(null);
  });

  it("reads the order service's disk level only as ok, low or full", () => {
    for (const level of ['ok', 'low', 'full'] as const) expect(diskLevelFigure(level)).to.equal(level);
    for (const bad of [undefined, null, 'FULL', 'empty', 2, {}]) expect(diskLevelFigure(bad), String(bad)).to.equal(null);
  });
});
