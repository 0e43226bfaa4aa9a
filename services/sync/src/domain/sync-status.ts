import { create, pb } from '@kiosk/contracts';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';

/** The order service's disk guard level (ok, low, full). */
export type DiskLevel = NonNullable<StoreSyncStatusView['diskLevel']>;

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
  /** Cards approved offline and not forwarded to the acquirer yet (count, amount); null when the order service does not say. */
  offlineCardsPending: number | null;
  offlineCardsPendingAmount: number | null;
  /** The uplink's failed forwarding attempts since it started; null without an uplink or when it does not say. */
  syncErrors: number | null;
  /** The uplink's consecutive failed attempts for the events it holds now (0 while they flow). */
  syncAttempts: number | null;
  databaseUp: boolean;
  /** The fullest data path the order service's disk guard watches, else this service's working directory. */
  disk: { freeBytes: number; totalBytes: number } | null;
  /** The order service's disk guard (it refuses orders when `full`); null when it did not say. */
  diskLevel: DiskLevel | null;
  dbSizeBytes: number | null;
  uptimeSeconds: number;
  version: string;
  /** The newest version of central's catalog the box has applied; null when none arrived yet or it could not be read. */
  catalogVersion: number | null;
}

/** `up`/`down`, or `unknown` when the monitor did not answer (never guess `up`). */
export function linkState(linkUp: boolean | null): 'up' | 'down' | 'unknown' {
  return linkUp === null ? 'unknown' : linkUp ? 'up' : 'down';
}

/** What central gets from the box's figures: one it could not read stays unset (unknown), never 0. */
export function heartbeatOf(s: SyncSnapshot): pb.Heartbeat {
  return create(pb.HeartbeatSchema, {
    storeId: s.storeId,
    sentAt: s.at.toISOString(),
    linkUp: s.linkUp ?? undefined,
    pendingUpload: known(s.pendingUpload),
    lastSyncAt: s.lastSync ?? '',
    syncErrors: known(s.syncErrors),
    syncAttempts: known(s.syncAttempts),
    outboxPending: known(s.outboxPending),
    offlineCardsPending: known(s.offlineCardsPending),
    offlineCardsPendingAmount: known(s.offlineCardsPendingAmount),
    diskFreeBytes: known(s.disk?.freeBytes),
    diskTotalBytes: known(s.disk?.totalBytes),
    dbSizeBytes: known(s.dbSizeBytes),
    uptimeSeconds: BigInt(s.uptimeSeconds),
    version: s.version,
    databaseUp: s.databaseUp,
    catalogVersion: known(s.catalogVersion),
    diskLevel: s.diskLevel ?? undefined,
  });
}

const known = (n: number | null | undefined): bigint | undefined => (n === null || n === undefined ? undefined : BigInt(n));

/** The order service's disk level from its `/health`; anything else reads as unknown. */
export function diskLevelFigure(value: unknown): DiskLevel | null {
  return value === 'ok' || value === 'low' || value === 'full' ? value : null;
}

/**
 * A figure another service reports in its `/health` body: a whole, non-negative number, else unknown. A
 * service that does not report it yet (older version) or reports garbage must read as "unknown", never as 0.
 */
export function countFigure(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
