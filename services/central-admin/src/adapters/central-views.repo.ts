import type { CentralOrderView } from '@kiosk/contracts';
import type { Pool } from '@kiosk/kit';
import { orderStatus } from '../domain/order-status.js';
import { reversalsOf } from './counter-views.repo.js';

/** Read side of central's HTTP API: plain SQL over the tables central-ingest writes (schema `central`), read-only here. */
export async function findOrder(pool: Pool, globalId: string): Promise<CentralOrderView | null> {
  const o = await pool.query<{
    global_id: string; store_id: string; display_number: string; order_number: string; business_day: string; mode: string; currency: string;
    subtotal: number; tax: number; service_charge: number; total: number; created_at: Date; synced_at: Date; price_override: boolean;
  }>('SELECT * FROM central.orders WHERE global_id = $1', [globalId]);
  const row = o.rows[0];
  if (!row) return null;
  const [lines, payment, reversals] = await Promise.all([
    pool.query<{ product_id: string; name: string; quantity: number; unit_price: number; options: { id: string; name: string; priceDelta: number }[]; line_total: number }>(
      'SELECT * FROM central.order_lines WHERE global_id = $1 ORDER BY line_no', [globalId]),
    // The most advanced state reported (approved after pending), whichever event brought it.
    pool.query<{ payment_id: string; method: string; status: string; amount: number; currency: string; reference: string | null }>(
      // A card approved offline and failed later shows as failed, not as the approval it replaced.
      `SELECT * FROM central.payments WHERE global_id = $1
        ORDER BY CASE status WHEN 'offline_declined' THEN 0 WHEN 'offline_expired' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, recorded_at DESC LIMIT 1`, [globalId]),
    reversalsOf(pool, globalId),
  ]);
  const p = payment.rows[0];
  return {
    globalId: row.global_id, storeId: row.store_id, orderNumber: row.display_number, storeOrderNumber: row.order_number,
    businessDay: row.business_day, mode: row.mode, currency: row.currency, subtotal: row.subtotal, tax: row.tax,
    serviceCharge: row.service_charge, total: row.total, createdAt: row.created_at.toISOString(), syncedAt: row.synced_at.toISOString(),
    priceOverride: row.price_override,
    lines: lines.rows.map((l) => ({ productId: l.product_id, name: l.name, quantity: l.quantity, unitPrice: l.unit_price, options: l.options, lineTotal: l.line_total })),
    payment: p ? { paymentId: p.payment_id, method: p.method, status: p.status, amount: p.amount, currency: p.currency, reference: p.reference } : null,
    status: orderStatus({ paid: p?.status === 'approved' ? p.amount : 0, total: row.total, reversals }),
    reversals: reversals.map((r) => ({ reversalId: r.eventId, kind: r.kind, amount: r.amount, lines: r.lines, reason: r.reason, approvedBy: r.approvedBy, reversedAt: r.reversedAt })),
  };
}

export interface StoreSyncRow {
  storeId: string; sentAt: Date | null; linkUp: boolean | null; pendingUpload: number | null; ordersCommitted: number; lastReceiptSeq: number;
  lastSyncAt: string | null; version: string | null;
  /** Cards the store approved offline and has not forwarded yet, from its last heartbeat (null before any, or unknown to the store). */
  offlineCardsPending: number | null; offlineCardsPendingAmount: number | null;
  /** The newest version of central's catalog the store reports having applied (its heartbeat); null when it does not say. */
  catalogVersion: number | null;
}

/** A figure of the heartbeat's JSON (int64 as a string): absent when the store could not read it, so unknown. */
const figureOf = (v: string | null): number | null => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

export async function storeSync(pool: Pool, storeIds: string[], salesStreams: string[]): Promise<StoreSyncRow[]> {
  const r = await pool.query<{ store_id: string; sent_at: Date | null; link_up: boolean | null; pending_upload: number | null; orders: number; seq: number | null; last_sync_at: string | null; version: string | null; ocp: string | null; oca: string | null; catalog_version: string | null }>(
    `SELECT s.store_id, h.sent_at, h.link_up, h.pending_upload, h.last_sync_at, h.payload->>'version' AS version,
            h.payload->>'offlineCardsPending' AS ocp, h.payload->>'offlineCardsPendingAmount' AS oca,
            h.payload->>'catalogVersion' AS catalog_version,
            (SELECT coalesce(sum(orders_committed), 0)::bigint FROM central.receipt_marks m WHERE m.store_id = s.store_id) AS orders,
            (SELECT committed_seq FROM central.receipt_marks m WHERE m.store_id = s.store_id AND m.stream = s.stream) AS seq
       FROM unnest($1::text[], $2::text[]) AS s(store_id, stream)
       LEFT JOIN central.heartbeats h ON h.store_id = s.store_id
      ORDER BY s.store_id`, [storeIds, salesStreams]);
  return r.rows.map((x) => ({ storeId: x.store_id, sentAt: x.sent_at, linkUp: x.link_up, pendingUpload: x.pending_upload, ordersCommitted: x.orders, lastReceiptSeq: x.seq ?? 0,
    lastSyncAt: x.last_sync_at, version: x.version, catalogVersion: figureOf(x.catalog_version),
    offlineCardsPending: figureOf(x.ocp), offlineCardsPendingAmount: figureOf(x.oca) }));
}
