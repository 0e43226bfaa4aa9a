import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { create, fromBinary, headers, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { dbOf, errorFields, inTransaction, type Logger, type Nats, type Pool } from '@kiosk/kit';
import { kitchenEventFromEvent, orderFromEvent, paymentFromEvent } from '../domain/events.js';
import { offlineCardFailureFromEvent, reversalFromEvent, zReportFromEvent } from '../domain/counter-events.js';
import { receiptType } from '../adapters/decisions.js';
import { saveHeartbeat } from '../adapters/heartbeat.repo.js';
import { advanceReceipt, commitKitchen, commitSales, type ReceiptMark, type SalesItem } from '../adapters/sales.repo.js';
import type { IngestMetrics, RefusedKind } from '../adapters/metrics.js';

interface Deps { pool: Pool; logger: Logger; nats: () => Nats | null; metrics: IngestMetrics; reportTimeZone: string }

/** The store stream's own sequence, stamped by the store's uplink (receipts are counted in it). */
function storeSeq(msg: JsMsg): number | null {
  const v = Number(msg.headers?.get(headers.storeSeq) ?? '');
  return Number.isSafeInteger(v) && v > 0 ? v : null;
}

/** Where the batch's store stream started (the uplink stamps it; 0 when it did not). */
function streamStart(batch: JsMsg[]): number {
  return Math.max(0, ...batch.map((msg) => {
    const v = Number(msg.headers?.get(headers.streamStart) ?? '');
    return Number.isSafeInteger(v) && v > 0 ? v : 0;
  }));
}

function decode<T>(what: string, fn: () => T, msg: JsMsg, logger: Logger): T | null {
  try {
    return fn();
  } catch (err) {
    // Undecodable now is undecodable forever: it stays in the hub stream for a person, and is not retried.
    logger.error(`undecodable ${what}`, { stream: msg.info.stream, seq: msg.seq, ...errorFields(err) });
    return null;
  }
}

/**
 * What central does with each store's streams: commit a batch, then tell the store how far central has got.
 * Receipts are published after the commit (never before): a receipt names only what is safe in Postgres.
 */
export class Ingest {
  /** Receipts whose publish failed: sent again by the retry timer, so a store learns even without new traffic. */
  private readonly unsent = new Map<string, { storeId: string; stream: string }>();

  constructor(private readonly deps: Deps) {}

  async commitSales(storeId: string, batch: JsMsg[]): Promise<void> {
    const stream = streams.sales(storeId);
    const items: SalesItem[] = batch.map((msg) => {
      const seq = storeSeq(msg);
      if (msg.subject === subjects.orderCreated(storeId)) {
        const e = decode('OrderCreated', () => fromBinary(pb.OrderCreatedSchema, msg.data), msg, this.deps.logger);
        const order = e && !this.foreign(storeId, e.storeId, 'order', msg) ? orderFromEvent(e) : null;
        if (order) return { kind: 'order', storeSeq: seq, order };
      } else if (msg.subject === subjects.paymentRecorded(storeId)) {
        const e = decode('PaymentRecorded', () => fromBinary(pb.PaymentRecordedSchema, msg.data), msg, this.deps.logger);
        const payment = e && !this.foreign(storeId, e.storeId, 'payment', msg) ? paymentFromEvent(e) : null;
        if (payment) return { kind: 'payment', storeSeq: seq, payment };
      } else if (msg.subject === subjects.paymentReversed(storeId)) {
        const e = decode('PaymentReversed', () => fromBinary(pb.PaymentReversedSchema, msg.data), msg, this.deps.logger);
        const reversal = e && reversalFromEvent(e);
        if (reversal && reversal.storeId === storeId) return { kind: 'reversal', storeSeq: seq, reversal };
      } else if (msg.subject === subjects.dayClosed(storeId)) {
        const e = decode('DayClosed', () => fromBinary(pb.DayClosedSchema, msg.data), msg, this.deps.logger);
        const zReport = e && zReportFromEvent(e);
        if (zReport && zReport.report.storeId === storeId) return { kind: 'z_report', storeSeq: seq, zReport };
      } else if (msg.subject === subjects.offlineCardFailed(storeId)) {
        const e = decode('OfflineCardFailed', () => fromBinary(pb.OfflineCardFailedSchema, msg.data), msg, this.deps.logger);
        const failure = e && offlineCardFailureFromEvent(e);
        if (failure && failure.storeId === storeId) return { kind: 'offline_card_failed', storeSeq: seq, failure };
      }
      this.deps.logger.warn('sales event not stored', { stream, seq: msg.seq, subject: msg.subject });
      return { kind: 'skip', storeSeq: seq };
    });
    const { outcome, receipt } = await inTransaction(this.deps.pool, async (client) => {
      const outcome = await commitSales(client, storeId, stream, items, this.deps.logger, this.deps.reportTimeZone);
      return { outcome, receipt: await advanceReceipt(client, storeId, stream, outcome.ordersInserted, streamStart(batch)) };
    });
    this.deps.metrics.orders.inc({ store: storeId }, outcome.ordersInserted);
    this.deps.metrics.duplicates.inc({ store: storeId }, outcome.duplicates);
    this.deps.metrics.conflicts.inc({ store: storeId }, outcome.conflicts);
    await this.publishReceipt(storeId, stream, receipt);
  }

  async commitKitchen(storeId: string, batch: JsMsg[]): Promise<void> {
    const stream = streams.kitchen(storeId);
    const items = batch.map((msg) => {
      const e = decode('TicketStatusChanged', () => fromBinary(pb.TicketStatusChangedSchema, msg.data), msg, this.deps.logger);
      return { storeSeq: storeSeq(msg), event: e && !this.foreign(storeId, e.storeId, 'kitchen', msg) ? kitchenEventFromEvent(e) : null };
    });
    const receipt = await inTransaction(this.deps.pool, async (client) => {
      await commitKitchen(client, storeId, stream, items);
      return advanceReceipt(client, storeId, stream, 0, streamStart(batch));
    });
    await this.publishReceipt(storeId, stream, receipt);
  }

  async commitTelemetry(storeId: string, batch: JsMsg[]): Promise<void> {
    const beats = batch.flatMap((msg) => {
      if (msg.subject !== subjects.heartbeat(storeId)) return [];
      const hb = decode('Heartbeat', () => fromBinary(pb.HeartbeatSchema, msg.data), msg, this.deps.logger);
      return hb && !this.foreign(storeId, hb.storeId, 'telemetry', msg) && hb.sentAt ? [hb] : [];
    });
    const db = dbOf(this.deps.pool);
    for (const hb of beats) await saveHeartbeat(db, hb);
  }

  /**
   * A store speaks only for itself: its stream (its account on the hub) names the store, and every event must
   * name the same one. An event that claims another store is refused (never committed), logged and counted;
   * it still counts as handled in the receipt, so it cannot hold the store's stream up.
   */
  private foreign(storeId: string, claimed: string, kind: RefusedKind, msg: JsMsg): boolean {
    if (claimed === storeId) return false;
    this.deps.logger.warn('event refused: it claims another store', { storeId, claimedStoreId: claimed, kind, stream: msg.info.stream, seq: msg.seq });
    this.deps.metrics.refused.inc({ store: storeId, kind });
    return true;
  }

  /** Sends again every receipt whose publish failed (called on a timer). */
  async retryReceipts(): Promise<void> {
    for (const [key, { storeId, stream }] of [...this.unsent]) {
      this.unsent.delete(key);
      const receipt = await inTransaction(this.deps.pool, (client) => advanceReceipt(client, storeId, stream));
      await this.publishReceipt(storeId, stream, receipt);
    }
  }

  private async publishReceipt(storeId: string, stream: string, r: ReceiptMark): Promise<void> {
    const nats = this.deps.nats();
    const key = `${storeId}:${stream}`;
    if (r.committedSeq === 0) return;
    const msg = create(pb.SyncReceiptSchema, {
      storeId, stream, committedSeq: BigInt(r.committedSeq), committedAt: new Date().toISOString(), ordersCommitted: BigInt(r.ordersCommitted),
      streamStart: BigInt(r.streamStart),
    });
    try {
      if (!nats) throw new Error('nats not connected');
      const hdrs = natsHeaders();
      hdrs.set(headers.eventType, receiptType);
      // Same receipt from two replicas or a retry: one message (the hub stream dedupes by this id).
      await nats.js.publish(subjects.receipt(storeId), toBinary(pb.SyncReceiptSchema, msg), {
        msgID: `receipt:${storeId}:${stream}:${r.committedSeq}`, headers: hdrs, timeout: 5_000,
      });
      this.deps.metrics.receiptSeq.set({ store: storeId, stream }, r.committedSeq);
    } catch (err) {
      this.unsent.set(key, { storeId, stream });
      this.deps.logger.warn('receipt not sent yet', { storeId, stream, committedSeq: r.committedSeq, ...errorFields(err) });
    }
  }
}
