import type { Pool } from '@kiosk/kit';
import { kitchenRows, salesRow } from '../domain/reports.js';

/** What every report reads: business days from..to inclusive, and the stores (null = all). */
export interface ReportScope { from: string; to: string; stores: string[] | null }

const scope = (s: ReportScope) => [s.from, s.to, s.stores];
const where = 'business_day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR store_id = ANY($3))';

/**
 * The reports, over central-ingest's rollups (schema `central`, kept in the orders' transaction): each query
 * reads a few rows per store and day, never the order tables, so they stay fast at chain scale.
 */
export class ReportsRepo {
  constructor(private readonly pool: Pool) {}

  async sales(s: ReportScope, groupBy: 'day' | 'hour') {
    const bucket = groupBy === 'day' ? 'business_day' : `business_day || ' ' || lpad(hour::text, 2, '0') || ':00'`;
    const r = await this.pool.query<{ store_id: string; bucket: string; currency: string; orders: number; gross: number; tax: number; service_charge: number; net: number; refunds: number; refunds_amount: number }>(
      `SELECT store_id, ${bucket} AS bucket, currency, sum(orders)::bigint AS orders, sum(gross)::bigint AS gross, sum(tax)::bigint AS tax,
              sum(service_charge)::bigint AS service_charge, sum(net)::bigint AS net, sum(refunds)::bigint AS refunds, sum(refunds_amount)::bigint AS refunds_amount
         FROM central.sales_hourly WHERE ${where}
        GROUP BY 1, 2, 3 ORDER BY 2, 1`, scope(s));
    return r.rows.map((x) => salesRow({
      storeId: x.store_id, bucket: x.bucket, currency: x.currency, orders: x.orders, gross: x.gross, tax: x.tax, serviceCharge: x.service_charge, net: x.net,
      refunds: x.refunds, refundsAmount: x.refunds_amount,
    }));
  }

  async products(s: ReportScope) {
    const r = await this.pool.query<{ product_id: string; name: string; quantity: number; revenue: number }>(
      `SELECT product_id, max(name) AS name, sum(quantity)::bigint AS quantity, sum(revenue)::bigint AS revenue
         FROM central.product_daily WHERE ${where} GROUP BY 1 ORDER BY 4 DESC, 1`, scope(s));
    return r.rows.map((x) => ({ productId: x.product_id, name: x.name, quantity: x.quantity, revenue: x.revenue }));
  }

  async payments(s: ReportScope) {
    const r = await this.pool.query<{ method: string; status: string; count: number; amount: number }>(
      `SELECT method, status, sum(count)::bigint AS count, sum(amount)::bigint AS amount
         FROM central.payment_daily WHERE ${where} GROUP BY 1, 2 HAVING sum(count) <> 0 ORDER BY 1, 2`, scope(s));
    return r.rows;
  }

  async awaitingPayment(s: ReportScope, limit: number) {
    const r = await this.pool.query<{ store_id: string; global_id: string; order_number: string; total: number; currency: string; created_at: Date }>(
      `SELECT * FROM central.awaiting_payment WHERE ${where} ORDER BY created_at, global_id LIMIT $4`, [...scope(s), limit]);
    return r.rows.map((x) => ({ storeId: x.store_id, globalId: x.global_id, orderNumber: x.order_number, total: x.total, currency: x.currency, createdAt: x.created_at.toISOString() }));
  }

  /** Prep times from the histogram central-ingest keeps (central.prep_histogram): a few rows per store and day. */
  async kitchen(s: ReportScope) {
    const r = await this.pool.query<{ store_id: string; within_seconds: number; tickets: number }>(
      `SELECT store_id, within_seconds, sum(tickets)::int AS tickets
         FROM central.prep_histogram WHERE ${where} GROUP BY 1, 2 HAVING sum(tickets) > 0`, scope(s));
    return kitchenRows(r.rows.map((x) => ({ storeId: x.store_id, withinSeconds: x.within_seconds, tickets: x.tickets })));
  }
}
