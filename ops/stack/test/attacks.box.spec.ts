import { expect } from 'chai';
import { createConnection } from 'node:net';
import pg from 'pg';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streams, subjects } from '@kiosk/contracts';
import { connectNatsUrl, startStoreBox, type StoreBox, type StoreService } from '../src/index.js';

/** One statement as a service's own database user: 'allowed', or 'refused' with Postgres's reason. */
async function asService(box: StoreBox, service: StoreService, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: box.serviceEnv(service).DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
    return 'allowed';
  } catch (err) {
    return /permission denied|must be|not allowed/i.test((err as Error).message) ? 'refused' : `error: ${(err as Error).message}`;
  } finally {
    await client.end();
  }
}

/** What an unauthenticated client gets from a Redis command (the raw reply line). */
function redisReply(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ port, host: '127.0.0.1' }, () => sock.write(`${command}\r\n`));
    sock.once('data', (d) => { sock.destroy(); resolve(d.toString().split('\r\n')[0]!); });
    sock.once('error', reject);
  });
}

/**
 * Attacks from inside the store box: a compromised service, or anything on the box's network, tries the
 * other services' data. Real Postgres and Redis with the config the box runs.
 */
describe('attacks inside the store box: a service reaches only its own data', function () {
  this.timeout(180_000);
  let box: StoreBox;

  before(async function () {
    box = await startStoreBox({ storeId: 's1' });
  });

  after(async function () {
    await box?.stop();
  });

  it("gives each service's database user its own schema and nothing of another's", async () => {
    const tries: [StoreService, string][] = [
      // Controls: each service works in its own schema.
      ['order', 'SELECT count(*) FROM orders.orders'],
      ['kitchen', 'SELECT count(*) FROM kitchen.tickets'],
      ['catalog', 'SELECT count(*) FROM catalog.products'],
      // Attacks.
      ['order', 'SELECT count(*) FROM kitchen.tickets'],
      ['order', "UPDATE catalog.products SET price = 1"],
      ['kitchen', 'SELECT count(*) FROM orders.payments'],
      ['kitchen', 'DELETE FROM orders.orders'],
      ['catalog', 'SELECT count(*) FROM orders.orders'],
      ['catalog', 'DROP TABLE kitchen.tickets'],
      ['sync', 'SELECT count(*) FROM orders.orders'],
      ['order', 'ALTER ROLE store_order SUPERUSER'],
      ['order', 'CREATE ROLE intruder LOGIN'],
    ];
    const results = [];
    for (const [service, sql] of tries) results.push(`${service}: ${sql} -> ${await asService(box, service, sql)}`);
    expect(results).to.deep.equal(tries.map(([service, sql], i) => `${service}: ${sql} -> ${i < 3 ? 'allowed' : 'refused'}`));
  });

  it('refuses every Redis command from a client that did not sign in', async () => {
    const replies = await Promise.all(['PING', 'KEYS *', 'GET anything', 'FLUSHALL', 'CONFIG GET requirepass'].map((c) => redisReply(box.redis.port, c)));
    for (const r of replies) expect(r).to.match(/^-(NOAUTH|NOPERM)/);
  });

  it('refuses a NATS client without credentials, and a service publishing or reading outside its own subjects', async () => {
    const url = new URL(box.natsUrl.split(',')[0]!);
    const anonymous = await connectNatsUrl(`nats://${url.host}`, { reconnect: false, timeout: 3_000 }).then((nc) => nc.close().then(() => 'allowed'), () => 'refused');
    expect(anonymous, 'anonymous client').to.equal('refused');

    const as = (service: StoreService) => connectNatsUrl(box.serviceEnv(service).NATS_URL!);
    const outcome = (p: Promise<unknown>) => p.then(() => 'allowed', () => 'refused');
    const conns: NatsConnection[] = await Promise.all((['order', 'kitchen', 'catalog', 'sync'] as const).map(as));
    const [order, kitchen, catalog, sync] = conns as [NatsConnection, NatsConnection, NatsConnection, NatsConnection];
    const js = (nc: NatsConnection) => jetstream(nc, { timeout: 2_000 });
    const jsm = (nc: NatsConnection) => jetstreamManager(nc, { timeout: 2_000 });
    const data = new TextEncoder().encode('forged');
    try {
      const results = {
        // Controls: what each one is for.
        'order reads its sales stream': await outcome(jsm(order).then((m) => m.streams.info(streams.sales('s1')))),
        'sync sends a heartbeat subject': await outcome(sync.flush()),
        // Attacks.
        'kitchen writes an order': await outcome(js(kitchen).publish(subjects.orderCreated('s1'), data, { msgID: 'forged-order' })),
        'catalog writes a payment': await outcome(js(catalog).publish(subjects.paymentRecorded('s1'), data, { msgID: 'forged-payment' })),
        'order writes a kitchen event': await outcome(js(order).publish(subjects.ticketChanged('s1'), data, { msgID: 'forged-ticket' })),
        'sync sends to central': await outcome(js(sync).publish(`uplink.${subjects.orderCreated('s1')}`, data, { msgID: 'forged-up' })),
        'order deletes the kitchen stream': await outcome(jsm(order).then((m) => m.streams.delete(streams.kitchen('s1')))),
        'kitchen purges the sales stream': await outcome(jsm(kitchen).then((m) => m.streams.purge(streams.sales('s1')))),
        'catalog reads the sales stream': await outcome(jsm(catalog).then((m) => m.streams.info(streams.sales('s1')))),
      };
      expect(results).to.deep.equal({
        'order reads its sales stream': 'allowed', 'sync sends a heartbeat subject': 'allowed',
        'kitchen writes an order': 'refused', 'catalog writes a payment': 'refused', 'order writes a kitchen event': 'refused',
        'sync sends to central': 'refused', 'order deletes the kitchen stream': 'refused', 'kitchen purges the sales stream': 'refused',
        'catalog reads the sales stream': 'refused',
      });
      const ops = await connectNatsUrl(box.natsUrl);
      const sales = await (await jetstreamManager(ops)).streams.info(streams.sales('s1'));
      await ops.close();
      expect(sales.state.messages, 'nothing forged stored').to.equal(0);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });
});
