import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { hubPrefixes, hubStreams, streams, subjects } from '@kiosk/contracts';
import { leafConnected, startCentralHub, type CentralHub, type NatsServer } from '../src/index.js';
import { client, startLeafServer, streamCount, until } from './link-support.js';

const monitor = (s: NatsServer) => `http://127.0.0.1:${s.monitorPort}`;

describe('the leaf link isolates stores from each other and admits only credentialed TLS leaves', function () {
  this.timeout(90_000);
  let hub: CentralHub;
  let s1: NatsServer;
  let s2: NatsServer;
  let s1Nc: NatsConnection;
  let s2Nc: NatsConnection;
  let hubNc: NatsConnection;
  const sales = streams.sales('s1');

  before(async function () {
    hub = await startCentralHub({ stores: ['s1', 's2'] });
    [s1, s2] = await Promise.all([startLeafServer('s1', hub.leafFor('s1')), startLeafServer('s2', hub.leafFor('s2'))]);
    await until('both leaves attached', async () => (await leafConnected(monitor(s1))) && (await leafConnected(monitor(s2))));
    [s1Nc, s2Nc, hubNc] = await Promise.all([client(s1.url), client(s2.url), hub.connect()]);
    // s1's own store stream, with an event in it, as its services would have made it.
    const jsm = await jetstreamManager(s1Nc);
    await jsm.streams.add({ name: sales, subjects: subjects.salesAll('s1') });
    await jetstream(s1Nc).publish(subjects.orderCreated('s1'), new TextEncoder().encode('s1 order'), { msgID: 's1-secret-order' });
  });

  after(async function () {
    await Promise.all([s1Nc?.close(), s2Nc?.close(), hubNc?.close()]);
    await Promise.all([s1?.proc.stop(), s2?.proc.stop()]);
    await hub?.stop();
  });

  it("gives store s2 no way into s1's JetStream: API, streams or central's catalog for s1", async () => {
    const attempts: Record<string, () => Promise<unknown>> = {
      'raw $JS.s1.API stream info': () => s2Nc.request(`${hubPrefixes.storeApi('s1')}.STREAM.INFO.${sales}`, undefined, { timeout: 1_500 }),
      'JetStream manager in domain s1': () => jetstreamManager(s2Nc, { domain: 's1', timeout: 1_500 }).then((m) => m.streams.info(sales)),
      "central's catalog consumer for s1": () => s2Nc.request(`${hubPrefixes.hubApi}.CONSUMER.CREATE.${hubStreams.catalogToStore('s1')}`, '{}', { timeout: 1_500 }),
      "central's sales stream of s1": () => s2Nc.request(`${hubPrefixes.hubApi}.STREAM.INFO.${sales}`, undefined, { timeout: 1_500 }),
    };
    // Control: the same kind of request works for the store it belongs to.
    const own = await (await jetstreamManager(s1Nc, { domain: 's1' })).streams.info(sales);
    expect(own.state.messages).to.equal(1);
    for (const [what, attempt] of Object.entries(attempts)) {
      const outcome = await attempt().then(() => 'answered', () => 'refused');
      expect(outcome, what).to.equal('refused');
    }
  });

  it("cannot publish into central as s1, nor see s1's traffic passing through central", async () => {
    const hubJsm = await jetstreamManager(hubNc);
    const before = await streamCount(hubJsm, sales);
    const asS1 = await jetstream(s2Nc).publish(`uplink.${subjects.orderCreated('s1')}`, new TextEncoder().encode('forged'), { msgID: 'forged', timeout: 1_500 })
      .then(() => 'stored', () => 'refused');
    s2Nc.publish(subjects.orderCreated('s1'), new TextEncoder().encode('forged core publish'));
    await s2Nc.flush();
    expect(asS1).to.equal('refused');

    // s2 listens to everything while s1 forwards to central through the same hub (the control: it arrives).
    const spy = await client(s2.url);
    const seen: string[] = [];
    spy.subscribe('>', { callback: (_e, m) => { seen.push(m.subject); } });
    await spy.flush();
    const real = await jetstream(s1Nc).publish(`uplink.${subjects.orderCreated('s1')}`, new TextEncoder().encode('s1 order'), { msgID: 's1-secret-order' });
    expect(real.domain).to.equal('hub');
    await sleep(500);
    await spy.close();
    expect(await streamCount(hubJsm, sales), 'only the real one stored').to.equal(before + 1);
    expect(seen.filter((s) => s.includes('s1')), 'subjects of s1 seen by s2').to.deep.equal([]);
  });

  it('refuses a leaf without credentials, with a wrong password, or without TLS', async () => {
    const good = hub.leafFor('s1');
    const bad = await Promise.all([
      startLeafServer('s1', { ...good, user: '', password: '' }),
      startLeafServer('s1', { ...good, password: 'not-the-password' }),
      startLeafServer('s1', { ...good, caFile: '', urls: good.urls.map((u) => u.replace('tls://', 'nats-leaf://')) }),
    ]);
    try {
      // A good leaf attaches within a second or so (see before()); give the bad ones several times that.
      await sleep(4_000);
      for (const [i, server] of bad.entries()) expect(await leafConnected(monitor(server)), ['no credentials', 'wrong password', 'no TLS'][i]).to.equal(false);
      const all = await Promise.all(hub.nodes.map(async (n) => ((await (await fetch(`${n.monitorUrl}/leafz`)).json()) as { leafnodes: number }).leafnodes));
      expect(all.reduce((a, b) => a + b, 0), 'only s1 and s2 attached').to.equal(2);
    } finally {
      await Promise.all(bad.map((s) => s.proc.stop()));
    }
  });
});
