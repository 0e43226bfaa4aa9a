import { create, pb } from '@kiosk/contracts';

/** What the box knows about its sync right now, gathered from the order service, the uplink, nats-server and Postgres. */
export interface SyncSnapshot {
  storeId: string;
  at: Date;
  /** null when the leaf link's state could not be read (nats-server monitor unreachable). */
  linkUp: boolean | null;
  /** When this service first saw the link in its current state (see LinkWatch); null while it is unknown. */
  linkSince: Date | null;
  /** Round trip to central over the leaf link, when nats-server reports one. */
  linkRttMs: number | null;
  /** Orders central has not confirmed yet; null when the order service did not answer. */
  pendingUpload: number | null;
  lastSync: string | null;
  /** Events the order service has not yet published to the store's NATS; null when it does not say. */
  outboxPending: number | null;
  /** The uplink's failed forwarding attempts since it started; null without an uplink or when it does not say. */
  syncErrors: number | null;
  /** The uplink's consecutive failed attempts for the events it holds now (0 while they flow). */
  syncAttempts: number | null;
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
    syncErrors: BigInt(s.syncErrors ?? 0),
    syncAttempts: BigInt(s.syncAttempts ?? 0),
    outboxPending: BigInt(s.outboxPending ?? 0),
    diskFreeBytes: BigInt(s.disk?.freeBytes ?? 0),
    diskTotalBytes: BigInt(s.disk?.totalBytes ?? 0),
    dbSizeBytes: BigInt(s.dbSizeBytes ?? 0),
    uptimeSeconds: BigInt(s.uptimeSeconds),
    version: s.version,
    databaseUp: s.databaseUp,
  });
}

/**
 * A figure another service reports in its `/health` body: a whole, non-negative number, else unknown. A
 * service that does not report it yet (older version) or reports garbage must read as "unknown", never as 0.
 */
export function countFigure(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
