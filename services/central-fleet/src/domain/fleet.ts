import type { pb } from '@kiosk/contracts';

/** The newest heartbeat central holds for one store, and when central stored it (its own clock, not the store's). */
export interface LatestBeat {
  heartbeat: pb.Heartbeat;
  storedAt: Date;
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The per-store series the fleet exporter exposes, with their help texts (Prometheus conventions). */
export const fleetMetrics = {
  kiosk_store_up: 'Store box heard from within the staleness window (1) or unreachable (0)',
  kiosk_store_heartbeat_age_seconds: 'Seconds since central stored the store\'s last heartbeat',
  kiosk_store_last_sync_age_seconds: 'Seconds since the store last had a receipt from central',
  kiosk_store_link_up: 'Leaf link to central as the store reports it (1 up, 0 down)',
  kiosk_store_pending_upload_orders: 'Orders of the store central has not confirmed yet',
  kiosk_store_sync_errors_total: 'Times the store\'s forwarding to central got stuck since its uplink started',
  kiosk_store_sync_attempts: 'Consecutive failed forwarding attempts for the events the store holds now',
  kiosk_store_database_up: 'Store Postgres reachable from the store box (1) or not (0)',
  kiosk_store_db_size_bytes: 'Size of the store database on disk',
  kiosk_store_disk_free_bytes: 'Free disk space on the store box',
  kiosk_store_disk_total_bytes: 'Disk size of the store box',
  kiosk_store_disk_level: 'The store box\'s disk guard: 0 ok, 1 low (warning), 2 full (new orders refused with 503)',
  kiosk_store_uptime_seconds: 'Seconds the store box\'s sync service has been running',
  kiosk_store_outbox_pending_events: 'Store events committed but not yet published to its local JetStream',
  kiosk_store_info: 'The store box\'s software version (always 1)',
  kiosk_store_catalog_version: 'The newest version of central\'s catalog the store has applied (compare with central\'s menu version)',
} as const;
export type FleetMetric = keyof typeof fleetMetrics;

/** Heartbeat.disk_level in metric order; '' (a box from before the field, or one that could not say) gives no figure. */
const diskLevels = ['ok', 'low', 'full'];

/**
 * The fleet as Prometheus samples at `now`. A store heard from within `staleSeconds` gets every figure of its
 * last heartbeat; a silent one gets `kiosk_store_up 0` and only the ages, which keep growing - never its last
 * figures frozen, which would look like a store that is fine. Ages come from timestamps, so they stay true.
 */
export function fleetSamples(stores: string[], latest: ReadonlyMap<string, LatestBeat>, now: Date, staleSeconds: number): Sample[] {
  const out: Sample[] = [];
  const add = (name: FleetMetric, store: string, value: number, extra: Record<string, string> = {}) =>
    out.push({ name, labels: { store, ...extra }, value });
  for (const store of stores) {
    const beat = latest.get(store);
    const age = beat ? Math.max(0, (now.getTime() - beat.storedAt.getTime()) / 1000) : null;
    const reachable = age !== null && age <= staleSeconds;
    add('kiosk_store_up', store, reachable ? 1 : 0);
    if (!beat || age === null) continue;
    add('kiosk_store_heartbeat_age_seconds', store, age);
    const lastSync = Date.parse(beat.heartbeat.lastSyncAt);
    if (!Number.isNaN(lastSync)) add('kiosk_store_last_sync_age_seconds', store, Math.max(0, (now.getTime() - lastSync) / 1000));
    if (!reachable) continue;
    const hb = beat.heartbeat;
    // A figure the box could not read is unset in its heartbeat: no sample rather than a 0 that looks like a fact.
    const figure = (name: FleetMetric, value: bigint | boolean | undefined) => {
      if (value !== undefined) add(name, store, typeof value === 'boolean' ? (value ? 1 : 0) : Number(value));
    };
    figure('kiosk_store_link_up', hb.linkUp);
    figure('kiosk_store_pending_upload_orders', hb.pendingUpload);
    figure('kiosk_store_sync_errors_total', hb.syncErrors);
    figure('kiosk_store_sync_attempts', hb.syncAttempts);
    add('kiosk_store_database_up', store, hb.databaseUp ? 1 : 0);
    figure('kiosk_store_db_size_bytes', hb.dbSizeBytes);
    if (hb.diskTotalBytes !== undefined && hb.diskFreeBytes !== undefined) {
      figure('kiosk_store_disk_free_bytes', hb.diskFreeBytes);
      figure('kiosk_store_disk_total_bytes', hb.diskTotalBytes);
    }
    const diskLevel = hb.diskLevel === undefined ? -1 : diskLevels.indexOf(hb.diskLevel);
    if (diskLevel >= 0) add('kiosk_store_disk_level', store, diskLevel);
    add('kiosk_store_uptime_seconds', store, Number(hb.uptimeSeconds));
    figure('kiosk_store_outbox_pending_events', hb.outboxPending);
    add('kiosk_store_info', store, 1, { version: hb.version || 'unknown' });
    figure('kiosk_store_catalog_version', hb.catalogVersion);
  }
  return out;
}

/** Keeps a heartbeat only if it is newer (by the store's sentAt) than the one held: redeliveries never go back. */
export function newer(held: LatestBeat | undefined, next: LatestBeat): boolean {
  if (!held) return true;
  const [a, b] = [Date.parse(held.heartbeat.sentAt), Date.parse(next.heartbeat.sentAt)];
  return Number.isNaN(a) || (!Number.isNaN(b) && b >= a);
}
