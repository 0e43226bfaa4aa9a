import { setTimeout as sleep } from 'node:timers/promises';
import { connect, errors, headers as newHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type Consumer,
  type ConsumerMessages,
  type ConsumerConfig,
  type JsMsg,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
  type StreamConfig,
} from '@nats-io/jetstream';
import { headers as h } from '@kiosk/contracts';
import type { Logger } from './logger.js';

/** The store box relies on `sync_interval: always` and reloadable leaf remotes: both need 2.14 or later. */
export const MIN_NATS_SERVER = '2.14.0';

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * Connects (retrying until the server is there: a box boots its services and nats-server together) and
 * refuses a server older than MIN_NATS_SERVER, so a box never runs silently without fsync-on-write.
 */
export async function connectNats(opts: { servers: string; name: string; logger: Logger; minVersion?: string }): Promise<Nats> {
  const nc = await connect({
    ...natsServers(opts.servers),
    name: opts.name,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // nats.js stops reconnecting for good after two authentication errors in a row, and a server too busy to
    // read the CONNECT within its login timeout answers with one ("Authentication Timeout"): a box starting
    // every service at once, or a hundred fleet stores on one machine, left services running with no
    // connection until restarted. Keep trying; a wrong password shows up in the log instead (watchStatus).
    ignoreAuthErrorAbort: true,
    pingInterval: 10_000,
  });
  const version = nc.info?.version ?? '0.0.0';
  const min = opts.minVersion ?? MIN_NATS_SERVER;
  if (compareVersions(version, min) < 0) {
    await nc.close();
    throw new Error(`nats-server ${version} is too old: the store box needs ${min} or later (sync_interval: always)`);
  }
  void watchStatus(nc, opts.logger);
  opts.logger.info('nats connected', { server: nc.getServer(), version });
  return { nc, js: jetstream(nc), jsm: await jetstreamReady(nc, opts.logger) };
}

/**
 * The server list of a NATS_URL (`nats://user:password@host:port,...`). nats.js ignores credentials in a URL,
 * so the user and password of the first URL that has them are handed over as options and every URL is passed
 * on without them (a password never shows up in the client's server list or its logs).
 */
export function natsServers(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^([a-z]+:\/\/)([^@/]*)@(.*)$/i.exec(s);
    if (!m) return s;
    const [name, password] = m[2]!.split(':');
    if (user === undefined && name) {
      user = decodeURIComponent(name);
      pass = password === undefined ? undefined : decodeURIComponent(password);
    }
    return `${m[1]}${m[3]}`;
  });
  return { servers, ...(user !== undefined ? { user } : {}), ...(pass !== undefined ? { pass } : {}) };
}

/**
 * The JetStream API once it answers. Right after a cluster (re)start it may not have a meta leader for some
 * seconds; giving up then left a service running without NATS for good (seen with central-admin after the
 * whole hub restarted), so keep asking, with a growing pause, until the connection closes.
 */
async function jetstreamReady(nc: NatsConnection, logger: Logger): Promise<JetStreamManager> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await jetstreamManager(nc, { timeout: 5_000 });
    } catch (err) {
      if (nc.isClosed()) throw err;
      if (attempt === 1 || attempt % 10 === 0) logger.warn('jetstream not answering yet, retrying', { attempt, error: (err as Error).message });
      await sleep(Math.min(5_000, 250 * attempt));
    }
  }
}

async function watchStatus(nc: NatsConnection, logger: Logger) {
  let refusedLogins = 0;
  for await (const s of nc.status()) {
    if (s.type === 'disconnect' || s.type === 'reconnect') logger.info(`nats ${s.type}`, { server: s.server });
    // A refused login repeats every reconnect: say so once in a while, not every 250 ms.
    else if (s.type === 'error' && s.error instanceof errors.AuthorizationError && refusedLogins++ % 40 === 0) {
      logger.warn('nats refused the login, retrying', { error: s.error.message, refused: refusedLogins });
    }
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.replace(/^v/, '').split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Creates the stream or updates it to `config`: idempotent, safe to call at every start of every replica. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  try {
    const info = await jsm.streams.info(config.name);
    // A stream's first sequence is set when it is created and never changes.
    const { first_seq: _atCreation, ...changeable } = config;
    return await jsm.streams.update(config.name, { ...info.config, ...changeable });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      return await jsm.streams.add(config);
    } catch (addErr) {
      // Another service of the box created it meanwhile (with its own first sequence): take that one.
      if (addErr instanceof JetStreamApiError && addErr.code === 10058) return ensureStream(jsm, config);
      throw addErr;
    }
  }
}

