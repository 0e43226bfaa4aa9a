import { AckPolicy, DeliverPolicy, JetStreamApiError, type JsMsg } from '@nats-io/jetstream';
import { consumers, fromBinary, pb, streams, subjects } from '@kiosk/contracts';
import { ConsumerLoop, ensureConsumer, errorFields, streamStartOf, type Logger, type Nats } from '@kiosk/kit';
import { countsInThisStream, InvalidSyncMessage, toDecisionAction, toReceipt } from '../domain/central-sync.js';
import type { SyncRepo } from '../adapters/sync.repo.js';

const nanos = (ms: number) => ms * 1_000_000;

/**
 * Central's receipts and decisions -> the orders' sync metadata. Explicit ack after the commit, so a crash or a
 * Postgres outage redelivers; applying is idempotent (receipts only move forward, decisions are keyed by event
 * id). The CENTRAL stream is declared by the uplink (it sources it from central); until it exists - a box
 * without a hub, or the uplink still starting - this waits and tries again.
 */
export class CentralConsumer extends ConsumerLoop {
  /** Each store stream's first sequence, once read (it never changes). */
  private readonly streamStarts = new Map<string, number>();

  constructor(private readonly deps: {
    natsReady: Promise<Nats>; storeId: string; repo: SyncRepo; logger: Logger;
    moveNumberingPast: (sequence: number, day: string) => Promise<number>;
  }) {
    super(deps.natsReady);
  }

  protected failed(err: unknown, attempt: number): void {
    // A missing stream is the normal state of a box without a hub (or before its uplink started): say it once in a while.
    const missing = err instanceof JetStreamApiError && err.code === 10059;
    if (!missing) this.deps.logger.warn('central sync consumer will retry', errorFields(err));
    else if (attempt % 60 === 1) this.deps.logger.info('central stream not there yet (declared by the uplink), waiting', { stream: streams.central(this.deps.storeId) });
  }

  protected async consume(nats: Nats): Promise<void> {
    const stream = streams.central(this.deps.storeId);
    await ensureConsumer(nats.jsm, stream, {
      durable_name: consumers.orderCentralSync,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_deliver: -1,
    });
    const consumer = await nats.js.consumers.get(stream, consumers.orderCentralSync);
    const messages = await this.subscribe(consumer, 64);
    this.deps.logger.info('central sync consumer running', { stream, consumer: consumers.orderCentralSync });
    for await (const msg of messages) await this.handle(nats, msg);
  }

  private async handle(nats: Nats, msg: JsMsg): Promise<void> {
    try {
      if (msg.subject === subjects.receipt(this.deps.storeId)) await this.receipt(nats, msg);
      else if (msg.subject === subjects.decision(this.deps.storeId)) await this.decision(msg);
      else this.deps.logger.warn('unexpected subject on the central stream', { subject: msg.subject, seq: msg.seq });
      msg.ack();
    } catch (err) {
      if (err instanceof InvalidSyncMessage) {
        // Invalid now means invalid forever: park it (it stays in the stream for a person) instead of looping.
        this.deps.logger.error('invalid message from central, parked', { seq: msg.seq, subject: msg.subject, ...errorFields(err) });
        msg.term('invalid');
        return;
      }
      this.deps.logger.warn('central message not applied yet, redelivering', { seq: msg.seq, ...errorFields(err) });
      msg.nak(1_000);
    }
  }

  private async receipt(nats: Nats, msg: JsMsg): Promise<void> {
    const receipt = toReceipt(decode('SyncReceipt', () => fromBinary(pb.SyncReceiptSchema, msg.data)), this.deps.storeId);
    const ownStart = await this.streamStart(nats, receipt.stream);
    if (!countsInThisStream(receipt, ownStart)) {
      this.deps.logger.info('receipt for another box\'s stream ignored', { stream: receipt.stream, streamStart: receipt.streamStart, ownStart, committedSeq: receipt.committedSeq });
      return;
    }
    const marked = await this.deps.repo.applyReceipt(receipt, streams.sales(this.deps.storeId));
    if (marked > 0) this.deps.logger.info('orders confirmed by central', { stream: receipt.stream, committedSeq: receipt.committedSeq, marked });
  }

  /** The store stream's first sequence, or null while this box has no such stream. */
  private async streamStart(nats: Nats, stream: string): Promise<number | null> {
    const known = this.streamStarts.get(stream);
    if (known !== undefined) return known;
    const info = await nats.jsm.streams.info(stream).catch((err: unknown) => {
      if (err instanceof JetStreamApiError && err.code === 10059) return null;
      throw err;
    });
    if (!info) return null;
    const start = streamStartOf(info.config);
    this.streamStarts.set(stream, start);
    return start;
  }

  private async decision(msg: JsMsg): Promise<void> {
    const decision = decode('Decision', () => fromBinary(pb.DecisionSchema, msg.data));
    const action = toDecisionAction(decision, this.deps.storeId);
    const decidedAt = new Date(decision.decidedAt);
    // Moving a sequence is idempotent (never backwards) and cannot join the transaction: do it first, so a
    // crash between the two only repeats the move.
    if (action.kind === 'numbering_moved') await this.deps.moveNumberingPast(action.lastUsed, action.businessDay);
    const applied = await this.deps.repo.applyDecision(decision.eventId, decision.reason, Number.isNaN(decidedAt.getTime()) ? new Date() : decidedAt, action);
    const globalId = 'globalId' in action ? action.globalId : undefined;
    if (applied) this.deps.logger.info('central decision applied', { kind: action.kind, eventId: decision.eventId, globalId, reason: decision.reason });
  }
}

/** An undecodable payload will never decode: it is invalid, not a reason to redeliver. */
function decode<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new InvalidSyncMessage(`undecodable ${what}`, { cause: err });
  }
}
