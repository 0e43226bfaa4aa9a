import { expect } from 'chai';
import { create, pb } from '@kiosk/contracts';
import { fleetSamples, newer, type LatestBeat } from '../../src/domain/fleet.js';

const now = new Date('2026-11-25T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const beat = (storedSecondsAgo: number, fields: Partial<pb.Heartbeat> = {}): LatestBeat => ({
  storedAt: ago(storedSecondsAgo),
  heartbeat: create(pb.HeartbeatSchema, {
    storeId: 's1', sentAt: ago(storedSecondsAgo).toISOString(), linkUp: true, pendingUpload: 7n, lastSyncAt: ago(90).toISOString(),
    syncErrors: 3n, syncAttempts: 0n, diskFreeBytes: 10n, diskTotalBytes: 100n, dbSizeBytes: 5_000n, uptimeSeconds: 600n,
    version: '1.2.3', databaseUp: true, outboxPending: 1n, offlineCardsPending: 0n, offlineCardsPendingAmount: 0n, catalogVersion: 1_764_150_000_000n, diskLevel: 'ok', ...fields,
  }),
});
const valueOf = (samples: ReturnType<typeof fleetSamples>, name: string, store = 's1') =>
  samples.find((s) => s.name === name && s.labels.store === store)?.value;

describe('fleet exporter: heartbeats as per-store series', () => {
  it('gives a store heard from recently every figure of its heartbeat, ages measured now', () => {
    const samples = fleetSamples(['s1'], new Map([['s1', beat(4)]]), now, 30);
    expect(valueOf(samples, 'kiosk_store_up')).to.equal(1);
    expect(valueOf(samples, 'kiosk_store_heartbeat_age_seconds')).to.equal(4);
    expect(valueOf(samples, 'kiosk_store_last_sync_age_seconds')).to.equal(90);
    expect(valueOf(samples, 'kiosk_store_link_up')).to.equal(1);
    expect(valueOf(samples, 'kiosk_store_pending_upload_orders')).to.equal(7);
    expect(valueOf(samples, 'kiosk_store_sync_errors_total')).to.equal(3);
    expect(valueOf(samples, 'kiosk_store_disk_free_bytes')).to.equal(10);
    expect(valueOf(samples, 'kiosk_store_outbox_pending_events')).to.equal(1);
    expect(samples.find((s) => s.name === 'kiosk_store_info')?.labels).to.deep.equal({ store: 's1', version: '1.2.3' });
    expect(valueOf(samples, 'kiosk_store_catalog_version')).to.equal(1_764_150_000_000);
  });

  it('leaves out every figure the store could not read, and keeps a figure that is really 0', () => {
    const unknown = { linkUp: undefined, pendingUpload: undefined, syncErrors: undefined, syncAttempts: undefined, dbSizeBytes: undefined, outboxPending: undefined, catalogVersion: undefined };
    const samples = fleetSamples(['s1'], new Map([['s1', beat(4, unknown)]]), now, 30);
    for (const name of ['kiosk_store_link_up', 'kiosk_store_pending_upload_orders', 'kiosk_store_sync_errors_total', 'kiosk_store_sync_attempts', 'kiosk_store_db_size_bytes', 'kiosk_store_outbox_pending_events', 'kiosk_store_catalog_version']) {
      expect(valueOf(samples, name), name).to.equal(undefined);
    }
    expect(valueOf(samples, 'kiosk_store_up')).to.equal(1);
    const zero = fleetSamples(['s1'], new Map([['s1', beat(4, { pendingUpload: 0n, linkUp: false })]]), now, 30);
    expect(valueOf(zero, 'kiosk_store_pending_upload_orders')).to.equal(0);
    expect(valueOf(zero, 'kiosk_store_link_up')).to.equal(0);
  });

  it("turns the box's disk guard into 0 ok, 1 low, 2 full, and leaves it out when the box does not say", () => {
    const level = (diskLevel: string | undefined) => valueOf(fleetSamples(['s1'], new Map([['s1', beat(4, { diskLevel })]]), now, 30), 'kiosk_store_disk_level');
    expect([level('ok'), level('low'), level('full'), level(undefined)]).to.deep.equal([0, 1, 2, undefined]);
  });

  it('shows a silent store as unreachable with growing ages, never frozen at its last figures', () => {
    const samples = fleetSamples(['s1'], new Map([['s1', beat(31)]]), now, 30);
    expect(valueOf(samples, 'kiosk_store_up')).to.equal(0);
    expect(valueOf(samples, 'kiosk_store_heartbeat_age_seconds')).to.equal(31);
    expect(valueOf(samples, 'kiosk_store_last_sync_age_seconds')).to.equal(90);
    expect(samples.map((s) => s.name)).to.have.members(['kiosk_store_up', 'kiosk_store_heartbeat_age_seconds', 'kiosk_store_last_sync_age_seconds']);
  });

  it('lists a configured store never heard from as unreachable, and leaves out unknown disk figures', () => {
    const samples = fleetSamples(['s1', 's2'], new Map([['s1', beat(1, { diskTotalBytes: undefined, diskFreeBytes: undefined, lastSyncAt: '' })]]), now, 30);
    expect(samples.filter((s) => s.labels.store === 's2')).to.deep.equal([{ name: 'kiosk_store_up', labels: { store: 's2' }, value: 0 }]);
    expect(valueOf(samples, 'kiosk_store_disk_total_bytes')).to.equal(undefined);
    expect(valueOf(samples, 'kiosk_store_last_sync_age_seconds')).to.equal(undefined);
  });

  it('keeps the newest heartbeat when an older one is delivered again', () => {
    expect(newer(beat(1), beat(5))).to.equal(false);
    expect(newer(beat(5), beat(1))).to.equal(true);
    expect(newer(undefined, beat(5))).to.equal(true);
  });
});
