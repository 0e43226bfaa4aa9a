import type { CentralConflictView, CentralOrderView } from '@kiosk/contracts';
import type { Pool } from '@kiosk/kit';

/** Read side of central's HTTP API: plain SQL over central-ingest's own tables. */
export async function findOrder(pool: Pool, globalId: string): Promise<CentralOrderView | null> {
  const o = await pool.query<{
    global_id: string; store_id: string; display_number: string; order_number: string; business_day: string; mode: string; currency: string;
    subtotal: number; tax: number; service_charge: number; total: number; created_at: Date; synced_at: Date; price_override: boolean;
  }>('SELECT * FROM central.orders WHERE global_id = $1', [globalId]);
  const row = o.rows[0];
  if (!row) return null;
  const [lines, payment] = await Promise.all([
    pool.query<{ product_id: string; name: string; quantity: number; unit_price: number; options: { id: string; name: string; priceDelta: number }[]; line_total: number }>(
      'SELECT * FROM central.order_lines WHERE global_id = $1 ORDER BY line_no', [globalId]),
    // The most advanced state reported (approved after pending), whichever event brought it.
    pool.query<{ payment_id: string; method: string; status: string; amount: number; currency: string; reference: string | null }>(
      `SELECT * FROM central.payments WHERE global_id = $1 ORDER BY (status = 'approved') DESC, recorded_at DESC LIMIT 1`, [globalId]),
  ]);
  const p = payment.rows[0];
  return {
    globalId: row.global_id, storeId: row.store_id, orderNumber: row.display_number, storeOrderNumber: row.order_number,
    businessDay: row.business_day, mode: row.mode, currency: row.currency, subtotal: row.subtotal, tax: row.tax,
    serviceCharge: row.service_charge, total: row.total, createdAt: row.created_at.toISOString(), syncedAt: row.synced_at.toISOString(),
    priceOverride: row.price_override,
    lines: lines.rows.map((l) => ({ productId: l.product_id, name: l.name, quantity: l.quantity, unitPrice: l.unit_price, options: l.options, lineTotal: l.line_total })),
    payment: p ? { paymentId: p.payment_id, method: p.method, status: p.status, amount: p.amount, currency: p.currency, reference: p.reference } : null,
  };
}

export interface StoreSyncRow { storeId: string; sentAt: Date | null; linkUp: boolean | null; pendingUpload: number | null; ordersCommitted: number; lastReceiptSeq: number }

export async function storeSync(pool: Pool, storeIds: string[], salesStreams: string[]): Promise<StoreSyncRow[]> {
  const r = await pool.query<{ store_id: string; sent_at: Date | null; link_up: boolean | null; pending_upload: number | null; orders: number; seq: number | null }>(
    `SELECT s.store_id, h.sent_at, h.link_up, h.pending_upload,
            (SELECT coalesce(sum(orders_committed), 0)::bigint FROM central.receipt_marks m WHERE m.store_id = s.store_id) AS orders,
            (SELECT committed_seq FROM central.receipt_marks m WHERE m.store_id = s.store_id AND m.stream = s.stream) AS seq
       FROM unnest($1::text[], $2::text[]) AS s(store_id, stream)
       LEFT JOIN central.heartbeats h ON h.store_id = s.store_id
      ORDER BY s.store_id`, [storeIds, salesStreams]);
  return r.rows.map((x) => ({ storeId: x.store_id, sentAt: x.sent_at, linkUp: x.link_up, pendingUpload: x.pending_upload, ordersCommitted: x.orders, lastReceiptSeq: x.seq ?? 0 }));
}

export async function listConflicts(pool: Pool, filter: { kind?: string; storeId?: string; globalId?: string; limit: number }): Promise<CentralConflictView[]> {
  const r = await pool.query<{ id: number; kind: CentralConflictView['kind']; store_id: string; global_id: string | null; business_day: string | null; resolution: string; review_status: string; details: Record<string, unknown>; created_at: Date }>(
    `SELECT * FROM central.conflicts WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR store_id = $2) AND ($3::uuid IS NULL OR global_id = $3)
      ORDER BY id DESC LIMIT $4`, [filter.kind ?? null, filter.storeId ?? null, filter.globalId ?? null, filter.limit]);
  return r.rows.map((c) => ({
    id: c.id, kind: c.kind, storeId: c.store_id, globalId: c.global_id, businessDay: c.business_day, resolution: c.resolution,
    reviewStatus: c.review_status, details: c.details, createdAt: c.created_at.toISOString(),
  }));
}
