import { expect } from 'chai';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { create, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { ensureStream, type RunningService } from '@kiosk/kit';
import { testbed } from '@kiosk/stack';
import { startCentralFleetService, type CentralFleetConfig } from '../src/index.js';

/** The exporter in-process against a real JetStream with the hub's TELEMETRY_<ID> streams, scraped over HTTP. */
describe('fleet exporter on real heartbeats', function () {
  this.timeout(60_000);
  let fleet: RunningService<CentralFleetConfig>;
  let nc: NatsConnection;
  let [s1, s2, s3] = ['', '', ''];
  let databaseUrl = '';

  const publishBeat = async (storeId: string, pendingUpload: bigint) => {
    const hb = create(pb.HeartbeatSchema, {
      storeId, sentAt: new Date().toISOString(), linkUp: true, pendingUpload, lastSyncAt: new Date().toISOString(),
      diskFreeBytes: 1n, diskTotalBytes: 2n, uptimeSeconds: 5n, version: 'it', databaseUp: true,
    });
    await jetstream(nc).publish(subjects.heartbeat(storeId), toBinary(pb.HeartbeatSchema, hb));
  };
  const scrape = async () => (await fetch(`${fleet.url}/metrics`)).text();
  const series = (text: string, name: string, store: string) =>
    new RegExp(`^${name}\\{[^}]*store="${store}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1];

  before(async () => {
    const tb = await testbed();
    [s1, s2, s3] = [tb.freshStoreId('fa'), tb.freshStoreId('fb'), tb.freshStoreId('fc')];
    databaseUrl = await tb.freshDatabase('fleet');
    nc = await connect({ servers: tb.nats.url });
    const jsm = await jetstreamManager(nc);
    for (const s of [s1, s2, s3]) await ensureStream(jsm, { name: streams.telemetry(s), subjects: [subjects.telemetryAll(s)] });
    // A heartbeat stored before the exporter starts: it must know the fleet at once, from the stream.
    await publishBeat(s1, 3n);
    fleet = await startCentralFleetService({
      SERVICE_NAME: 'central-fleet', STORE_ID: 'central', HTTP_HOST: '127.0.0.1', HTTP_PORT: 0, LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl, NATS_URL: tb.nats.url, SHUTDOWN_GRACE_SECONDS: 5, DEMO_MODE: '1', TRUST_PROXY: 'loopback',
      CENTRAL_STORES: [s1, s2], FLEET_STALE_SECONDS: 2, STORE_LIST_POLL_MS: 200,
    });
  });

  after(async () => {
    await fleet?.close();
    await nc?.close();
  });

  async function until(what: string, probe: (text: string) => boolean) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (probe(await scrape())) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what}: not seen in /metrics`);
  }

  it('exposes the last heartbeat stored before it started, and a store never heard from as unreachable', async () => {
    await until('s1 up with pending 3', (t) => series(t, 'kiosk_store_up', s1) === '1' && series(t, 'kiosk_store_pending_upload_orders', s1) === '3');
    const text = await scrape();
    expect(series(text, 'kiosk_store_up', s2)).to.equal('0');
    expect(series(text, 'kiosk_store_pending_upload_orders', s2)).to.equal(undefined);
    expect(text).to.match(/^kiosk_fleet_stores\{[^}]*\} 2$/m);
  });

  it('follows new heartbeats, then turns a store unreachable when they stop, dropping its figures', async () => {
    await publishBeat(s2, 42n);
    await until('s2 up with pending 42', (t) => series(t, 'kiosk_store_up', s2) === '1' && series(t, 'kiosk_store_pending_upload_orders', s2) === '42');
    await until('s2 unreachable after 2 s of silence', (t) => series(t, 'kiosk_store_up', s2) === '0');
    const text = await scrape();
    expect(series(text, 'kiosk_store_pending_upload_orders', s2)).to.equal(undefined);
    expect(Number(series(text, 'kiosk_store_heartbeat_age_seconds', s2))).to.be.greaterThan(2);
  });

  it('follows a store added to central\'s stores table while it runs, without a restart', async () => {
    // central-admin's table, as its migration makes it (only the id is read here).
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query('CREATE SCHEMA central_admin; CREATE TABLE central_admin.stores (id text PRIMARY KEY)');
      await db.query('INSERT INTO central_admin.stores (id) VALUES ($1)', [s3]);
    } finally {
      await db.end();
    }
    await until('s3 listed', (t) => series(t, 'kiosk_store_up', s3) === '0' && /^kiosk_fleet_stores\{[^}]*\} 3$/m.test(t));
    await publishBeat(s3, 7n);
    await until('s3 up with pending 7', (t) => series(t, 'kiosk_store_up', s3) === '1' && series(t, 'kiosk_store_pending_upload_orders', s3) === '7');
  });
});
