/**
 * Backlog at central after a long cut of the leaf link: events published on the store during the cut, then
 * the link restored. Measures, in the same run, the store's uplink forwarder (central's SALES_<ID>) and
 * hub-side sourcing of the same store stream (a HUB stream sourcing SALES_<ID> via $JS.<id>.API), plus the
 * catalog coming down (the store's CATALOG_<ID> sourcing central). BENCH_UPLINK_CUT_S (default 45),
 * BENCH_UPLINK_EVENTS (default 2000). Runs alone: `BENCH_ONLY=uplink make bench` or `npx tsx bench/uplink.ts`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { hubPrefixes, streams, subjects } from '@kiosk/contracts';
import { connectNatsUrl, leafConnected, linkDown, linkUp, startCentralHub, startStoreBox } from '@kiosk/stack';
import { writeResult } from './lib.js';

const count = async (jsm: JetStreamManager, stream: string) => (await jsm.streams.info(stream)).state.messages;

async function secondsUntil(probe: () => Promise<boolean>, from: number, timeoutMs: number): Promise<number | null> {
  while (performance.now() - from < timeoutMs) {
    if (await probe().catch(() => false)) return Number(((performance.now() - from) / 1000).toFixed(3));
    await sleep(10);
  }
  return null;
}

export async function benchUplink(cutSeconds: number, events: number) {
  const storeId = 's1';
  const hub = await startCentralHub({ stores: [storeId] });
  const box = await startStoreBox({ storeId, hub: hub.leafFor(storeId), seed: false, env: { LOG_LEVEL: 'warn', ...(process.env.UPLINK_BATCH ? { UPLINK_BATCH: process.env.UPLINK_BATCH } : {}) } });
  const [hubNc, storeNc] = await Promise.all([hub.connect(), connectNatsUrl(box.natsUrl)]);
  try {
    const [hubJsm, storeJsm] = await Promise.all([jetstreamManager(hubNc), jetstreamManager(storeNc)]);
    const sales = streams.sales(storeId);
    const sourced = `SOURCED_${sales}`;
    await hubJsm.streams.add({
      name: sourced, num_replicas: 3, subjects: [],
      sources: [{ name: sales, external: { api: hubPrefixes.storeApi(storeId), deliver: hubPrefixes.salesDeliver(storeId) } }],
    });
    const js = jetstream(storeNc);
    const hubJs = jetstream(hubNc);
    await js.publish(subjects.orderCreated(storeId), new TextEncoder().encode('warm-up'), { msgID: randomUUID() });
    await secondsUntil(async () => (await count(hubJsm, sourced)) === 1 && (await count(hubJsm, sales)) === 1, performance.now(), 60_000);

    await linkDown(box);
    const cutAt = performance.now();
    const payload = new Uint8Array(300);
    const acks = [];
    for (let i = 0; i < events; i++) acks.push(js.publish(subjects.orderCreated(storeId), payload, { msgID: randomUUID() }));
    await Promise.all(acks);
    const catalogSubject = `catalog.global.v1.product.bench${randomUUID().slice(0, 8)}`;
    await hubJs.publish(catalogSubject, new TextEncoder().encode('bench change'));
    await sleep(Math.max(0, cutSeconds * 1000 - (performance.now() - cutAt)));

    const total = events + 1;
    const restoredAt = performance.now();
    await linkUp(box);
    const monitorUrl = `http://127.0.0.1:${box.ports.natsMonitor}`;
    const [linkBackS, forwarderS, sourcingS, catalogDownS] = await Promise.all([
      secondsUntil(() => leafConnected(monitorUrl), restoredAt, 10_000),
      secondsUntil(async () => (await count(hubJsm, sales)) === total, restoredAt, 180_000),
      secondsUntil(async () => (await count(hubJsm, sourced)) === total, restoredAt, 180_000),
      secondsUntil(async () => !!(await storeJsm.streams.getMessage(streams.catalog(storeId), { last_by_subj: catalogSubject })), restoredAt, 180_000),
    ]);
    return {
      cutSeconds, eventsDuringCut: events, target: { backlogAtCentralSeconds: 2 },
      secondsAfterLinkUp: { linkBack: linkBackS, forwarderAllAtCentral: forwarderS, hubSourcingAllAtCentral: sourcingS, catalogDownAtStore: catalogDownS },
      atCentral: { forwarder: await count(hubJsm, sales), sourcing: await count(hubJsm, sourced), expected: total },
      note: 'null = not complete within 180 s. Forwarder: services/uplink (durable consumer + JetStream publish with the same Nats-Msg-Id). Sourcing: HUB stream with external api $JS.<id>.API.',
    };
  } finally {
    await Promise.all([hubNc.close(), storeNc.close()]);
    await box.stop();
    await hub.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchUplink(Number(process.env.BENCH_UPLINK_CUT_S ?? 45), Number(process.env.BENCH_UPLINK_EVENTS ?? 2000));
  console.log(result);
  console.log('wrote', writeResult('uplink', result));
  process.exit(0);
}
