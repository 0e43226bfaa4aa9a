import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DeliverPolicy, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { fromBinary, pb, streams, subjects } from '@kiosk/contracts';
import { testbed } from '@kiosk/stack';
import { startSyncService, syncConfig, type RunningSyncService } from '../src/index.js';

/**
 * The sync service on the testbed's real Postgres and nats-server (no leaf link there: the link is down).
 * The order service's /health is played by a small HTTP server answering what the order service answers;
 * the real pairing is proven by the store-box scenarios in ops/stack/test.
 */
describe('sync service: /health and heartbeats', function () {
  this.timeout(60_000);
  let sync: RunningSyncService;
  let order: Server;
  let nc: NatsConnection;
  let storeId: string;
  let orderFigures: { pending_sync: number | null; last_sync: string | null } = { pending_sync: 3, last_sync: '2026-11-25T09:00:00.000Z' };

  before(async () => {
    const tb = await testbed();
    storeId = tb.freshStoreId('sync');
    order = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...orderFigures })));
    await new Promise<void>((r) => order.listen(0, '127.0.0.1', r));
    nc = await connect({ servers: tb.nats.url });
    // Declared by the uplink on a box with a hub: the heartbeat's destination.
    await (await jetstreamManager(nc)).streams.add({ name: streams.telemetry(storeId), subjects: [subjects.telemetryAll(storeId)], storage: StorageType.File, retention: RetentionPolicy.Limits });
    sync = await startSyncService(syncConfig.parse({
      SERVICE_NAME: 'sync', STORE_ID: storeId, HTTP_PORT: '0', DATABASE_URL: await tb.freshDatabase('sync'), NATS_URL: tb.nats.url,
      REDIS_URL: tb.redis.url, LOG_LEVEL: 'warn', ORDER_URL: `http://127.0.0.1:${(order.address() as AddressInfo).port}`,
      NATS_MONITOR_URL: `http://127.0.0.1:${tb.nats.monitorPort}`, HEARTBEAT_MS: '200',
    }));
    await sync.ctx.natsReady;
  });
  after(async () => {
    await sync?.close();
    await nc?.close();
    order?.close();
  });

  it("answers /health with the seed's fields, the order service's sync figures, the link and the database size", async () => {
    const res = await fetch(`${sync.url}/health`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).to.equal(200);
    expect(body).to.include.keys('status', 'database', 'redis', 'nats', 'disk_space', 'last_sync', 'pending_sync', 'uptime');
    expect(body).to.include({ database: 'up', pending_sync: 3, last_sync: '2026-11-25T09:00:00.000Z', link: 'down' });
    expect(body.db_size_bytes).to.be.a('number').greaterThan(0);
  });

  it('reports sync figures the order service does not know as null, never as zero', async () => {
    orderFigures = { pending_sync: null, last_sync: null };
    const body = (await (await fetch(`${sync.url}/health`)).json()) as Record<string, unknown>;
    expect(body).to.include({ pending_sync: null, last_sync: null });
    orderFigures = { pending_sync: 3, last_sync: '2026-11-25T09:00:00.000Z' };
  });

  it('publishes heartbeats with the figures into the store telemetry stream every few hundred ms', async () => {
    const consumer = await (await jetstreamManager(nc)).jetstream().consumers.get(streams.telemetry(storeId), { deliver_policy: DeliverPolicy.All });
    const first = await consumer.next({ expires: 5_000 });
    const second = await consumer.next({ expires: 5_000 });
    expect(first?.subject).to.equal(subjects.heartbeat(storeId));
    const hb = fromBinary(pb.HeartbeatSchema, second!.data);
    expect(hb).to.include({ storeId, linkUp: false, pendingUpload: 3n, lastSyncAt: '2026-11-25T09:00:00.000Z', databaseUp: true, version: '0.1.0' });
    expect(hb.dbSizeBytes > 0n && hb.diskTotalBytes > 0n).to.equal(true);
    expect(new Date(hb.sentAt).getTime()).to.be.greaterThan(new Date(fromBinary(pb.HeartbeatSchema, first!.data).sentAt).getTime());
  });
});