/** Creates the durable consumer or updates it to `config`. */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }) {
  try {
    await jsm.consumers.info(stream, config.durable_name);
    return await jsm.consumers.update(stream, config.durable_name, config);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return await jsm.consumers.add(stream, config);
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === 10059 || err.code === 10014 || err.status === 404);
}

/**
 * Publishes one event to JetStream with its event id as `Nats-Msg-Id` (JetStream drops a repeat inside the
 * stream's duplicate window) and the order's globalId as correlation id.
 */
export function publishEvent(
  js: JetStreamClient,
  event: { subject: string; eventId: string; eventType: string; payload: Uint8Array; correlationId?: string },
  opts: { timeoutMs?: number } = {},
): Promise<PubAck> {
  const hdrs = newHeaders();
  hdrs.set(h.eventType, event.eventType);
  if (event.correlationId) hdrs.set(h.correlationId, event.correlationId);
  return js.publish(event.subject, event.payload, { msgID: event.eventId, headers: hdrs, timeout: opts.timeoutMs ?? 5_000 });
}

/**
 * Batches from a long-lived pull subscription (`consumer.consume()`): the first message plus what arrives behind
 * it, up to `max`. When nothing more has arrived yet but the stream says more is waiting (a backlog arriving in
 * pieces), it lingers up to `lingerMs` for it, so a backlog commits in full batches. For consumers that several
 * replicas share: pullBatch trusts the first message's pending count, and when another replica took those
 * messages meanwhile its fetch sat out the whole 1 s expiry (the online sync lag's p99 was 1,040 ms for it).
 */
export async function* consumeBatches(messages: ConsumerMessages, max: number, lingerMs = 20): AsyncGenerator<JsMsg[]> {
  const it = messages[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = it.next();
    while (batch.length < max) {
      // getPending(): messages this client holds that the loop has not taken yet.
      const wait = messages.getPending() > 0 ? 0 : batch.at(-1)!.info.pending > 0 ? lingerMs : -1;
      if (wait < 0) break;
      const more = await Promise.race([next, sleep(wait).then(() => null)]);
      if (more === null) break;
      if (more.done) {
        yield batch;
        return;
      }
      batch.push(more.value);
      next = it.next();
    }
    yield batch;
  }
}

/**
 * Pulls the next batch from a durable consumer: waits up to `waitMs` for the first message, then takes only
 * what is already waiting behind it (up to `max`, within `expiresMs`). A quiet stream is served the moment a
 * message arrives and a backlog in full batches; a plain fetch of `max` would hold a lone message until its
 * request expired. The wait for the first message is one pull request for its whole length: a loop of short
 * pulls on an idle stream costs the server a request, its expiry and heartbeats every second. `signal` ends
 * the wait at once (a service stopping).
 */
export async function pullBatch(consumer: Consumer, max: number, opts: { waitMs?: number; expiresMs?: number; signal?: AbortSignal } = {}): Promise<JsMsg[]> {
  const { waitMs = 1_000, expiresMs = 1_000, signal } = opts;
  if (signal?.aborted) return [];
  const pull = await consumer.fetch({ max_messages: 1, expires: waitMs });
  const stop = () => void pull.stop();
  signal?.addEventListener('abort', stop, { once: true });
  let first: JsMsg | undefined;
  try {
    for await (const m of pull) first = m;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (!first) return [];
  const waiting = Math.min(max - 1, first.info.pending);
  if (waiting <= 0) return [first];
  const rest: JsMsg[] = [first];
  for await (const m of await consumer.fetch({ max_messages: waiting, expires: expiresMs })) rest.push(m);
  return rest;
}
