import type { ZReportView } from '@kiosk/contracts';
import type { Pool } from '@kiosk/kit';

/** A void or refund approved at a store's counter, as central-ingest stored it (schema `central`, read-only here). */
export interface ReversalRow {
  eventId: string;
  kind: 'void' | 'refund';
  amount: number;
  lines: { lineNo: number; quantity: number; amount: number }[];
  reason: string;
  approvedBy: string;
  reversedAt: string;
}

/** The stores' Z reports, newest business day first. */
export async function findZReports(pool: Pool, filter: { storeId?: string; day?: string; limit: number }): Promise<ZReportView[]> {
  const { rows } = await pool.query<{ report: ZReportView }>(
    `SELECT report FROM central.z_reports WHERE ($1::text IS NULL OR store_id = $1) AND ($2::text IS NULL OR business_day = $2)
      ORDER BY business_day DESC, store_id LIMIT $3`, [filter.storeId ?? null, filter.day ?? null, filter.limit]);
  return rows.map((r) => r.report);
}

/** The voids and refunds of one order, oldest first. */
export async function reversalsOf(pool: Pool, globalId: string): Promise<ReversalRow[]> {
  const { rows } = await pool.query<Omit<ReversalRow, 'reversedAt'> & { reversedAt: Date }>(
    `SELECT event_id AS "eventId", kind, amount::float8 AS amount, lines, reason, approved_by AS "approvedBy", reversed_at AS "reversedAt"
       FROM central.payment_reversals WHERE global_id = $1 ORDER BY reversed_at`, [globalId]);
  return rows.map((r) => ({ ...r, reversedAt: new Date(r.reversedAt).toISOString() }));
}
