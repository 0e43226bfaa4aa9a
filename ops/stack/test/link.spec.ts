import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { consumers, create, fromBinary, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { leafConnected, linkDown, linkUp, startCentralHub, startStoreBox, type CentralHub, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, client, msgIds, streamCount, until } from './link-support.js';

interface Catalog { products: { id: string; available: boolean; optionGroups: { min: number; options: { id: string; available?: boolean }[] }[] }[] }

/** One real order through the store's gateway, as a kiosk places it. */
async function placeOrder(box: StoreBox, catalog: Catalog, n: number): Promise<string> {
  const products = catalog.products.filter((p) => p.available);
  const product = products[n % products.length]!;
  const optionIds = product.optionGroups.filter((g) => g.min > 0).map((g) => g.options.find((o) => o.available !== false)!.id);
  const globalId = randomUUID();
  const res = await fetch(`${box.gatewayUrl}/api/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      globalId, kioskId: 'link-test', mode: n % 2 ? 'takeaway' : 'dine_in',
      lines: [{ productId: product.id, quantity: 1 + (n % 3), optionIds }], payment: { method: n % 3 === 0 ? 'card' : 'cash' },
    }),
  });
  expect(res.status, await res.clone().text()).to.be.oneOf([200, 201]);
  return globalId;
}

describe('store events reach central over the leaf link, exactly once', function () {
  this.timeout(300_000);
  let hub: CentralHub;
  let box: StoreBox;
  let hubNc: NatsConnection;
  let storeNc: NatsConnection;
  let hubJsm: JetStreamManager;
  let storeJsm: JetStreamManager;
  let catalog: Catalog;
  const sales = streams.sales('s1');
  const kitchen = streams.kitchen('s1');

  /** Central has every message of the store stream, each once, with the same ids in the same order. */
  async function expectCentralHasExactly(stream: string) {
    // The store may still be appending (a payment event follows its order a moment later), so compare the two
    // streams' message ids until they agree; a real loss or duplicate never agrees and times out.
    let atStore: string[] = [];
    let atCentral: string[] = [];
    await until(`${stream} at central`, async () => {
      if ((await streamCount(hubJsm, stream)) !== (await streamCount(storeJsm, stream))) return false;
      [atStore, atCentral] = [await msgIds(storeNc, stream), await msgIds(hubNc, stream)];
      return atStore.length === atCentral.length;
    });
    expect(new Set(atCentral).size, 'no duplicates at central').to.equal(atCentral.length);
    expect(atCentral).to.have.members(atStore);
    return atStore;
  }

  before(async function () {
    hub = await startCentralHub({ stores: ['s1', 's2'] });
    box = await startStoreBox({ storeId: 's1', hub: hub.leafFor('s1') });
    [hubNc, storeNc] = await Promise.all([hub.connect(), client(box.natsUrl)]);
    [hubJsm, storeJsm] = await Promise.all([jetstreamManager(hubNc), jetstreamManager(storeNc)]);
    catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as Catalog;
  });

  after(async function () {
    await Promise.all([hubNc?.close(), storeNc?.close()]);
    await box?.stop();
    await hub?.stop();
  });

  it('forwards orders placed while the link is up to central streams of the same names', async () => {
    for (let i = 0; i < 3; i++) await placeOrder(box, catalog, i);
    const ids = await expectCentralHasExactly(sales);
    expect(ids.length).to.be.at.least(3);
  });

  it('holds orders placed during a cut and delivers each exactly once after link-up', async () => {
    await linkDown(box);
    expect(await leafConnected(`http://127.0.0.1:${box.ports.natsMonitor}`)).to.equal(false);
    // Counted once the link is down: an event of the last test's orders (a payment a moment after its
    // order) may still have been on its way up until then.
    const before = await streamCount(hubJsm, sales);
    for (let i = 0; i < 12; i++) await placeOrder(box, catalog, i);
    await until('orders stored on the store', async () => (await streamCount(storeJsm, sales)) >= before + 12);
    expect(await streamCount(hubJsm, sales), 'nothing reaches central while cut').to.equal(before);

    await linkUp(box);
    const ids = await expectCentralHasExactly(sales);
    expect(ids.length).to.be.at.least(before + 12);
    await expectCentralHasExactly(kitchen);
  });

  it('stores an event central already has only once when it is forwarded again', async () => {
    const [lastId] = (await msgIds(storeNc, sales)).slice(-1);
    const stored = await storeJsm.streams.getMessage(sales, { seq: (await storeJsm.streams.info(sales)).state.last_seq });
    if (!stored) throw new Error('the store stream is empty');
    const before = await streamCount(hubJsm, sales);
    // What the forwarder does after a lost PubAck: the same message, the same id, to central again.
    const ack = await jetstream(storeNc).publish(`uplink.${stored.subject}`, stored.data, { msgID: lastId!, expect: { streamName: sales } });
    expect(ack.duplicate).to.equal(true);
    expect(ack.domain).to.equal('hub');
    expect(await streamCount(hubJsm, sales)).to.equal(before);
  });

  it('stores each event once when the uplink sends a whole stream again (the batch with repeats goes message by message)', async () => {
    // An uplink that lost its place (its consumer gone: a box restored from an old backup) starts again from
    // the stream's first event. Its atomic batches now hold events central has: central refuses each whole
    // batch, and the uplink sends those events one by one, each dropped by central's dedupe.
    await expectCentralHasExactly(sales);
    const before = await streamCount(hubJsm, sales);
    await box.uplink!.stop();
    await storeJsm.consumers.delete(sales, consumers.uplink);
    await box.startUplink();
    await until('the uplink sent the whole stream again', async () => {
      const info = await storeJsm.consumers.info(sales, consumers.uplink).catch(() => null);
      return info !== null && info.num_pending + info.num_ack_pending === 0;
    });
    // The new uplink process counts from zero: every event it sent was one central had.
    expect(await uplinkDuplicates(box, sales), 'every event went up again and was a repeat').to.equal(before);
    expect(await streamCount(hubJsm, sales)).to.equal(before);
    await expectCentralHasExactly(sales);
  });

  it('resumes forwarding after the whole central cluster was down, losing and repeating nothing', async () => {
    await Promise.all(hub.nodes.map((n) => n.proc.stop()));
    const js = jetstream(storeNc);
    // As the outbox relay publishes: the store keeps taking events while central is gone.
    for (let i = 0; i < 20; i++) await js.publish('store.s1.orders.v1.created', new TextEncoder().encode(`during hub outage ${i}`), { msgID: randomUUID() });
    await Promise.all(hub.nodes.map((n) => n.restart()));
    await expectCentralHasExactly(sales);
  });

  it("brings central's catalog down to the store: global changes and this store's, never another store's", async () => {
    const hubJs = jetstream(hubNc);
    const tag = randomUUID().slice(0, 8);
    const subjectsSent = { global: `catalog.global.v1.product.t${tag}`, mine: `catalog.store.s1.v1.product.t${tag}`, other: `catalog.store.s2.v1.product.t${tag}` };
    await linkDown(box);
    // Right after the previous test restarted the whole hub, CATALOG may still be electing a leader
    // ("no responders"): retry until central accepts each change, as central-admin's outbox relay does.
    for (const s of Object.values(subjectsSent)) {
      await until(`central accepts ${s}`, () => hubJs.publish(s, new TextEncoder().encode('opaque test change'), { msgID: `${s}-1` }).then(() => true, () => false), 30_000);
    }
    await linkUp(box);
    const storeCatalog = streams.catalog('s1');
    const has = async (subject: string) => storeJsm.streams.getMessage(storeCatalog, { last_by_subj: subject }).then((m) => !!m, () => false);
    await until('catalog changes at the store', async () => (await has(subjectsSent.global)) && (await has(subjectsSent.mine)), centralChangeAtStoreMs);
    expect(await has(subjectsSent.other)).to.equal(false);
  });

  it("gets receipts to a store within seconds of link-up when its source was declared while the link was down", async () => {
    // What a box booting during an outage does: the uplink declares CENTRAL_<ID> with its source from
    // central while the link is cut, so nats-server's one request for the source's consumer is lost; on its
    // own the server would ask again only after 30 s + 10 s (docs/decisions/0004-uplink-forwarder-and-source-watch.md).
    const central = streams.central('s1');
    await box.stopService('order');
    await box.uplink!.stop();
    await storeJsm.streams.delete(central);
    await linkDown(box);
    await box.startUplink();
    await until('the uplink declared the stream again', () => storeJsm.streams.info(central).then(() => true));
    await box.startService('order');
    const marker = BigInt(Date.now());
    const receipt = create(pb.SyncReceiptSchema, { storeId: 's1', stream: sales, committedSeq: 0n, ordersCommitted: marker });
    await jetstream(hubNc).publish(subjects.receipt('s1'), toBinary(pb.SyncReceiptSchema, receipt));
    const arrived = () => storeJsm.streams.getMessage(central, { last_by_subj: subjects.receipt('s1') })
      .then((m) => !!m && fromBinary(pb.SyncReceiptSchema, m.data).ordersCommitted === marker, () => false);

    await linkUp(box);
    const took = await until('the receipt at the store', arrived, 15_000);
    // Whether the server's own retry or the uplink's restart won this time varies from run to run; either way
    // it is seconds, never the 40 s the server alone sometimes takes.
    const metrics = await (await fetch(`http://127.0.0.1:${box.ports.uplink}/metrics`)).text();
    const restarts = new RegExp(`uplink_source_restarts_total\\{stream="${central}"\\} (\\d+)`).exec(metrics)?.[1] ?? '0';
    console.log(`      receipt at the store ${Math.round(took)} ms after link-up (source restarts by the uplink: ${restarts})`);
  });
});

/** The uplink's count of events central already had, for one stream (its /metrics, as Prometheus reads it). */
async function uplinkDuplicates(box: StoreBox, stream: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${box.ports.uplink}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('uplink_duplicates_total{') && l.includes(`stream="${stream}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}
