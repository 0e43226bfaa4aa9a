import { headers as newHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as h } from '@kiosk/contracts';
import { dedupeId, uplinkSubject, type Outcome } from '../domain/forwarding.js';

/**
 * Publishes one store message into central's stream of the same name, through the leaf node: a JetStream
 * publish with the event's own Nats-Msg-Id, answered by central's PubAck. Nothing else: no home-made
 * protocol, JetStream's dedupe makes a repeat harmless.
 */
export class HubPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly opts: { prefix: string; timeoutMs: number },
  ) {}

  /** `streamStart`: the store stream's first sequence (where its count starts). */
  async forward(msg: JsMsg, hubStream: string, streamStart: number): Promise<Outcome> {
    const hdrs = newHeaders();
    for (const [key, values] of msg.headers ?? []) {
      if (key === h.msgId || key === h.storeSeq || key === h.streamStart) continue;
      for (const v of values) hdrs.append(key, v);
    }
    // Central's receipts count in the store's own stream sequence, which central's stream does not keep,
    // from where this box's stream started.
    hdrs.set(h.storeSeq, String(msg.seq));
    hdrs.set(h.streamStart, String(streamStart));
    const msgID = dedupeId(msg.headers?.get(h.msgId), msg.info.stream, msg.seq);
    try {
      const ack = await this.js.publish(uplinkSubject(this.opts.prefix, msg.subject), msg.data, {
        msgID, headers: hdrs, timeout: this.opts.timeoutMs,
        // Central's stream of the same name must be the one that stored it.
        expect: { streamName: hubStream },
      });
      return { ok: true, domain: ack.domain, duplicate: ack.duplicate };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }
}
