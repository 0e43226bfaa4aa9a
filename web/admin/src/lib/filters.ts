/**
 * The filter forms of the conflicts, reports and audit pages as plain data: what the form holds, and the
 * query the API gets. Dates are business days (YYYY-MM-DD); an audit "to" day includes that whole day.
 */
import type { ConflictStatus, ConflictView } from '../api/types.ts';
import { toQuery } from './query.ts';

export interface ConflictFilter { kind: string; storeId: string; status: ConflictStatus | '' }

export function conflictQuery(f: ConflictFilter, limit = 200): string {
  return toQuery({ kind: f.kind, storeId: f.storeId, status: f.status, limit });
}

/**
 * Applies the filter to a list (the server filters too; this keeps the list right after a local resolve).
 * `keep` holds conflicts decided on this page: they stay in view with their decision until the next search.
 */
export function filterConflicts(list: readonly ConflictView[], f: ConflictFilter, keep: ReadonlySet<number> = new Set()): ConflictView[] {
  return list.filter((c) => keep.has(c.id) || (!f.kind || c.kind === f.kind)
    && (!f.storeId || c.storeId === f.storeId)
    && (!f.status || c.status === f.status));
}

export interface ReportFilter { from: string; to: string; storeIds: string[]; groupBy: 'day' | 'hour' }

export function reportQuery(f: ReportFilter, extra: Record<string, string> = {}): string {
  return toQuery({ from: f.from, to: f.to, storeId: f.storeIds, ...extra });
}

/** A day as YYYY-MM-DD in the given IANA time zone (the chain's business day). */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** True when the range is two valid days in order (the form refuses anything else before asking). */
export function isDayRange(from: string, to: string): boolean {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return day.test(from) && day.test(to) && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to)) && from <= to;
}

export interface AuditFilter { actor: string; entityType: string; action: string; from: string; to: string }

/** `from`/`to` days become instants: the start of `from` and the end of `to`, in UTC. */
export function auditQuery(f: AuditFilter, limit: number, before?: number): string {
  return toQuery({
    actor: f.actor.trim(), entityType: f.entityType, action: f.action.trim(),
    from: f.from ? `${f.from}T00:00:00.000Z` : '', to: f.to ? `${f.to}T23:59:59.999Z` : '', limit, before,
  });
}
