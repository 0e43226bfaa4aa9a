import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { create, hubPrefixes, hubStreams, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import {
  catalogToStore, downApiPrefix, leafConnected, maxStoreConsumers, startCentral, type Central, type CentralService, type NatsServer,
} from '../src/index.js';
import { client, startLeafServer, streamCount, until } from './link-support.js';
import { centralSql } from './central-support.js';

const monitor = (s: NatsServer) => `http://127.0.0.1:${s.monitorPort}`;
const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
/** Whether a request or publish was answered (and without a JetStream error), or refused in any way. */
const outcome = (p: Promise<unknown>) => p.then(() => 'allowed', () => 'refused');

/**
 * Attacks on central's hub, with real servers: central (3-node hub, Postgres, admin, ingest, fleet) and the
 * nats-servers of stores s1 and s2 as leaf nodes, each with its own credentials. What s1 tries, it tries with
 * its own leaf link - what a stolen store box could do.
 */
describe('attacks on the hub: a store, an anonymous client and central\'s own services reach only what they must', function () {
  this.timeout(180_000);
  let central: Central;
  let s1: NatsServer;
  let s2: NatsServer;
  let s1Nc: NatsConnection;
  let s2Nc: NatsConnection;
  let hubNc: NatsConnection;

  /** A connection to the hub as one of central's services, with the credentials its NATS_URL carries. */
  const asService = (name: CentralService) => {
    const urls = central.serviceEnv(name, 1).NATS_URL!.split(',').map((u) => new URL(u));
    return connect({
      servers: urls.map((u) => `${u.protocol}//${u.host}`), user: decodeURIComponent(urls[0]!.username), pass: decodeURIComponent(urls[0]!.password),
    });
  };

  before(async function () {
    central = await startCentral({ stores: ['s1', 's2'], ingestReplicas: 1 });
    [s1, s2] = await Promise.all([startLeafServer('s1', central.hub.leafFor('s1')), startLeafServer('s2', central.hub.leafFor('s2'))]);
    await until('both leaves attached', async () => (await leafConnected(monitor(s1))) && (await leafConnected(monitor(s2))));
    [s1Nc, s2Nc, hubNc] = await Promise.all([client(s1.url), client(s2.url), central.hub.connect()]);
    // Something in s1's catalog at central, so a consumer on it has messages to deliver.
    await jetstream(hubNc).publish(subjects.catalogGlobal('product', 'probe'), json({ probe: true }), { msgID: 'catalog-probe' });
    const down = await jetstreamManager(hubNc, { apiPrefix: downApiPrefix('s1') });
    await until("s1's catalog at central has the probe", async () => (await streamCount(down, catalogToStore('s1'))) > 0);
  });

  after(async function () {
    await Promise.all([s1Nc?.close(), s2Nc?.close(), hubNc?.close()]);
    await Promise.all([s1?.proc.stop(), s2?.proc.stop()]);
    await central?.stop();
  });

  it("cannot make the hub deliver s1's catalog into s2's streams, central's catalog or central's JetStream API", async () => {
    const hubJsm = await jetstreamManager(hubNc);
    const watched = [streams.sales('s2'), streams.kitchen('s2'), hubStreams.catalog];
    const before = await Promise.all(watched.map((s) => streamCount(hubJsm, s)));
    const targets = [
      subjects.orderCreated('s2'), subjects.ticketChanged('s2'), subjects.catalogGlobal('product', 'forged'),
      `$JS.API.STREAM.DELETE.${streams.sales('s2')}`, `${hubPrefixes.catalogDeliver('s2')}.forged`, `${hubPrefixes.centralDeliver('s2')}.forged`,
    ];
    const answers = await Promise.all(targets.map(async (deliver, i) => {
      const name = `redirect${i}`;
      const config = { name, deliver_subject: deliver, deliver_policy: 'all', ack_policy: 'none', inactive_threshold: 30_000_000_000 };
      const reply = await s1Nc.request(`${hubPrefixes.hubApi}.CONSUMER.CREATE.${catalogToStore('s1')}.${name}`, json({ stream_name: catalogToStore('s1'), config }), { timeout: 3_000 })
        .catch(() => null);
      return reply ? (JSON.parse(reply.string()) as { error?: unknown }) : null;
    }));
    // Whether each consumer is created is not the point (in s1's own down account it may be): where it delivers is.
    expect(answers.length).to.equal(targets.length);
    // s2 listens to everything on its own box meanwhile.
    const seen: string[] = [];
    const spy = s2Nc.subscribe('>', { callback: (_e, m) => { if (m.subject.includes('forged')) seen.push(m.subject); } });
    await sleep(3_000);
    spy.unsubscribe();
    const after = await Promise.all(watched.map((s) => streamCount(hubJsm, s).catch(() => -1)));
    expect(after, `${watched.join(', ')}: unchanged, and none deleted`).to.deep.equal(before);
    expect(seen, 'deliveries reaching s2').to.deep.equal([]);
    // And by construction: no consumer in central's own account delivers where s1 asked (s1's consumers live in
    // its down account, whose subjects reach nothing of central's or of s2's).
    const inHub: string[] = [];
    for await (const stream of hubJsm.streams.list()) {
      for await (const c of hubJsm.consumers.list(stream.config.name)) if (c.config.deliver_subject) inHub.push(c.config.deliver_subject);
    }
    expect(inHub.filter((d) => targets.includes(d)), "s1's delivery subjects among HUB's consumers").to.deep.equal([]);
  });

  it('cannot hold more consumers at central than its sourcing needs', async () => {
    let created = 0;
    for (let i = 0; i < maxStoreConsumers + 10; i++) {
      const reply = await s1Nc.request(`${hubPrefixes.hubApi}.CONSUMER.CREATE.${catalogToStore('s1')}`, json({ stream_name: catalogToStore('s1'), config: { ack_policy: 'explicit' } }), { timeout: 3_000 })
        .catch(() => null);
      if (reply && !(JSON.parse(reply.string()) as { error?: unknown }).error) created++;
    }
    expect(created, 'consumers s1 could create').to.be.at.most(maxStoreConsumers);
  });

  it('gives a client without credentials, or with a store\'s leaf credentials, nothing on the client port', async () => {
    const leaf = central.hub.leafFor('s1');
    const anonymous = await outcome(connect({ servers: central.hub.natsUrl.split(','), reconnect: false, timeout: 3_000 }).then((nc) => nc.close()));
    const asLeaf = await outcome(connect({ servers: central.hub.natsUrl.split(','), user: leaf.user, pass: leaf.password, reconnect: false, timeout: 3_000 }).then((nc) => nc.close()));
    expect({ anonymous, asLeaf }).to.deep.equal({ anonymous: 'refused', asLeaf: 'refused' });
  });

  it("lets each central service use only its own subjects: none can delete a stream or write another's", async () => {
    const [admin, fleet, ingest] = await Promise.all([asService('central-admin'), asService('central-fleet'), asService('central-ingest')]);
    try {
      const js = (nc: NatsConnection) => jetstream(nc, { timeout: 2_000 });
      const tries = {
        // Controls: what each one is for.
        'admin publishes the catalog': outcome(js(admin).publish(subjects.catalogGlobal('product', 'admin-probe'), json({}), { msgID: randomUUID() })),
        'fleet reads heartbeats': outcome(jetstreamManager(fleet, { timeout: 2_000 }).then((m) => m.streams.info(streams.telemetry('s1')))),
        // Attacks.
        'admin writes an order of s1': outcome(js(admin).publish(subjects.orderCreated('s1'), json({}), { msgID: randomUUID() })),
        'admin deletes a store stream': outcome(jetstreamManager(admin, { timeout: 2_000 }).then((m) => m.streams.delete(streams.sales('s1')))),
        'fleet writes the catalog': outcome(js(fleet).publish(subjects.catalogGlobal('product', 'fleet'), json({}), { msgID: randomUUID() })),
        'fleet reads sales': outcome(jetstreamManager(fleet, { timeout: 2_000 }).then((m) => m.streams.info(streams.sales('s1')))),
        'ingest writes the catalog': outcome(js(ingest).publish(subjects.catalogGlobal('product', 'ingest'), json({}), { msgID: randomUUID() })),
        'ingest deletes a store stream': outcome(jetstreamManager(ingest, { timeout: 2_000 }).then((m) => m.streams.delete(streams.kitchen('s1')))),
      };
      const results = Object.fromEntries(await Promise.all(Object.entries(tries).map(async ([k, p]) => [k, await p] as const)));
      expect(results).to.deep.equal({
        'admin publishes the catalog': 'allowed', 'fleet reads heartbeats': 'allowed',
        'admin writes an order of s1': 'refused', 'admin deletes a store stream': 'refused', 'fleet writes the catalog': 'refused',
        'fleet reads sales': 'refused', 'ingest writes the catalog': 'refused', 'ingest deletes a store stream': 'refused',
      });
    } finally {
      await Promise.all([admin.close(), fleet.close(), ingest.close()]);
    }
  });

  it('commits nothing that s1 sends in the name of s2: orders, payments, kitchen events or heartbeats, each logged and counted', async () => {
    const now = new Date().toISOString();
    const order = (storeId: string, n: number) => create(pb.OrderCreatedSchema, {
      eventId: randomUUID(), globalId: randomUUID(), storeId, kioskId: 'k1', orderNumber: `A-${n}`, businessDay: now.slice(0, 10),
      mode: pb.OrderMode.TAKEAWAY, currency: 'IDR', subtotal: 10_000n, total: 10_000n, daySequence: BigInt(n), createdAt: now,
      lines: [{ productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 10_000n, lineTotal: 10_000n }],
      payment: { paymentId: randomUUID(), method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.PENDING, amount: 10_000n, currency: 'IDR' },
    });
    const payment = (storeId: string, globalId: string) => create(pb.PaymentRecordedSchema, {
      eventId: randomUUID(), globalId, storeId, recordedAt: now,
      payment: { paymentId: randomUUID(), method: pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED, amount: 1n, currency: 'IDR' },
    });
    const send = (nc: NatsConnection, subject: string, data: Uint8Array) => jetstream(nc).publish(`uplink.${subject}`, data, { msgID: randomUUID() });
    const orderRows = (globalId: string) => centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE global_id = $1', [globalId]).then((r) => r[0]!.n);

    // s2's own order reaches central.
    const s2Order = order('s2', 1);
    await send(s2Nc, subjects.orderCreated('s2'), toBinary(pb.OrderCreatedSchema, s2Order));
    await until("s2's order at central", async () => (await orderRows(s2Order.globalId)) === 1);

    // s1, through its own link, speaks for s2 on every kind of event; then sends one order of its own.
    const forgedOrder = order('s2', 2);
    await send(s1Nc, subjects.orderCreated('s1'), toBinary(pb.OrderCreatedSchema, forgedOrder));
    await send(s1Nc, subjects.paymentRecorded('s1'), toBinary(pb.PaymentRecordedSchema, payment('s2', s2Order.globalId)));
    await send(s1Nc, subjects.paymentRecorded('s1'), toBinary(pb.PaymentRecordedSchema, payment('s1', s2Order.globalId)));
    await send(s1Nc, subjects.ticketChanged('s1'), toBinary(pb.TicketStatusChangedSchema, create(pb.TicketStatusChangedSchema, {
      eventId: randomUUID(), storeId: 's2', ticketId: randomUUID(), globalId: s2Order.globalId, orderNumber: 'A-1', status: pb.TicketStatus.CANCELLED,
      previousStatus: pb.TicketStatus.NEW, version: 2n, action: 'cancel', changedAt: now, actor: 'forged',
    })));
    await send(s1Nc, subjects.heartbeat('s1'), toBinary(pb.HeartbeatSchema, create(pb.HeartbeatSchema, { storeId: 's2', sentAt: now })));
    const own = order('s1', 3);
    await send(s1Nc, subjects.orderCreated('s1'), toBinary(pb.OrderCreatedSchema, own));

    // Central has read past all of them: s1's own order is in, and every kind was counted as refused.
    await until("s1's own order at central", async () => (await orderRows(own.globalId)) === 1);
    const refused = async () => {
      const text = await (await fetch(`${central.ingestUrls[0]}/metrics`)).text();
      return Object.fromEntries(['order', 'payment', 'kitchen', 'telemetry'].map((kind) => {
        const m = new RegExp(`central_events_refused_total\\{[^}]*kind="${kind}"[^}]*\\} (\\d+)`).exec(text.replace(/store="s1",?/g, ''));
        return [kind, m ? Number(m[1]) : 0];
      }));
    };
    await until('every forged kind counted', async () => Object.values(await refused()).every((n) => n > 0)).catch(() => undefined);
    expect(await refused()).to.deep.equal({ order: 1, payment: 1, kitchen: 1, telemetry: 1 });

    expect(await orderRows(forgedOrder.globalId), 'the order s1 sent as s2').to.equal(0);
    const payments = await centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.payments WHERE global_id = $1', [s2Order.globalId]);
    expect(payments[0]!.n, "payments on s2's order: its own only").to.equal(1);
    const kitchen = await centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.kitchen_events WHERE global_id = $1', [s2Order.globalId]);
    expect(kitchen[0]!.n, "kitchen events on s2's order").to.equal(0);
    const log = readFileSync(join(central.hub.baseDir, '..', 'logs', 'central-ingest-1.log'), 'utf8');
    expect(log.match(/event refused: it claims another store/g)?.length ?? 0, 'refusals logged').to.be.at.least(4);
  });
});
