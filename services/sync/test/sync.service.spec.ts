import pg from 'pg';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { catalogOrigins, fromBinary, pb, streams, subjects } from '@kiosk/contracts';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { ensureStream, storeStreams } from '@kiosk/kit';
import { testbed } from '@kiosk/stack';
import { startSyncService, syncConfig, type RunningSyncService } from '../src/index.js';
import { SseReader } from './sse-reader.js';

/** A small HTTP server answering `/health` with whatever `body()` says at the time of the request. */
async function healthServer(body: () => Record<string, unknown>): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...body() })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/**
 * The sync service on the testbed's real Postgres and nats-server (no leaf link there: the link is down).
 * The order service's and the uplink's /health are played by small HTTP servers answering what those services
 * answer; the real pairing is proven by the store-box scenarios in ops/stack/test and the status page's e2e.
 */
describe('sync service: /health, status page API and heartbeats', function () {
  this.timeout(60_000);
  let sync: RunningSyncService;
  let order: Server;
  let uplink: Server;
  let nc: NatsConnection;
  let storeId: string;
  const knownOrder = { pending_sync: 3, last_sync: '2026-11-25T09:00:00.000Z', outbox_pending: 1 };
  let orderFigures: Record<string, unknown> = knownOrder;
  let uplinkFigures: Record<string, unknown> = { sync_errors: 4, sync_attempts: 2 };

  before(async () => {
    const tb = await testbed();
    storeId = tb.freshStoreId('sync');
    order = await healthServer(() => orderFigures);
    uplink = await healthServer(() => uplinkFigures);
    nc = await connect({ servers: tb.nats.url });
    // Declared by the uplink on a box with a hub: the heartbeat's destination.
    await ensureStream(await jetstreamManager(nc), storeStreams(storeId).telemetry);
    const databaseUrl = await tb.freshDatabase('sync');
    // The catalog service's clocks, as it keeps them on a box (the sync service only reads them): central's
    // newest change is what the heartbeat reports, not a newer change of the store's own nor the box's count.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA catalog;
      CREATE TABLE catalog.catalog_version (id smallint PRIMARY KEY, version bigint NOT NULL); INSERT INTO catalog.catalog_version VALUES (1, 42);
      CREATE TABLE catalog.entity_clocks (entity_key text PRIMARY KEY, version bigint NOT NULL, updated_at text NOT NULL, origin text NOT NULL,
        event_id text NOT NULL, deleted boolean NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`INSERT INTO catalog.entity_clocks (entity_key, version, updated_at, origin, event_id, deleted) VALUES
      ('product:a', 1764150000123, '', $1, 'e1', false), ('product:b', 1764150000001, '', $1, 'e2', false),
      ('product:c', 1764150009999, '', $2, 'e3', false), ('product:d', 1, '', $3, 'e4', false)`, [catalogOrigins.central, storeId, catalogOrigins.seed]);
    await db.end();
    sync = await startSyncService(syncConfig.parse({
      SERVICE_NAME: 'sync', STORE_ID: storeId, HTTP_PORT: '0', DATABASE_URL: databaseUrl, NATS_URL: tb.nats.url,
      REDIS_URL: tb.redis.url, LOG_LEVEL: 'warn', ORDER_URL: urlOf(order), UPLINK_URL: urlOf(uplink),
      NATS_MONITOR_URL: `http://127.0.0.1:${tb.nats.monitorPort}`, HEARTBEAT_MS: '200', STATUS_PUSH_MS: '200',
    }));
    await sync.ctx.natsReady;
  });
  after(async () => {
    await sync?.close();
    await nc?.close();
    order?.close();
    uplink?.close();
  });
  afterEach(() => {
    orderFigures = knownOrder;
    uplinkFigures = { sync_errors: 4, sync_attempts: 2 };
  });

  const status = async () => (await (await fetch(`${sync.url}/api/sync/status`)).json()) as StoreSyncStatusView;

  it("answers /health with the seed's fields, the order service's and the uplink's sync figures, the link and the database size", async () => {
    const res = await fetch(`${sync.url}/health`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).to.equal(200);
    expect(body).to.include.keys('status', 'database', 'redis', 'nats', 'disk_space', 'last_sync', 'pending_sync', 'uptime');
    expect(body).to.include({ database: 'up', pending_sync: 3, last_sync: '2026-11-25T09:00:00.000Z', link: 'down', outbox_pending: 1, sync_errors: 4, sync_attempts: 2 });
    expect(body.db_size_bytes).to.be.a('number').greaterThan(0);
  });

  it('reports sync figures the other services do not know or do not report as null, never as zero', async () => {
    orderFigures = { pending_sync: null, last_sync: null };
    uplinkFigures = { sync_errors: 'many' };
    const body = (await (await fetch(`${sync.url}/health`)).json()) as Record<string, unknown>;
    expect(body).to.include({ pending_sync: null, last_sync: null, outbox_pending: null, sync_errors: null, sync_attempts: null });
    expect(await status()).to.include({ pendingUpload: null, lastSync: null, outboxPending: null, syncErrors: null, syncAttempts: null });
  });

  it('serves the status page its figures at GET /api/sync/status, uncached', async () => {
    const res = await fetch(`${sync.url}/api/sync/status`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const view = (await res.json()) as StoreSyncStatusView;
    expect(view).to.deep.include({
      storeId, link: 'down', linkRttMs: null, pendingUpload: 3, lastSync: '2026-11-25T09:00:00.000Z', outboxPending: 1, syncErrors: 4, syncAttempts: 2,
      database: 'up', version: '0.1.0',
    });
    expect(Date.parse(view.linkSince!), 'down since the service first looked').to.be.at.most(Date.parse(view.at));
    expect(view.dbSizeBytes).to.be.greaterThan(0);
    expect(view.disk!.totalBytes).to.be.greaterThan(0);
    expect(Math.abs(Date.parse(view.at) - Date.now())).to.be.lessThan(5_000);
  });

  it('streams the figures as Server-Sent Events: at once on connect, then every push period with what changed', async () => {
    const stream = await SseReader.open(`${sync.url}/api/sync/status/stream`);
    try {
      expect(stream.response.status).to.equal(200);
      expect(stream.response.headers.get('content-type')).to.match(/^text\/event-stream/);
      expect(stream.response.headers.get('x-accel-buffering')).to.equal('no');
      const first = await stream.next((m) => m.event === 'status', 2_000);
      expect(JSON.parse(first.data!)).to.include({ storeId, pendingUpload: 3, syncErrors: 4 });
      orderFigures = { ...knownOrder, pending_sync: 5 };
      uplinkFigures = { sync_errors: 6, sync_attempts: 0 };
      const changed = await stream.next((m) => m.event === 'status' && (JSON.parse(m.data!) as StoreSyncStatusView).pendingUpload === 5, 3_000);
      expect(JSON.parse(changed.data!)).to.include({ syncErrors: 6, syncAttempts: 0 });
      expect(sync.statusFeed.streamCount()).to.equal(1);
    } finally {
      await stream.close();
    }
    // The server notices the page went away and stops pushing to it.
    for (let i = 0; i < 50 && sync.statusFeed.streamCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sync.statusFeed.streamCount()).to.equal(0);
  });

  it('publishes heartbeats with the figures and the applied catalog version into the store telemetry stream every few hundred ms', async () => {
    const consumer = await (await jetstreamManager(nc)).jetstream().consumers.get(streams.telemetry(storeId), { deliver_policy: DeliverPolicy.New });
    const first = await consumer.next({ expires: 5_000 });
    const second = await consumer.next({ expires: 5_000 });
    expect(first?.subject).to.equal(subjects.heartbeat(storeId));
    const hb = fromBinary(pb.HeartbeatSchema, second!.data);
    expect(hb).to.include({ storeId, linkUp: false, pendingUpload: 3n, lastSyncAt: '2026-11-25T09:00:00.000Z', databaseUp: true, version: '0.1.0',
      syncErrors: 4n, syncAttempts: 2n, outboxPending: 1n, catalogVersion: 1_764_150_000_123n });
    expect(hb.dbSizeBytes! > 0n && hb.diskTotalBytes! > 0n).to.equal(true);
    expect(new Date(hb.sentAt).getTime()).to.be.greaterThan(new Date(fromBinary(pb.HeartbeatSchema, first!.data).sentAt).getTime());
  });

  it('leaves out of the heartbeat what the order service and the uplink do not report, instead of sending 0', async () => {
    orderFigures = { last_sync: null };
    uplinkFigures = {};
    const consumer = await (await jetstreamManager(nc)).jetstream().consumers.get(streams.telemetry(storeId), { deliver_policy: DeliverPolicy.New });
    let hb: pb.Heartbeat | null = null;
    for (let i = 0; i < 20 && (!hb || hb.pendingUpload !== undefined); i++) {
      const m = await consumer.next({ expires: 5_000 });
      hb = m ? fromBinary(pb.HeartbeatSchema, m.data) : hb;
    }
    for (const unknown of ['pendingUpload', 'outboxPending', 'syncErrors', 'syncAttempts', 'offlineCardsPending'] as const) expect(hb?.[unknown], unknown).to.equal(undefined);
    expect(hb?.catalogVersion).to.equal(1_764_150_000_123n);
  });

  // Last: it stops the service.
  it('ends open status streams on shutdown instead of waiting out the grace period', async () => {
    const stream = await SseReader.open(`${sync.url}/api/sync/status/stream`);
    await stream.next((m) => m.event === 'status', 2_000);
    const started = Date.now();
    await sync.close();
    await stream.untilEnd(2_000);
    expect(Date.now() - started, 'shutdown time').to.be.lessThan(5_000);
  });
});
