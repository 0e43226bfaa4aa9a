import { headers as newHeaders, nuid, TimeoutError, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { PubHeaders, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { headers as h } from '@kiosk/contracts';
import { dedupeId, uplinkSubject, type BatchOutcome, type Outcome } from '../domain/forwarding.js';

/** JetStream's headers for an atomic batch (server 2.12+, a stream with `allow_atomic`; the client has no names for them yet). */
const batchHeaders = { id: 'Nats-Batch-Id', seq: 'Nats-Batch-Sequence', commit: 'Nats-Batch-Commit' } as const;

/**
 * Publishes store messages into central's stream of the same name, through the leaf node, with the event's own
 * Nats-Msg-Id: one at a time (a JetStream publish answered by central's PubAck), or a whole batch as one
 * JetStream atomic batch, stored all together or not at all and acknowledged once. Nothing else: no home-made
 * protocol, JetStream's dedupe makes a repeat harmless.
 */
export class HubPublisher {
  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly opts: { prefix: string; timeoutMs: number },
  ) {}

  /** `streamStart`: the store stream's first sequence (where its count starts). */
  async forward(msg: JsMsg, hubStream: string, streamStart: number): Promise<Outcome> {
    try {
      const ack = await this.js.publish(uplinkSubject(this.opts.prefix, msg.subject), msg.data, {
        msgID: dedupeId(msg.headers?.get(h.msgId), msg.info.stream, msg.seq), headers: upHeaders(msg, streamStart), timeout: this.opts.timeoutMs,
        // Central's stream of the same name must be the one that stored it.
        expect: { streamName: hubStream },
      });
      return { ok: true, domain: ack.domain, duplicate: ack.duplicate };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * The whole batch (at most 1,000 messages, JetStream's limit) as one atomic batch: the first message and
   * the commit are requests (the first so that a stream refusing batches answers at once), the rest plain
   * publishes in between, in order on the same connection. Central's stream writes the batch together: one
   * replicated, synced write instead of one per message. JetStream refuses the whole batch, storing none of
   * it, when one message was already stored (a repeat after a lost acknowledgement) or the stream takes no
   * batches (a hub from before them). `failure` says what happened: refused (or an answer that is not one),
   * no answer in time (a slow hub, or the batch stored and the answer lost), or unreachable (the link is down).
   */
  async forwardAtomically(msgs: JsMsg[], hubStream: string, streamStart: number): Promise<BatchOutcome> {
    const batchId = nuid.next();
    const last = msgs.length - 1;
    try {
      for (let i = 0; i <= last; i++) {
        const msg = msgs[i]!;
        const hdrs = upHeaders(msg, streamStart);
        hdrs.set(h.msgId, dedupeId(msg.headers?.get(h.msgId), msg.info.stream, msg.seq));
        hdrs.set(batchHeaders.id, batchId);
        hdrs.set(batchHeaders.seq, String(i + 1));
        hdrs.set(PubHeaders.ExpectedStreamHdr, hubStream);
        const subject = uplinkSubject(this.opts.prefix, msg.subject);
        if (i === last) hdrs.set(batchHeaders.commit, '1');
        if (i !== 0 && i !== last) {
          this.nc.publish(subject, msg.data, { headers: hdrs });
          continue;
        }
        const reply = await this.nc.request(subject, msg.data, { headers: hdrs, timeout: this.opts.timeoutMs });
        if (i === 0 && reply.data.length === 0) continue;
        const answer: BatchAnswer = reply.data.length > 0 ? reply.json<BatchAnswer>() : { error: { err_code: 0, description: 'empty answer to the commit' } };
        if (answer.error) return { ok: false, failure: 'refused', reason: `${answer.error.description} (${answer.error.err_code})` };
        if (i === last) return { ok: true, stream: answer.stream, domain: answer.domain, count: answer.count ?? 0 };
      }
      return { ok: false, failure: 'unreachable', reason: 'batch not committed' };
    } catch (err) {
      // An answer that is not JSON is an answer all the same: the hub is there, one by one will say more.
      const failure = err instanceof TimeoutError ? 'timeout' : err instanceof SyntaxError ? 'refused' : 'unreachable';
      return { ok: false, failure, reason: err instanceof Error ? err.message : String(err) };
    }
  }
}

interface BatchAnswer {
  stream?: string;
  domain?: string;
  count?: number;
  error?: { err_code: number; description: string };
}

/** The store message's headers as they go up: its own, plus where it stands in the store's stream. */
function upHeaders(msg: JsMsg, streamStart: number): MsgHdrs {
  const hdrs = newHeaders();
  for (const [key, values] of msg.headers ?? []) {
    if (key === h.msgId || key === h.storeSeq || key === h.streamStart) continue;
    for (const v of values) hdrs.append(key, v);
  }
  // Central's receipts count in the store's own stream sequence, which central's stream does not keep,
  // from where this box's stream started.
  hdrs.set(h.storeSeq, String(msg.seq));
  hdrs.set(h.streamStart, String(streamStart));
  return hdrs;
}
