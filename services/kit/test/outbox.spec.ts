import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { testbed, type Testbed } from '@kiosk/stack';
import { streams, subjects } from '@kiosk/contracts';
import {
  OutboxRelay, connectNats, createLogger, createMetrics, createPool, enqueueEvents, ensureStream, inTransaction, storeStreams,
  type Nats, type Pool,
} from '../src/index.js';

const logger = createLogger({ service: 'kit-test', storeId: 'test', level: 'error' });
const target = { table: 'kit_outbox.outbox', channel: 'kit_outbox' };

async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('outbox relay (real Postgres and nats-server)', function () {
  let tb: Testbed;
  let pool: Pool;
  let nats: Nats;
  let storeId: string;
  let relay: OutboxRelay | null = null;

  const streamCount = async () => (await nats.jsm.streams.info(streams.sales(storeId))).state.messages;
  const unpublished = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${target.table} WHERE published_at IS NULL`)).rows[0]!.n;
  const enqueue = (n: number) => inTransaction(pool, (c) => enqueueEvents(c, target, Array.from({ length: n }, () => ({
    eventId: randomUUID(), subject: subjects.orderCreated(storeId), eventType: 'test', payload: new Uint8Array([1, 2, 3]),
  }))));
  const startRelay = () => {
    relay = new OutboxRelay({ pool, ...target, jetstream: () => nats.js, logger, metrics: createMetrics('kit-test', storeId), sweepMs: 200 }).start();
    return relay;
  };

  before(async function () {
    tb = await testbed();
    storeId = tb.freshStoreId();
    pool = createPool({ url: await tb.freshDatabase('kit'), applicationName: 'kit-test', logger });
    await pool.query(`CREATE SCHEMA kit_outbox; CREATE TABLE ${target.table} (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE,
      subject text NOT NULL, event_type text NOT NULL, payload bytea NOT NULL, correlation_id text,
      created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)`);
    nats = await connectNats({ servers: tb.nats.url, name: 'kit-test', logger });
    await ensureStream(nats.jsm, storeStreams(storeId).sales);
  });

  afterEach(async () => { await relay?.stop(); relay = null; });
  after(async () => { await nats.nc.close(); await pool.end(); });

  it('publishes every committed event exactly once, woken by NOTIFY', async () => {
    startRelay();
    await enqueue(300);
    await until('all published', async () => (await unpublished()) === 0);
    expect(await streamCount()).to.equal(300);
  });

  it('does not publish events of a rolled-back transaction', async () => {
    startRelay();
    const before = await streamCount();
    await inTransaction(pool, async (c) => {
      await enqueueEvents(c, target, [{ eventId: randomUUID(), subject: subjects.orderCreated(storeId), eventType: 'test', payload: new Uint8Array([9]) }]);
      throw new Error('abort');
    }).catch(() => undefined);
    await enqueue(1);
    await until('published', async () => (await unpublished()) === 0);
    expect(await streamCount()).to.equal(before + 1);
  });

  it('republishing rows it had not marked (a crash after the PubAck) leaves one copy in the stream', async () => {
    startRelay();
    await enqueue(50);
    await until('published', async () => (await unpublished()) === 0);
    const count = await streamCount();
    await relay!.stop();
    await pool.query(`UPDATE ${target.table} SET published_at = NULL WHERE id IN (SELECT id FROM ${target.table} ORDER BY id DESC LIMIT 50)`);
    startRelay();
    await until('republished', async () => (await unpublished()) === 0);
    expect(await streamCount()).to.equal(count);
  });

  it('keeps events while nats-server is down and delivers them when it is back', async function (this: Mocha.Context) {
    this.timeout(60_000);
    startRelay();
    const before = await streamCount();
    await tb.nats.proc.stop();
    try {
      await enqueue(25);
      await sleep(600);
      expect(await unpublished()).to.equal(25);
    } finally {
      await tb.nats.restart();
    }
    await until('published after restart', async () => (await unpublished()) === 0, 40_000);
    expect(await streamCount()).to.equal(before + 25);
  });

  it('lets only one relay publish at a time', async () => {
    const metrics = [createMetrics('kit-test-a', storeId), createMetrics('kit-test-b', storeId)];
    const relays = metrics.map((m) => new OutboxRelay({ pool, ...target, jetstream: () => nats.js, logger, metrics: m, sweepMs: 100 }).start());
    try {
      const before = await streamCount();
      await enqueue(100);
      await until('published', async () => (await unpublished()) === 0);
      expect(await streamCount()).to.equal(before + 100);
      // Whichever took the leader lock published everything; the other published nothing.
      const published = await Promise.all(metrics.map(async (m) =>
        (await m.registry.getSingleMetric('outbox_published_events_total')!.get()).values.reduce((sum, v) => sum + v.value, 0)));
      expect(published.sort((a, b) => a - b)).to.deep.equal([0, 100]);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });
});
