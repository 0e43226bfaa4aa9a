import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { toJson, pb } from '@kiosk/contracts';
import { heartbeats } from './db/schema.js';

/** Keeps the latest heartbeat per store: one that arrives late (older sent_at) never replaces a newer one. */
export async function saveHeartbeat(db: NodePgDatabase, hb: pb.Heartbeat): Promise<void> {
  const beat = {
    sentAt: hb.sentAt, receivedAt: sql`now()`, linkUp: hb.linkUp ?? null, pendingUpload: hb.pendingUpload === undefined ? null : Number(hb.pendingUpload),
    lastSyncAt: hb.lastSyncAt || null, payload: toJson(pb.HeartbeatSchema, hb) as Record<string, unknown>,
  };
  await db.insert(heartbeats).values({ storeId: hb.storeId, ...beat })
    .onConflictDoUpdate({ target: heartbeats.storeId, set: beat, setWhere: sql`${heartbeats.sentAt} < ${hb.sentAt}` });
}
