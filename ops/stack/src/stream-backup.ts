import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInbox, type NatsConnection } from '@nats-io/transport-node';
import { streams } from '@kiosk/contracts';
import { hubCatalogStream } from './central-config.js';

/**
 * Central's streams that a backup keeps (docs/central-streams.md says why each):
 * - CATALOG: the fleet's menu history as stores read it; a store box starting from nothing gets its menu here.
 * - SALES_<ID>, KITCHEN_<ID>: raw store events, with central-ingest's consumer positions; what ingest has
 *   committed is in central Postgres too, what it has not is only here.
 * Not kept: TELEMETRY_<ID> (heartbeats: worthless minutes later), CATALOG_TO_<ID> (sourced from CATALOG: rebuilt
 * by ensureHubStreams once CATALOG is back), and CENTRAL_TO_<ID>, which lives in the store's own down account
 * (not HUB's, where this snapshot reaches): central-ingest re-sends receipts from Postgres; a decision not yet
 * read by its store is the one thing a lost hub loses (docs/central-streams.md).
 */
export function hubStreamsToBackUp(stores: string[]): string[] {
  return [hubCatalogStream, ...stores.flatMap((s) => [streams.sales(s), streams.kitchen(s)])];
}

const chunkSize = 128 * 1024;
const json = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
const apiError = (what: string, r: Record<string, unknown>) => {
  const e = r.error as { code?: number; description?: string } | undefined;
  return e ? new Error(`${what}: ${e.description ?? 'error'} (${e.code ?? '?'})`) : null;
};

export interface StreamSnapshot { stream: string; messages: number; bytes: number }

/**
 * A snapshot of one stream through the JetStream API ($JS.API.STREAM.SNAPSHOT), with its consumers: the
 * server's own tar of the stream's blocks (s2-compressed) in `<dir>/<stream>.tar.s2`, its config and state in
 * `<dir>/<stream>.json`. The stream keeps taking messages meanwhile; the snapshot is consistent as of its start.
 */
export async function snapshotStream(nc: NatsConnection, stream: string, dir: string): Promise<StreamSnapshot> {
  mkdirSync(dir, { recursive: true });
  const inbox = createInbox();
  const fd = openSync(join(dir, `${stream}.tar.s2`), 'w');
  let bytes = 0;
  try {
    const done = new Promise<void>((resolve, reject) => {
      nc.subscribe(inbox, {
        callback: (err, m) => {
          if (err) return reject(err);
          const status = m.headers?.code ?? 0;
          if (status >= 400) return reject(new Error(`snapshot of ${stream}: ${status} ${m.headers?.description ?? ''}`));
          if (m.data.length === 0) return resolve(); // the end of the snapshot
          writeSync(fd, m.data);
          bytes += m.data.length;
          if (m.reply) m.respond(); // flow control: the server sends more once acked
        },
      });
    });
    const res = json((await nc.request(`$JS.API.STREAM.SNAPSHOT.${stream}`, JSON.stringify({ deliver_subject: inbox, no_consumers: false, chunk_size: chunkSize, jsck: false }), { timeout: 10_000 })).data);
    const err = apiError(`snapshot of ${stream}`, res);
    if (err) throw err;
    await done;
    writeFileSync(join(dir, `${stream}.json`), JSON.stringify({ config: res.config, state: res.state }, null, 2));
    return { stream, messages: Number((res.state as { messages?: number }).messages ?? 0), bytes };
  } finally {
    closeSync(fd);
  }
}

/**
 * Restores a stream from snapshotStream's files ($JS.API.STREAM.RESTORE): the stream must not exist (a
 * stream that was lost, or deleted on purpose first). Its messages, sequence numbers and consumers come back
 * as they were at the snapshot.
 */
export async function restoreStream(nc: NatsConnection, stream: string, dir: string): Promise<{ messages: number }> {
  const meta = join(dir, `${stream}.json`);
  if (!existsSync(meta)) throw new Error(`no snapshot of ${stream} in ${dir}`);
  const start = json((await nc.request(`$JS.API.STREAM.RESTORE.${stream}`, readFileSync(meta), { timeout: 10_000 })).data);
  const err = apiError(`restore of ${stream}`, start);
  if (err) throw err;
  const deliver = start.deliver_subject as string;
  const fd = openSync(join(dir, `${stream}.tar.s2`), 'r');
  try {
    const chunk = Buffer.alloc(chunkSize);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const ack = await nc.request(deliver, chunk.subarray(0, n), { timeout: 10_000 });
      if (ack.data.length > 0) {
        const e = apiError(`restore of ${stream}`, json(ack.data));
        if (e) throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  // The server rebuilds the stream now: a long wait for a big one.
  const done = json((await nc.request(deliver, new Uint8Array(0), { timeout: 600_000 })).data);
  const e = apiError(`restore of ${stream}`, done);
  if (e) throw e;
  return { messages: Number((done.state as { messages?: number } | undefined)?.messages ?? 0) };
}
