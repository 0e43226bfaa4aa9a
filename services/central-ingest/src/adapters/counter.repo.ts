import type { ZReportView } from '@kiosk/contracts';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { forOrder, type Logger } from '@kiosk/kit';
import { offlineCardFailureRecord, type IncomingOfflineCardFailure, type IncomingReversal } from '../domain/counter-events.js';
import { insertPayments } from './rollups.js';
import { conflicts, orders, paymentReversals, salesHourly, zReports } from './db/schema.js';

/**
 * Voids and refunds, once each (by event id): a redelivery inserts nothing. A refund that is new to central
 * also moves the sales rollup of its store, business day and hour (money given back reduces that day's sales,
 * in the same transaction, so the report and the reversals never disagree); a void gives back money never
 * taken and moves nothing. Callers hold the store's rollup lock (lockStoreRollups).
 */
export async function insertReversals(db: NodePgDatabase, reversals: IncomingReversal[], reportTimeZone: string): Promise<void> {
  for (const r of reversals) {
    const inserted = await db.insert(paymentReversals).values({
      eventId: r.eventId, storeId: r.storeId, globalId: r.globalId, kind: r.kind, amount: r.amount, currency: r.currency, method: r.method, lines: r.lines,
      reason: r.reason, approvedBy: r.approvedBy, requestedBy: r.requestedBy, businessDay: r.businessDay, reversedAt: r.reversedAt,
    }).onConflictDoNothing({ target: paymentReversals.eventId });
    if (inserted.rowCount === 1 && r.kind === 'refund') await rollUpRefund(db, r, reportTimeZone);
  }
}

async function rollUpRefund(db: NodePgDatabase, r: IncomingReversal, reportTimeZone: string): Promise<void> {
  await db.insert(salesHourly).values({
    storeId: r.storeId, businessDay: r.businessDay, hour: sql`extract(hour FROM ${r.reversedAt}::timestamptz AT TIME ZONE ${reportTimeZone})::int`, currency: r.currency,
    orders: 0, gross: 0, tax: 0, serviceCharge: 0, net: 0, refunds: 1, refundsAmount: r.amount,
  }).onConflictDoUpdate({
    target: [salesHourly.businessDay, salesHourly.storeId, salesHourly.hour, salesHourly.currency],
    set: { refunds: sql`${salesHourly.refunds} + 1`, refundsAmount: sql`${salesHourly.refundsAmount} + ${r.amount}` },
  });
}

/** A store's Z report of a day, the first one received (a day closes once at the store; a repeat changes nothing). */
export async function insertZReports(db: NodePgDatabase, reports: { eventId: string; report: ZReportView }[]): Promise<void> {
  for (const { eventId, report } of reports) {
    await db.insert(zReports).values({ storeId: report.storeId, businessDay: report.businessDay, eventId, report: report as unknown as Record<string, unknown>, closedAt: report.closedAt })
      .onConflictDoNothing();
  }
}

/**
 * A card a store approved offline and its acquirer declined later (or that expired unforwarded): the order was
 * handed over and the money not collected, so it is a conflict for accounting (offline_card_declined or
 * offline_card_expired), once per payment whatever the redeliveries, and the payment leaves the approved
 * figures of the payments report (callers hold the store's rollup lock, so two batches cannot both insert it).
 * Returns how many are new.
 */
export async function insertOfflineCardFailures(db: NodePgDatabase, failures: IncomingOfflineCardFailure[], storeId: string, logger: Logger): Promise<number> {
  let added = 0;
  for (const f of failures) {
    const { conflictKind, paymentStatus } = offlineCardFailureRecord(f.outcome);
    const details = { paymentId: f.paymentId, amount: f.amount, currency: f.currency, outcome: f.outcome, reason: f.reason,
      offlineReference: f.offlineReference, terminalId: f.terminalId, approvedAt: f.approvedAt, failedAt: f.failedAt, eventId: f.eventId };
    const columns = [conflicts.kind, conflicts.storeId, conflicts.globalId, conflicts.businessDay, conflicts.resolution, conflicts.reviewStatus, conflicts.details];
    // Once per payment: the row is written only when no offline-card conflict holds this payment yet.
    const r = await db.execute(sql`
      INSERT INTO ${conflicts} (${sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)})
      SELECT ${conflictKind}, ${f.storeId}, ${f.globalId}::uuid, o.business_day, 'money_not_collected', 'accounting_review', ${JSON.stringify(details)}::jsonb
        FROM (SELECT (SELECT ${orders.businessDay} FROM ${orders} WHERE ${orders.globalId} = ${f.globalId}) AS business_day) o
       WHERE NOT EXISTS (SELECT 1 FROM ${conflicts} WHERE ${conflicts.kind} IN ('offline_card_declined', 'offline_card_expired')
                           AND ${conflicts.globalId} = ${f.globalId} AND ${conflicts.details}->>'paymentId' = ${f.paymentId})`);
    if (r.rowCount === 1) {
      added++;
      await insertPayments(db, [{ globalId: f.globalId, paymentId: f.paymentId, status: paymentStatus, method: 'card', amount: f.amount,
        currency: f.currency, reference: f.offlineReference || null, recordedAt: f.failedAt }], storeId);
      forOrder(logger, f.globalId).warn(`card approved offline was ${f.outcome === 'declined' ? 'declined after the fact' : 'not forwarded before its expiry'}: queued for accounting review`,
        { storeId: f.storeId, amount: f.amount, outcome: f.outcome });
    }
  }
  return added;
}
