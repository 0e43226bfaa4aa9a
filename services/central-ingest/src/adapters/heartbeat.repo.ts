import { toJson, pb } from '@kiosk/contracts';
import type { Pool } from '@kiosk/kit';

/** Keeps the latest heartbeat per store: one that arrives late (older sent_at) never replaces a newer one. */
export async function saveHeartbeat(pool: Pool, hb: pb.Heartbeat): Promise<void> {
  await pool.query(
    `INSERT INTO central.heartbeats (store_id, sent_at, received_at, link_up, pending_upload, last_sync_at, payload)
     VALUES ($1, $2, now(), $3, $4, $5, $6)
     ON CONFLICT (store_id) DO UPDATE SET sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at, link_up = EXCLUDED.link_up,
       pending_upload = EXCLUDED.pending_upload, last_sync_at = EXCLUDED.last_sync_at, payload = EXCLUDED.payload
     WHERE central.heartbeats.sent_at < EXCLUDED.sent_at`,
    [hb.storeId, hb.sentAt, hb.linkUp ?? null, hb.pendingUpload === undefined ? null : Number(hb.pendingUpload), hb.lastSyncAt || null, toJson(pb.HeartbeatSchema, hb)],
  );
}
