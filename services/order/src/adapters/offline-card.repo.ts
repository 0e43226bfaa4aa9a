import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary } from '@kiosk/contracts';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { dbOf, enqueueEvents, inTransaction, type Pool } from '@kiosk/kit';
import { offlineCardTable, orderTable } from './db/schema.js';
import { OUTBOX } from './order.repo.js';

/** What the status page, the heartbeat and the counter show: offline cards still to forward, and the failed ones. */
export interface OfflineCardFigures { pendingCount: number; pendingAmount: number; failedCount: number; failedAmount: number }

const c = offlineCardTable;
/** Times as Postgres writes them in JSON (ISO 8601 with its offset), the way the counter and the events show them. */
const isoText = (column: PgColumn) => sql<string>`to_json(${column}) #>> '{}'`;

/** Offline cards with their order's number, as the forwarder and the counter read them. */
function selectCards(db: Pool) {
  return dbOf(db).select({
    paymentId: c.paymentId, globalId: c.globalId, orderNumber: orderTable.orderNumber, terminalId: c.terminalId, amount: c.amount,
    currency: c.currency, offlineReference: c.offlineReference, approvedAt: isoText(c.approvedAt), expiresAt: isoText(c.expiresAt),
    status: c.status, attempts: c.attempts, lastError: c.lastError, acquirerReference: c.acquirerReference, declineReason: c.declineReason,
    settledAt: sql<string | null>`to_json(${c.settledAt}) #>> '{}'`,
  }).from(c).innerJoin(orderTable, eq(orderTable.globalId, c.globalId));
}

/** A card approved offline, as the forwarder and the counter read it. */
export type OfflineCard = Awaited<ReturnType<typeof selectCards>>[number];

const failedStatuses = ['declined', 'expired'] as const;
const pending = eq(c.status, 'pending');
const failed = inArray(c.status, [...failedStatuses]);
const sumOfAmount = (where: SQL) => sql<number>`coalesce(sum(${c.amount}) FILTER (WHERE ${where}), 0)`.mapWith(Number);
const countOf = (where: SQL) => sql<number>`count(*) FILTER (WHERE ${where})`.mapWith(Number);

/** The offline card rows (orders.offline_card_payments; written with their order by OrderRepo.insert). */
export class OfflineCardRepo {
  constructor(private readonly pool: Pool, private readonly storeId: string) {}

  /** Amount approved offline and not forwarded yet: what the total limit is checked against. */
  async pendingAmount(): Promise<number> {
    const [row] = await dbOf(this.pool).select({ n: sql<number>`coalesce(sum(${c.amount}), 0)`.mapWith(Number) }).from(c).where(pending);
    return row!.n;
  }

  async figures(): Promise<OfflineCardFigures> {
    const [row] = await dbOf(this.pool).select({
      pendingCount: countOf(pending), pendingAmount: sumOfAmount(pending), failedCount: countOf(failed), failedAmount: sumOfAmount(failed),
    }).from(c);
    return row!;
  }

  /** The oldest pending ones first (the nearest to their expiry). */
  async pending(limit: number): Promise<OfflineCard[]> {
    return selectCards(this.pool).where(pending).orderBy(asc(c.approvedAt), asc(c.paymentId)).limit(limit);
  }

  /** The latest offline cards for the counter: failed ones (the manager must act) first, then newest first. */
  async recent(limit: number): Promise<OfflineCard[]> {
    return selectCards(this.pool).orderBy(desc(failed), desc(c.approvedAt)).limit(limit);
  }

  async attemptFailed(paymentId: string, error: string): Promise<void> {
    await dbOf(this.pool).update(c).set({ attempts: sql`${c.attempts} + 1`, lastError: error.slice(0, 500) })
      .where(and(eq(c.paymentId, paymentId), pending));
  }

  async forwarded(paymentId: string, acquirerReference: string, at: Date): Promise<void> {
    await dbOf(this.pool).update(c)
      .set({ status: 'forwarded', attempts: sql`${c.attempts} + 1`, lastError: null, acquirerReference, settledAt: at })
      .where(and(eq(c.paymentId, paymentId), pending));
  }

  /**
   * Declined by the acquirer after the fact, or expired before it could be forwarded: the row and the event for
   * central commit together, once (a row no longer pending changes nothing and sends nothing).
   */
  async failed(card: OfflineCard, outcome: 'declined' | 'expired', reason: string, at: Date): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const changed = await dbOf(client).update(c)
        .set({ status: outcome, attempts: sql`${c.attempts} + ${outcome === 'declined' ? 1 : 0}`, declineReason: reason.slice(0, 500), settledAt: at })
        .where(and(eq(c.paymentId, card.paymentId), pending)).returning({ paymentId: c.paymentId });
      if (changed.length !== 1) return false;
      const e = create(pb.OfflineCardFailedSchema, {
        eventId: randomUUID(), globalId: card.globalId, storeId: this.storeId, paymentId: card.paymentId, amount: BigInt(card.amount),
        currency: card.currency, outcome, reason: reason.slice(0, 500), offlineReference: card.offlineReference, terminalId: card.terminalId,
        approvedAt: card.approvedAt, failedAt: at.toISOString(),
      });
      await enqueueEvents(client, OUTBOX, [{ eventId: e.eventId, subject: subjects.offlineCardFailed(this.storeId), eventType: pb.OfflineCardFailedSchema.typeName,
        payload: toBinary(pb.OfflineCardFailedSchema, e), correlationId: card.globalId }]);
      return true;
    });
  }
}
