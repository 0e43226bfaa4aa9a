import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { jetstreamManager } from '@nats-io/jetstream';
import { consumers, streams } from '@kiosk/contracts';
import { drainFleet, fleetStoreIds, startCentral, type Central, type FleetRound } from '../src/index.js';
import { until } from './link-support.js';

/**
 * The fleet drain (make bench-fleet) in small: stores that took orders offline all reconnect at once, and
 * central Postgres ends up with every order exactly once - with two central-ingest replicas sharing each
 * store's durable consumer, then with one. One central for both rounds (each round its own five stores), so
 * the spec stays short; the timings are the benchmark's business, not this test's.
 */
describe('a fleet of stores reconnecting at once', function () {
  // Above drainFleet's own limits (store starts, 60 s drain), so a slow drain fails with its figures and stops its stores.
  this.timeout(300_000);
  const ordersPerStore = 200;
  const ids = fleetStoreIds(10);
  let central: Central;
  let baseDir: string;

  before(async function () {
    baseDir = mkdtempSync(join(tmpdir(), 'fleet-spec-'));
    // Batches of 32 (a pull asks for two): with the default 256 one pull could take a store's whole backlog, and
    // one replica all five stores' in about one run out of sixteen, which would prove no sharing.
    central = await startCentral({ stores: ids, ingestReplicas: 2, env: { LOG_LEVEL: 'warn', INGEST_BATCH: '32' } });
  });

  after(async function () {
    await central?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  const expectEveryOrderOnce = (run: FleetRound, stores: number) => {
    expect(run.secondsAfterLinkUp.allAtCentral, 'drained').to.be.a('number');
    expect(run.exactlyOnce).to.include({ expected: stores * ordersPerStore, ordersAtCentral: stores * ordersPerStore, expectedFound: stores * ordersPerStore });
    expect(run.exactlyOnce.payments, 'each order with its payment').to.equal(stores * ordersPerStore);
    expect([run.exactlyOnce.perStoreMin, run.exactlyOnce.perStoreMax], 'every store complete').to.deep.equal([ordersPerStore, ordersPerStore]);
  };

  /** Each replica holds a pull request on every store's sales stream at the hub: the drain can be shared. */
  async function replicasPulling(storeIds: string[], replicas: number): Promise<void> {
    const nc = await central.hub.connect();
    try {
      const jsm = await jetstreamManager(nc);
      await until(`${replicas} ingest replicas pulling from every store`, async () => {
        for (const id of storeIds) {
          const info = await jsm.consumers.info(streams.sales(id), consumers.centralIngest).catch(() => null);
          if (!info || info.num_waiting < replicas) return false;
        }
        return true;
      }, 60_000);
    } finally {
      await nc.close();
    }
  }

  it('commits every order once when two ingest replicas share the stores, each doing part of the work', async function () {
    await replicasPulling(ids.slice(0, 5), 2);
    const run = await drainFleet(central, { storeIds: ids.slice(0, 5), ordersPerStore, baseDir, limitMs: 60_000 });
    expectEveryOrderOnce(run, 5);
    expect(run.ordersPerReplica.reduce((a, b) => a + b, 0), 'no order committed twice').to.equal(5 * ordersPerStore);
    expect(Math.min(...run.ordersPerReplica), 'both replicas committed orders').to.be.greaterThan(0);
  });

  it('commits every order of every store once with one ingest replica left', async function () {
    await central.ingest[1]!.stop();
    const run = await drainFleet(central, { storeIds: ids.slice(5), ordersPerStore, baseDir, limitMs: 60_000 });
    expectEveryOrderOnce(run, 5);
    expect(run.ordersPerReplica).to.deep.equal([5 * ordersPerStore, 0]);
  });
});
