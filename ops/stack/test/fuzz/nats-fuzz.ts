/**
 * Fuzzing NATS event decoders: fuzzed payloads published on a subject the services consume, and the check that
 * every durable consumer got through them (acked or parked each one, none redelivered for ever).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { DescMessage } from '@bufbuild/protobuf';
import { eventPayload } from './proto-arbitrary.js';

/** Publishes `numRuns` fuzzed payloads of `schema` (or of the others in `all`, or raw bytes) on `subject`; answers the count. */
export async function publishFuzzedEvents(js: JetStreamClient, subject: string, schema: DescMessage, all: DescMessage[], numRuns: number): Promise<number> {
  let cases = 0;
  await fc.assert(fc.asyncProperty(eventPayload(schema, all), async (payload) => {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', randomUUID());
    await js.publish(subject, payload, { headers: h });
    cases++;
  }), { numRuns });
  return cases;
}

/** Every durable consumer with messages not handled yet: `<prefix><stream>/<consumer>: pending, unacked, redelivered`. */
export async function stuckConsumers(jsm: JetStreamManager, prefix = ''): Promise<string[]> {
  const stuck: string[] = [];
  for await (const s of jsm.streams.list()) {
    for await (const c of jsm.consumers.list(s.config.name)) {
      if (c.num_pending > 0 || c.num_ack_pending > 0) stuck.push(`${prefix}${s.config.name}/${c.name}: pending ${c.num_pending}, unacked ${c.num_ack_pending}, redelivered ${c.num_redelivered}`);
    }
  }
  return stuck;
}
