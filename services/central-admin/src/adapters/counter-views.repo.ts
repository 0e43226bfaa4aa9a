import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { paymentReversals, zReports } from '@kiosk/central-ingest/schema';
import type { ZReportView } from '@kiosk/contracts';
import { dbOf, type Pool } from '@kiosk/kit';
import { isoOf } from './db/timestamps.js';

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
  const t = zReports;
  const where: (SQL | undefined)[] = [filter.storeId === undefined ? undefined : eq(t.storeId, filter.storeId), filter.day === undefined ? undefined : eq(t.businessDay, filter.day)];
  const rows = await dbOf(pool).select({ report: t.report }).from(t).where(and(...where)).orderBy(desc(t.businessDay), asc(t.storeId)).limit(filter.limit);
  return rows.map((r) => r.report as unknown as ZReportView);
}

/** The voids and refunds of one order, oldest first. */
export async function reversalsOf(pool: Pool, globalId: string): Promise<ReversalRow[]> {
  const t = paymentReversals;
  const rows = await dbOf(pool).select({ eventId: t.eventId, kind: t.kind, amount: t.amount, lines: t.lines, reason: t.reason, approvedBy: t.approvedBy, reversedAt: t.reversedAt })
    .from(t).where(eq(t.globalId, globalId)).orderBy(asc(t.reversedAt));
  return rows.map((r) => ({ ...r, kind: r.kind as ReversalRow['kind'], reversedAt: isoOf(r.reversedAt) }));
}
