import { create, pb } from '@kiosk/contracts';

/** What the box knows about its sync right now, gathered from the order service, nats-server and Postgres. */
export interface SyncSnapshot {
  storeId: string;
  at: Date;
  /** null when the leaf link's state could not be read (nats-server monitor unreachable). */
  linkUp: boolean | null;
  /** Orders central has not confirmed yet; null when the order service did not answer. */
  pendingUpload: number | null;
  lastSync: string | null;
  databaseUp: boolean;
  disk: { freeBytes: number; totalBytes: number } | null;
  dbSizeBytes: number | null;
  uptimeSeconds: number;
  version: string;
}

/** `up`/`down`, or `unknown` when the monitor did not answer (never guess `up`). */
export function linkState(linkUp: boolean | null): 'up' | 'down' | 'unknown' {
  return linkUp === null ? 'unknown' : linkUp ? 'up' : 'down';
}

/** The heartbeat central turns into fleet metrics. Unknown figures are left at proto defaults (0 / ''). */
export function heartbeatOf(s: SyncSnapshot): pb.Heartbeat {
  return create(pb.HeartbeatSchema, {
    storeId: s.storeId,
    sentAt: s.at.toISOString(),
    linkUp: s.linkUp === true,
    pendingUpload: BigInt(s.pendingUpload ?? 0),
    lastSyncAt: s.lastSync ?? '',
    diskFreeBytes: BigInt(s.disk?.freeBytes ?? 0),
    diskTotalBytes: BigInt(s.disk?.totalBytes ?? 0),
    dbSizeBytes: BigInt(s.dbSizeBytes ?? 0),
    uptimeSeconds: BigInt(s.uptimeSeconds),
    version: s.version,
    databaseUp: s.databaseUp,
  });
}
