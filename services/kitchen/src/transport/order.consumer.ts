import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { consumers, fromBinary, headers, pb, streams, subjects } from '@kiosk/contracts';
import { ConsumerLoop, ensureConsumer, ensureStream, storeStreams, type Logger, type Nats } from '@kiosk/kit';
import type { TicketService } from '../app/ticket.service.js';

const nanos = (ms: number) => ms * 1_000_000;

/**
 * Order events -> tickets. A durable pull consumer on the sales stream with explicit acks: a message is acked
 * only after its ticket committed, so a crash or a Postgres outage redelivers it (and creation is idempotent by
 * globalId, so a redelivery changes nothing). The loop outlives NATS outages: the client reconnects and the
 * consumer resumes from its last ack; if consuming itself fails, it starts over after a pause.
 */
export class OrderConsumer extends ConsumerLoop {
  constructor(private readonly deps: { natsReady: Promise<Nats>; storeId: string; tickets: TicketService; logger: Logger }) {
    super(deps.natsReady);
  }

  protected failed(err: unknown): void {
    this.deps.logger.warn('order consumer will retry', { err: (err as Error).message });
  }

  protected async consume(nats: Nats): Promise<void> {
    const { storeId } = this.deps;
    const streamsOfBox = storeStreams(storeId);
    await ensureStream(nats.jsm, streamsOfBox.sales);
    await ensureStream(nats.jsm, streamsOfBox.kitchen);
    await ensureConsumer(nats.jsm, streams.sales(storeId), {
      durable_name: consumers.kitchenOrders,
      filter_subject: subjects.orderCreated(storeId),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // Long enough for a slow commit; a message not acked by then is redelivered (and found idempotently).
      ack_wait: nanos(30_000),
      max_deliver: -1,
    });
    const consumer = await nats.js.consumers.get(streams.sales(storeId), consumers.kitchenOrders);
    const messages = await this.subscribe(consumer, 64);
    this.deps.logger.info('order consumer running', { stream: streams.sales(storeId), consumer: consumers.kitchenOrders });
    for await (const msg of messages) await this.handle(msg);
  }

  private async handle(msg: JsMsg): Promise<void> {
    let order: pb.OrderCreated;
    try {
      order = fromBinary(pb.OrderCreatedSchema, msg.data);
    } catch (err) {
      // Undecodable now means undecodable forever: park it (it stays in the stream) rather than loop on it.
      this.deps.logger.error('undecodable order event', { seq: msg.seq, err: (err as Error).message, correlationId: msg.headers?.get(headers.correlationId) });
      msg.term('undecodable OrderCreated');
      return;
    }
    try {
      const outcome = await this.deps.tickets.createFromOrder(order);
      if (outcome === 'invalid') msg.term('order event cannot become a ticket');
      else msg.ack();
    } catch (err) {
      this.deps.logger.warn('ticket not created yet, redelivering', { globalId: order.globalId, err: (err as Error).message });
      msg.nak(1_000);
    }
  }
}
