import { businessDay } from './numbering.js';

/**
 * The first business day that is kept: every day before it is old enough to prune. Counted in the store's
 * business days (its time zone), so "30 days" means the same days the Z reports and order numbers use.
 * null when retention is off (0 days).
 */
export function retentionCutoffDay(now: Date, timeZone: string, days: number): string | null {
  if (!Number.isInteger(days) || days <= 0) return null;
  const today = businessDay(now, timeZone);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** What the store knows about one order when deciding whether it may go. */
export interface OrderRetentionFacts {
  businessDay: string;
  syncStatus: string;
  /** Each of its outbox events: published to JetStream, and the sales stream sequence PubAck gave it (if recorded). */
  events: { published: boolean; seq: number | null }[];
  /** An offline card payment is kept for the counter and the status page: its order stays with it. */
  hasOfflineCard: boolean;
}

/** Central's sales receipt: everything up to this stream sequence is committed in central Postgres. */
export function eventCovered(e: { published: boolean; seq: number | null }, committedSeq: number | null): boolean {
  return e.published && e.seq !== null && committedSeq !== null && e.seq <= committedSeq;
}

/**
 * An order may be pruned only when it is older than the cutoff AND central has it: marked synced by a receipt,
 * and every event of it (a later settlement or refund included) at or below central's committed sequence.
 */
export function orderMayBePruned(o: OrderRetentionFacts, cutoffDay: string | null, committedSeq: number | null): boolean {
  if (cutoffDay === null || !(o.businessDay < cutoffDay)) return false;
  if (o.syncStatus !== 'synced' || o.hasOfflineCard) return false;
  return o.events.length > 0 && o.events.every((e) => eventCovered(e, committedSeq));
}
