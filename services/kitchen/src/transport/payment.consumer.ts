import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { consumers, fromBinary, pb, streams, subjects, type DescMessage, type MessageShape } from '@kiosk/contracts';
import { ConsumerLoop, ensureConsumer, ensureStream, storeStreams, type Logger, type Nats } from '@kiosk/kit';
import type { TicketService } from '../app/ticket.service.js';
import { dayCloseFromEvent, paidMarkFromEvent, type EventResult } from '../domain/payment-event.js';

const nanos = (ms: number) => ms * 1_000_000;

/**
 * Payments and day closes -> tickets: an approved payment marks its order's ticket paid (and, cooking on
 * payment, puts it on the rail); a closed day takes its open tickets off the rail. A durable pull consumer on
 * the store's payment subjects, apart from the order consumer, so a payment never waits behind orders (and
 * may arrive before its order: the ticket service keeps it until the ticket exists). Explicit acks after commit.
 */
export class PaymentConsumer extends ConsumerLoop {
  constructor(private readonly deps: { natsReady: Promise<Nats>; storeId: string; tickets: TicketService; logger: Logger }) {
    super(deps.natsReady);
  }

  protected failed(err: unknown): void {
    this.deps.logger.warn('payment consumer will retry', { err: (err as Error).message });
  }

  protected async consume(nats: Nats): Promise<void> {
    const { storeId } = this.deps;
    await ensureStream(nats.jsm, storeStreams(storeId).sales);
    await ensureConsumer(nats.jsm, streams.sales(storeId), {
      durable_name: consumers.kitchenPayments,
      filter_subject: subjects.paymentsAll(storeId),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_deliver: -1,
    });
    const consumer = await nats.js.consumers.get(streams.sales(storeId), consumers.kitchenPayments);
    const messages = await this.subscribe(consumer, 64);
    this.deps.logger.info('payment consumer running', { stream: streams.sales(storeId), consumer: consumers.kitchenPayments });
    for await (const msg of messages) await this.handle(msg);
  }

  private async handle(msg: JsMsg): Promise<void> {
    try {
      const problem = await this.apply(msg);
      if (problem) {
        // Undecodable or never applicable now means the same for ever: park it (it stays in the stream).
        this.deps.logger.error('payment event cannot be applied', { seq: msg.seq, subject: msg.subject, problem });
        msg.term(problem);
      } else {
        msg.ack();
      }
    } catch (err) {
      this.deps.logger.warn('payment event not applied yet, redelivering', { seq: msg.seq, err: (err as Error).message });
      msg.nak(1_000);
    }
  }

  /** Applies one event; answers why it can never be applied, or nothing once it is. */
  private async apply(msg: JsMsg): Promise<string | undefined> {
    const { storeId, tickets } = this.deps;
    const now = new Date().toISOString();
    if (msg.subject === subjects.paymentRecorded(storeId)) {
      const paid = decode(msg, pb.PaymentRecordedSchema, (e) => paidMarkFromEvent(e, now));
      if (!paid.ok) return paid.problem;
      if (paid.value) await tickets.orderPaid(paid.value);
    } else if (msg.subject === subjects.dayClosed(storeId)) {
      const closed = decode(msg, pb.DayClosedSchema, (e) => dayCloseFromEvent(e, now));
      if (!closed.ok) return closed.problem;
      if (closed.value) await tickets.closeDay(closed.value);
    }
    // Voids and refunds change nothing in the kitchen (a voided order's ticket is cancelled by a manager at the display).
    return undefined;
  }
}

function decode<D extends DescMessage, T>(msg: JsMsg, schema: D, read: (e: MessageShape<D>) => EventResult<T>): EventResult<T> {
  let event: MessageShape<D>;
  try {
    event = fromBinary(schema, msg.data);
  } catch (err) {
    return { ok: false, problem: `undecodable ${schema.typeName}: ${(err as Error).message}` };
  }
  return read(event);
}
