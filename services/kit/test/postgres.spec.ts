import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { testbed } from '@kiosk/stack';
import { createLogger, createPool, type Pool } from '../src/index.js';

const logger = createLogger({ service: 'kit-test', storeId: 'test', level: 'error' });

describe('postgres pool (real Postgres)', function () {
  let pool: Pool;

  before(async function () {
    const tb = await testbed();
    pool = createPool({ url: await tb.freshDatabase('kit_pool'), applicationName: 'kit-pool-test', logger });
  });

  after(async function () {
    await pool?.end();
  });

  // Central Postgres killed under central-ingest (scenario-central-chaos): a client held between two queries
  // of a transaction lost its connection and the unhandled 'error' event ended the process.
  it('survives losing the connection of a client that is checked out between two queries, and serves the next query', async () => {
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const other = await pool.connect();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    other.release();
    await sleep(500); // the connection's end arrives while nobody is querying on `client`
    const failed = await client.query('SELECT 1').then(() => false, () => true);
    expect(failed, 'the lost connection fails the next query on that client').to.equal(true);
    client.release(true);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).to.equal(1);
  });
});
