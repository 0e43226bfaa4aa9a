import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, type Consumer } from '@nats-io/jetstream';
import { testbed, type Testbed } from '@kiosk/stack';
import { streams, subjects } from '@kiosk/contracts';
import { connectNats, createLogger, ensureStream, pullBatch, storeStreams, type Nats } from '../src/index.js';

const logger = createLogger({ service: 'kit-test', storeId: 'test', level: 'error' });

/** pullBatch against a real nats-server: one long pull while a stream is quiet, full batches from a backlog. */
describe('pullBatch (real nats-server)', function () {
  let tb: Testbed;
  let nats: Nats;
  let storeId: string;
  let consumer: Consumer;

  const publish = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => nats.js.publish(subjects.orderCreated(storeId), new Uint8Array([i % 256]))));
  /** Pull requests waiting at the server for the consumer. */
  const waitingPulls = async () => (await nats.jsm.consumers.info(streams.sales(storeId), 'pull-test')).num_waiting;

  before(async function () {
    tb = await testbed();
    storeId = tb.freshStoreId();
    nats = await connectNats({ servers: tb.nats.url, name: 'kit-test', logger });
    await ensureStream(nats.jsm, storeStreams(storeId).sales);
    await nats.jsm.consumers.add(streams.sales(storeId), { durable_name: 'pull-test', ack_policy: AckPolicy.Explicit });
    consumer = await nats.js.consumers.get(streams.sales(storeId), 'pull-test');
  });

  after(async () => { await nats.nc.close(); });

  it('hands over an event that arrives during a long wait at once, on the one pull request it sent', async () => {
    const started = performance.now();
    const pulled = pullBatch(consumer, 100, { waitMs: 20_000 });
    await sleep(300);
    expect(await waitingPulls(), 'one request waiting at the server').to.equal(1);
    await publish(1);
    const batch = await pulled;
    expect(batch).to.have.length(1);
    expect(performance.now() - started, 'well before the wait ran out').to.be.below(5_000);
    for (const m of batch) m.ack();
  });

  it('ends a wait at once when its signal fires, taking nothing', async () => {
    const stop = new AbortController();
    const started = performance.now();
    const pulled = pullBatch(consumer, 100, { waitMs: 20_000, signal: stop.signal });
    await sleep(200);
    stop.abort();
    expect(await pulled).to.deep.equal([]);
    expect(performance.now() - started).to.be.below(5_000);
    expect(await pullBatch(consumer, 100, { signal: stop.signal }), 'an aborted signal pulls nothing').to.deep.equal([]);
  });

  it('takes a backlog in full batches and in order', async () => {
    await publish(250);
    const sizes: number[] = [];
    const seen: number[] = [];
    for (let got = 0; got < 250;) {
      const batch = await pullBatch(consumer, 100, { waitMs: 5_000 });
      sizes.push(batch.length);
      for (const m of batch) {
        seen.push(m.seq);
        m.ack();
      }
      got += batch.length;
    }
    expect(sizes).to.deep.equal([100, 100, 50]);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
  });
});
