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
  kiosk_store_uptime_seconds: 'Seconds the store box\'s sync service has been running',
  kiosk_store_outbox_pending_events: 'Store events committed but not yet published to its local JetStream',
  kiosk_store_info: 'The store box\'s software version (always 1)',
} as const;
export type FleetMetric = keyof typeof fleetMetrics;

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
    add('kiosk_store_link_up', store, hb.linkUp ? 1 : 0);
    add('kiosk_store_pending_upload_orders', store, Number(hb.pendingUpload));
    add('kiosk_store_sync_errors_total', store, Number(hb.syncErrors));
    add('kiosk_store_sync_attempts', store, Number(hb.syncAttempts));
    add('kiosk_store_database_up', store, hb.databaseUp ? 1 : 0);
    add('kiosk_store_db_size_bytes', store, Number(hb.dbSizeBytes));
    // A box that could not read its disk reports 0 total: no disk figures rather than "0 % free".
    if (hb.diskTotalBytes > 0n) {
      add('kiosk_store_disk_free_bytes', store, Number(hb.diskFreeBytes));
      add('kiosk_store_disk_total_bytes', store, Number(hb.diskTotalBytes));
    }
    add('kiosk_store_uptime_seconds', store, Number(hb.uptimeSeconds));
    add('kiosk_store_outbox_pending_events', store, Number(hb.outboxPending));
    add('kiosk_store_info', store, 1, { version: hb.version || 'unknown' });
  }
  return out;
}

/** Keeps a heartbeat only if it is newer (by the store's sentAt) than the one held: redeliveries never go back. */
export function newer(held: LatestBeat | undefined, next: LatestBeat): boolean {
  if (!held) return true;
  const [a, b] = [Date.parse(held.heartbeat.sentAt), Date.parse(next.heartbeat.sentAt)];
  return Number.isNaN(a) || (!Number.isNaN(b) && b >= a);
}
