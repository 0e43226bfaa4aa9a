import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { headers as h } from '@kiosk/contracts';
import { connectNatsUrl, freePort, renderStoreNatsConfig, startNats, type LeafLink, type NatsServer } from '../src/index.js';

/** A store's nats-server alone (no services), attached to central as a leaf with `link`. */
export async function startLeafServer(storeId: string, link: LeafLink): Promise<NatsServer & { baseDir: string }> {
  const baseDir = mkdtempSync(join(tmpdir(), `leaf-${storeId}-`));
  const [port, monitorPort] = [await freePort(), await freePort()];
  const server = await startNats({
    configFile: renderStoreNatsConfig(baseDir, { link, monitorPort }), port, monitorPort, storeDir: join(baseDir, 'nats'),
    serverName: `leaf-${storeId}`, logFile: join(baseDir, 'nats.log'), env: { STORE_ID: storeId },
  });
  return Object.assign(server, { baseDir });
}

/** Every Nats-Msg-Id in a stream, in stream order (read with an ordered consumer, which acks nothing). */
export async function msgIds(nc: NatsConnection, stream: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const total = (await jsm.streams.info(stream)).state.messages;
  if (total === 0) return [];
  const consumer = await jsm.jetstream().consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const ids: string[] = [];
  const iter = await consumer.consume();
  for await (const m of iter) {
    ids.push(m.headers?.get(h.msgId) ?? `(none:${m.seq})`);
    if (m.info.pending === 0) break;
  }
  await iter.close();
  return ids;
}

export async function streamCount(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

export { centralChangeAtStoreMs } from '../src/link.js';

/** Polls until `probe` holds; returns the milliseconds it took (a figure for the report, not an assertion). */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return performance.now() - started;
    await sleep(20);
  }
  throw new Error(`${what}: not true after ${timeoutMs} ms`);
}

/** A connection that must be closed by the caller; a short helper for store-side clients (credentials in the URL). */
export const client = (url: string, extra: Record<string, unknown> = {}) => connectNatsUrl(url, extra);
