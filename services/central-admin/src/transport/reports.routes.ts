import type { Response } from 'express';
import { z } from 'zod';
import { parse } from '@kiosk/kit';
import { awaitingQuery, dayRange, reportQuery, salesQuery, salesTotals, sumOf, toCsv, type ReportQuery } from '../domain/reports.js';
import type { ReportScope, ReportsRepo } from '../adapters/reports.repo.js';
import type { Api } from './api.js';

const money = z.number().int();
const salesRow = z.object({
  storeId: z.string(), bucket: z.string(), currency: z.string(), orders: z.number().int(), gross: money, tax: money, serviceCharge: money, net: money,
  refunds: z.number().int(), refundsAmount: money, sales: money.describe('gross less the refunds given in the bucket'), avgTicket: money,
});
const period = { from: z.string(), to: z.string(), currency: z.string() };

/** Answers JSON, or the rows as CSV with the same columns when format=csv. */
function answer(res: Response, q: ReportQuery, name: string, columns: string[], body: { rows: Record<string, unknown>[] } & Record<string, unknown>): void {
  if (q.format === 'csv') {
    res.type('text/csv').attachment(`${name}.csv`).send(toCsv(body.rows, columns));
    return;
  }
  res.json(body);
}

/** Cross-store reports over business days (finance, owner; IT reads). Money in integer minor units. */
export function reportRoutes(api: Api, repo: ReportsRepo, timeZone: string): void {
  const scopeOf = (q: ReportQuery): ReportScope => ({ ...dayRange(q, new Date(), timeZone), stores: q.storeId ?? null });
  const base = { access: 'reports', tag: 'reports', method: 'get', csv: true } as const;

  api.route({ ...base, path: '/api/reports/sales', summary: 'Sales per store by day or hour: orders, gross, tax, service charge, net, refunds, sales after refunds, average ticket', query: salesQuery,
    response: z.object({ ...period, rows: z.array(salesRow), totals: salesRow.omit({ storeId: true, bucket: true, currency: true }) }) }, async (req, res) => {
    const q = parse(salesQuery, req.query);
    const s = scopeOf(q);
    const rows = await repo.sales(s, q.groupBy);
    answer(res, q, 'sales', ['storeId', 'bucket', 'currency', 'orders', 'gross', 'tax', 'serviceCharge', 'net', 'refunds', 'refundsAmount', 'sales', 'avgTicket'],
      { from: s.from, to: s.to, currency: rows[0]?.currency ?? 'IDR', rows, totals: salesTotals(rows) });
  });
  api.route({ ...base, path: '/api/reports/products', summary: 'Product mix: quantity and revenue per product', query: reportQuery }, async (req, res) => {
    const q = parse(reportQuery, req.query);
    const s = scopeOf(q);
    const rows = await repo.products(s);
    answer(res, q, 'products', ['productId', 'name', 'quantity', 'revenue'],
      { from: s.from, to: s.to, currency: 'IDR', rows, totals: { quantity: sumOf(rows, (r) => r.quantity), revenue: sumOf(rows, (r) => r.revenue) } });
  });
  api.route({ ...base, path: '/api/reports/payments', summary: 'Payments per method and current status', query: reportQuery }, async (req, res) => {
    const q = parse(reportQuery, req.query);
    const s = scopeOf(q);
    const rows = await repo.payments(s);
    answer(res, q, 'payments', ['method', 'status', 'count', 'amount'],
      { from: s.from, to: s.to, currency: 'IDR', rows, totals: { count: sumOf(rows, (r) => r.count), amount: sumOf(rows, (r) => r.amount) } });
  });
  api.route({ ...base, path: '/api/reports/awaiting-payment', summary: 'Orders whose payment is not approved yet, oldest first', query: awaitingQuery }, async (req, res) => {
    const q = parse(awaitingQuery, req.query);
    const s = scopeOf(q);
    const rows = await repo.awaitingPayment(s, q.limit);
    answer(res, q, 'awaiting-payment', ['storeId', 'globalId', 'orderNumber', 'total', 'currency', 'createdAt'],
      { from: s.from, to: s.to, currency: 'IDR', rows, totals: { orders: rows.length, total: sumOf(rows, (r) => r.total) } });
  });
  api.route({ ...base, path: '/api/reports/kitchen', summary: 'Kitchen prep time (start to ready) per store: p50 and p90 in seconds', query: reportQuery }, async (req, res) => {
    const q = parse(reportQuery, req.query);
    const s = scopeOf(q);
    const rows = await repo.kitchen(s);
    answer(res, q, 'kitchen', ['storeId', 'tickets', 'p50PrepSeconds', 'p90PrepSeconds'], { from: s.from, to: s.to, rows });
  });
}
