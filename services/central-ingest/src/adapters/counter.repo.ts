import type { ZReportView } from '@kiosk/contracts';
import { forOrder, type Logger, type PoolClient } from '@kiosk/kit';
import { offlineCardFailureRecord, type IncomingOfflineCardFailure, type IncomingReversal } from '../domain/counter-events.js';
import { insertPayments } from './rollups.js';

/**
 * Voids and refunds, once each (by event id): a redelivery inserts nothing. A refund that is new to central
 * also moves the sales rollup of its store, business day and hour (money given back reduces that day's sales,
 * in the same transaction, so the report and the reversals never disagree); a void gives back money never
 * taken and moves nothing. Callers hold the store's rollup lock (lockStoreRollups).
 */
export async function insertReversals(client: PoolClient, reversals: IncomingReversal[], reportTimeZone: string): Promise<void> {
  for (const r of reversals) {
    const inserted = await client.query(
      `INSERT INTO central.payment_reversals (event_id, store_id, global_id, kind, amount, currency, method, lines, reason, approved_by, requested_by, business_day, reversed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (event_id) DO NOTHING`,
      [r.eventId, r.storeId, r.globalId, r.kind, r.amount, r.currency, r.method, JSON.stringify(r.lines), r.reason, r.approvedBy, r.requestedBy, r.businessDay, r.reversedAt]);
    if (inserted.rowCount === 1 && r.kind === 'refund') await rollUpRefund(client, r, reportTimeZone);
  }
}

async function rollUpRefund(client: PoolClient, r: IncomingReversal, reportTimeZone: string): Promise<void> {
  await client.query(
    `INSERT INTO central.sales_hourly (store_id, business_day, hour, currency, orders, gross, tax, service_charge, net, refunds, refunds_amount)
     VALUES ($1, $2, extract(hour FROM $3::timestamptz AT TIME ZONE $4)::int, $5, 0, 0, 0, 0, 0, 1, $6)
     ON CONFLICT (business_day, store_id, hour, currency) DO UPDATE SET
       refunds = sales_hourly.refunds + 1, refunds_amount = sales_hourly.refunds_amount + EXCLUDED.refunds_amount`,
    [r.storeId, r.businessDay, r.reversedAt, reportTimeZone, r.currency, r.amount]);
}

/** A store's Z report of a day, the first one received (a day closes once at the store; a repeat changes nothing). */
export async function insertZReports(client: PoolClient, reports: { eventId: string; report: ZReportView }[]): Promise<void> {
  for (const { eventId, report } of reports) {
    await client.query(
      `INSERT INTO central.z_reports (store_id, business_day, event_id, report, closed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [report.storeId, report.businessDay, eventId, JSON.stringify(report), report.closedAt]);
  }
}

/**
 * A card a store approved offline and its acquirer declined later (or that expired unforwarded): the order was
 * handed over and the money not collected, so it is a conflict for accounting (offline_card_declined or
 * offline_card_expired), once per payment whatever the redeliveries, and the payment leaves the approved
 * figures of the payments report (callers hold the store's rollup lock, so two batches cannot both insert it).
 * Returns how many are new.
 */
export async function insertOfflineCardFailures(client: PoolClient, failures: IncomingOfflineCardFailure[], storeId: string, logger: Logger): Promise<number> {
  let added = 0;
  for (const f of failures) {
    const { conflictKind, paymentStatus } = offlineCardFailureRecord(f.outcome);
    const r = await client.query(
      `INSERT INTO central.conflicts (kind, store_id, global_id, business_day, resolution, review_status, details)
       SELECT $5, $1, $2, o.business_day, 'money_not_collected', 'accounting_review', $3
         FROM (SELECT (SELECT business_day FROM central.orders WHERE global_id = $2) AS business_day) o
        WHERE NOT EXISTS (SELECT 1 FROM central.conflicts WHERE kind IN ('offline_card_declined', 'offline_card_expired') AND global_id = $2 AND details->>'paymentId' = $4)`,
      [f.storeId, f.globalId, { paymentId: f.paymentId, amount: f.amount, currency: f.currency, outcome: f.outcome, reason: f.reason,
        offlineReference: f.offlineReference, terminalId: f.terminalId, approvedAt: f.approvedAt, failedAt: f.failedAt, eventId: f.eventId }, f.paymentId, conflictKind]);
    if (r.rowCount === 1) {
      added++;
      await insertPayments(client, [{ globalId: f.globalId, paymentId: f.paymentId, status: paymentStatus, method: 'card', amount: f.amount,
        currency: f.currency, reference: f.offlineReference || null, recordedAt: f.failedAt }], storeId);
      forOrder(logger, f.globalId).warn(`card approved offline was ${f.outcome === 'declined' ? 'declined after the fact' : 'not forwarded before its expiry'}: queued for accounting review`,
        { storeId: f.storeId, amount: f.amount, outcome: f.outcome });
    }
  }
  return added;
}
