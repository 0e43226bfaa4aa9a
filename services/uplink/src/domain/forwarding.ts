/**
 * The forwarding rules, as plain data: which subject a store event goes up on, which id central dedupes it
 * by, what to do with a batch once central has answered, and how long to wait before trying again.
 */

import { subjects, uplinkSubjectOf } from '@kiosk/contracts';

/** The subject the forwarder publishes on: the store subject under the uplink prefix, which only the
 * store's hub account maps (back to the store subject) into central's JetStream. */
export const uplinkSubject = uplinkSubjectOf;

/** A store subject belongs to this store's streams only if it starts with `store.<storeId>.`. */
export function isStoreSubject(storeId: string, subject: string): boolean {
  return subject.startsWith(subjects.storePrefix(storeId));
}

/**
 * The id central's stream dedupes by: the event's own Nats-Msg-Id (the outbox event id), so a message
 * forwarded twice - after a lost PubAck, or a reboot before the local ack - is stored once. An event that
 * somehow has none gets a stable id from its place in the store stream, which never changes.
 */
export function dedupeId(msgId: string | undefined, stream: string, streamSeq: number): string {
  return msgId && msgId.length > 0 ? msgId : `${stream}:${streamSeq}`;
}

export type Outcome = { ok: true; domain?: string; duplicate: boolean } | { ok: false; reason: string };

/**
 * After one attempt at a batch: the messages central has stored (safe to ack locally) and those to try
 * again, in their original order. A PubAck from another JetStream domain than central's would mean the
 * message landed in the wrong place: it is not counted as forwarded.
 */
export function settleBatch<T>(batch: T[], outcomes: Outcome[], hubDomain: string): { forwarded: T[]; retry: T[]; duplicates: number; reasons: string[] } {
  const forwarded: T[] = [];
  const retry: T[] = [];
  const reasons = new Set<string>();
  let duplicates = 0;
  batch.forEach((msg, i) => {
    const o = outcomes[i] ?? { ok: false, reason: 'no outcome' };
    if (o.ok && (o.domain ?? '') === hubDomain) {
      forwarded.push(msg);
      if (o.duplicate) duplicates++;
    } else {
      retry.push(msg);
      reasons.add(o.ok ? `acked by domain ${JSON.stringify(o.domain ?? '')}, not ${hubDomain}` : o.reason);
    }
  });
  return { forwarded, retry, duplicates, reasons: [...reasons] };
}

/** What central answered to a whole batch sent atomically: stored (in which stream and domain, how many), or
 * not stored: refused (a repeat inside, no batches on that stream), no answer in time, or unreachable. */
export type BatchOutcome =
  | { ok: true; stream?: string; domain?: string; count: number }
  | { ok: false; failure: 'refused' | 'timeout' | 'unreachable'; reason: string };

/**
 * After an atomic batch: `ack` every message when central's stream of that name in central's domain stored
 * all of them; send the messages `one-by-one` at once when central refused the batch (a repeat inside: each
 * message then dedupes on its own, which costs central no write) or answered oddly; `retry` the same batch
 * later when central is unreachable (the link is down: nothing of it was stored) or did not answer in time. A
 * hub too slow to answer a batch is slower still at the same messages one at a time (a replicated, synced
 * write each): in a 40-store backlog the stores that fell back to one by one moved 25 events a second
 * between them. A batch that was stored after all comes back refused as a repeat, and one by one then only
 * collects its acknowledgements.
 */
export function settleAtomicBatch(outcome: BatchOutcome, size: number, hubStream: string, hubDomain: string): { next: 'ack' | 'one-by-one' } | { next: 'retry'; reason: string } {
  if (!outcome.ok) return outcome.failure === 'refused' ? { next: 'one-by-one' } : { next: 'retry', reason: outcome.reason };
  const ours = outcome.stream === hubStream && (outcome.domain ?? '') === hubDomain && outcome.count === size;
  return { next: ours ? 'ack' : 'one-by-one' };
}

/** Doubling pause from 10 ms up to `maxMs`: quick to notice the link back, cheap while it stays down
 * (a failed attempt is a local no-responders answer, not traffic to central). */
export function retryDelay(attempt: number, maxMs: number): number {
  return Math.min(maxMs, 10 * 2 ** Math.min(attempt, 16));
}
