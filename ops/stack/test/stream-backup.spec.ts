import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streams, subjects } from '@kiosk/contracts';
import {
  catalogToStore, centralToStore, downApiPrefix, ensureHubStreams, hubCatalogStream, hubStreamsToBackUp, restoreStream, snapshotStream, startCentralHub, type CentralHub,
} from '../src/index.js';

const storeId = 'c1';
const text = (d: Uint8Array) => new TextDecoder().decode(d);

describe("central's streams: snapshots through the JetStream API, restored after the hub lost them", function () {
  this.timeout(180_000);
  let hub: CentralHub;
  let nc: NatsConnection;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stream-backup-'));
    chmodSync(dir, 0o755);
    hub = await startCentralHub({ stores: [storeId] });
    nc = await hub.connect();
  });

  after(async () => {
    await nc?.close();
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the catalog and the raw sales and kitchen events, not the heartbeats nor what lives in a store\'s down account', () => {
    expect(hubStreamsToBackUp([storeId])).to.have.members([hubCatalogStream, streams.sales(storeId), streams.kitchen(storeId)]);
    expect(hubStreamsToBackUp([storeId])).to.not.include.members([streams.telemetry(storeId), centralToStore(storeId), catalogToStore(storeId)]);
  });

  it('brings back every message of every backed-up stream, with its sequence, and rebuilds the store\'s catalog feed from it', async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    for (let i = 1; i <= 40; i++) await js.publish(`catalog.global.product.p${i % 7}`, JSON.stringify({ version: i }), { msgID: `cat-${i}` });
    for (let i = 1; i <= 15; i++) await js.publish(subjects.catalogForStore(storeId, 'settings', storeId), JSON.stringify({ version: i }), { msgID: `set-${i}` });
    for (let i = 1; i <= 30; i++) await js.publish(subjects.orderCreated(storeId), `order ${i}`, { msgID: `ord-${i}` });
    // The store's catalog feed lives in the store's down account, reached from HUB under its own API prefix.
    const feed = catalogToStore(storeId);
    const downJsm = await jetstreamManager(nc, { apiPrefix: downApiPrefix(storeId) });
    const feedBefore = async () => (await downJsm.streams.info(feed)).state.messages;
    const deadline = Date.now() + 30_000;
    while ((await feedBefore()) === 0 && Date.now() < deadline) await sleep(200);

    const names = hubStreamsToBackUp([storeId]);
    const before = new Map<string, { seq: number; subject: string; data: string }[]>();
    for (const name of names) before.set(name, await messagesWithSeq(nc, name));
    const feedCount = await feedBefore();
    expect(before.get(hubCatalogStream)).to.have.length.above(0);
    expect(before.get(streams.sales(storeId))).to.have.length(30);

    for (const name of names) await snapshotStream(nc, name, dir);
    // The hub loses them: every backed-up stream and the derived catalog feed.
    for (const name of names) await jsm.streams.delete(name);
    await downJsm.streams.delete(feed);

    for (const name of names) await restoreStream(nc, name, dir);
    for (const name of names) expect(await messagesWithSeq(nc, name), name).to.deep.equal(before.get(name));
    // The feed is not backed up: declaring central's streams again re-sources it from the restored CATALOG.
    await ensureHubStreams(nc, [storeId]);
    // Counted through the down account's API (the feed keeps the last 10 per subject, so the count is exact).
    const rebuilt = async () => (await downJsm.streams.info(feed).catch(() => null))?.state.messages ?? 0;
    while ((await rebuilt()) < feedCount && Date.now() < deadline + 60_000) await sleep(200);
    expect(feedCount).to.be.above(0);
    expect(await rebuilt()).to.equal(feedCount);
  });
});

async function messagesWithSeq(nc: NatsConnection, stream: string): Promise<{ seq: number; subject: string; data: string }[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out: { seq: number; subject: string; data: string }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m) out.push({ seq: m.seq, subject: m.subject, data: text(m.data) });
  }
  return out;
}
