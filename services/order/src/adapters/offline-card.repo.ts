import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary } from '@kiosk/contracts';
import { enqueueEvents, inTransaction, type Pool } from '@kiosk/kit';
import { OUTBOX } from './order.repo.js';

/** A card approved offline, as the forwarder and the counter read it. */
export interface OfflineCard {
  paymentId: string;
  globalId: string;
  orderNumber: string;
  terminalId: string;
  amount: number;
  currency: string;
  offlineReference: string;
  approvedAt: string;
  expiresAt: string;
  status: 'pending' | 'forwarded' | 'declined' | 'expired';
  attempts: number;
  lastError: string | null;
  acquirerReference: string | null;
  declineReason: string | null;
  settledAt: string | null;
}

/** What the status page, the heartbeat and the counter show: offline cards still to forward, and the failed ones. */
export interface OfflineCardFigures { pendingCount: number; pendingAmount: number; failedCount: number; failedAmount: number }

const columns = `c.payment_id AS "paymentId", c.global_id AS "globalId", o.order_number AS "orderNumber", c.terminal_id AS "terminalId",
  c.amount::float8 AS amount, c.currency, c.offline_reference AS "offlineReference", to_json(c.approved_at) #>> '{}' AS "approvedAt",
  to_json(c.expires_at) #>> '{}' AS "expiresAt", c.status, c.attempts, c.last_error AS "lastError", c.acquirer_reference AS "acquirerReference",
  c.decline_reason AS "declineReason", to_json(c.settled_at) #>> '{}' AS "settledAt"`;

/** The offline card rows (orders.offline_card_payments; written with their order by OrderRepo.insert). */
export class OfflineCardRepo {
  constructor(private readonly pool: Pool, private readonly storeId: string) {}

  /** Amount approved offline and not forwarded yet: what the total limit is checked against. */
  async pendingAmount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT coalesce(sum(amount), 0) AS n FROM orders.offline_card_payments WHERE status = 'pending'`);
    return Number(rows[0]!.n);
  }

  async figures(): Promise<OfflineCardFigures> {
    const { rows } = await this.pool.query<{ pc: string; pa: string; fc: string; fa: string }>(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pc, coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0) AS pa,
              count(*) FILTER (WHERE status IN ('declined', 'expired')) AS fc, coalesce(sum(amount) FILTER (WHERE status IN ('declined', 'expired')), 0) AS fa
         FROM orders.offline_card_payments`);
    const r = rows[0]!;
    return { pendingCount: Number(r.pc), pendingAmount: Number(r.pa), failedCount: Number(r.fc), failedAmount: Number(r.fa) };
  }

  /** The oldest pending ones first (the nearest to their expiry). */
  async pending(limit: number): Promise<OfflineCard[]> {
    const { rows } = await this.pool.query<OfflineCard>(
      `SELECT ${columns} FROM orders.offline_card_payments c JOIN orders.orders o USING (global_id)
        WHERE c.status = 'pending' ORDER BY c.approved_at, c.payment_id LIMIT $1`, [limit]);
    return rows;
  }

  /** The latest offline cards for the counter: failed ones (the manager must act) first, then newest first. */
  async recent(limit: number): Promise<OfflineCard[]> {
    const { rows } = await this.pool.query<OfflineCard>(
      `SELECT ${columns} FROM orders.offline_card_payments c JOIN orders.orders o USING (global_id)
        ORDER BY (c.status IN ('declined', 'expired')) DESC, c.approved_at DESC LIMIT $1`, [limit]);
    return rows;
  }

  async attemptFailed(paymentId: string, error: string): Promise<void> {
    await this.pool.query(`UPDATE orders.offline_card_payments SET attempts = attempts + 1, last_error = $2 WHERE payment_id = $1 AND status = 'pending'`,
      [paymentId, error.slice(0, 500)]);
  }

  async forwarded(paymentId: string, acquirerReference: string, at: Date): Promise<void> {
    await this.pool.query(
      `UPDATE orders.offline_card_payments SET status = 'forwarded', attempts = attempts + 1, last_error = NULL, acquirer_reference = $2, settled_at = $3
        WHERE payment_id = $1 AND status = 'pending'`, [paymentId, acquirerReference, at]);
  }

  /**
   * Declined by the acquirer after the fact, or expired before it could be forwarded: the row and the event for
   * central commit together, once (a row no longer pending changes nothing and sends nothing).
   */
  async failed(card: OfflineCard, outcome: 'declined' | 'expired', reason: string, at: Date): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const r = await client.query(
        `UPDATE orders.offline_card_payments SET status = $2, attempts = attempts + $4, decline_reason = $3, settled_at = $5
          WHERE payment_id = $1 AND status = 'pending'`, [card.paymentId, outcome, reason.slice(0, 500), outcome === 'declined' ? 1 : 0, at]);
      if (r.rowCount !== 1) return false;
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
