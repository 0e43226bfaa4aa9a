import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import type { ProductView } from '@kiosk/contracts/api';
import { startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { mountSmallDisk, type SmallDisk } from '../src/small-disk.js';
import { until } from './link-support.js';
import { simpleProduct } from './scenario-support.js';

const MiB = 1024 * 1024;
/** The guard's limits for this 192 MiB disk (the byte figures decide: the percentages are set out of the way). */
const refuseBelow = 32 * MiB;
const warnBelow = 64 * MiB;

/**
 * The disk guard on a box whose Postgres and nats-server data sit on a real 192 MiB tmpfs that the test fills:
 * orders are taken while there is room, refused with 503 disk_full (before Postgres or JetStream hit ENOSPC)
 * once the free space is below the limit, the status page and central's heartbeat say so, every order
 * acknowledged before is in Postgres, has its ticket and reaches central, and orders are taken again once
 * space is freed.
 */
describe('disk guard: a store box on a small disk that fills up', function () {
  this.timeout(180_000);
  let central: Central;
  let box: StoreBox;
  let disk: SmallDisk;
  let baseDir: string;
  let product: ProductView;
  let db: pg.Pool;

  before(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'disk-guard-'));
    disk = mountSmallDisk(join(baseDir, 'disk'), 192);
    central = await startCentral({ stores: ['s1'] });
    const data = disk.mountpoint;
    box = await startStoreBox({
      storeId: 's1', baseDir, dataDir: data, hub: central.hub.leafFor('s1'), heartbeatMs: 500,
      env: {
        DISK_CHECK_MS: '200',
        DISK_REFUSE_BYTES: String(refuseBelow), DISK_REFUSE_PERCENT: '100', DISK_WARN_BYTES: String(warnBelow), DISK_WARN_PERCENT: '100',
      },
    });
    db = new pg.Pool({ connectionString: box.databaseUrl, max: 2 });
    product = await simpleProduct(box, 60_000);
  });

  after(async () => {
    await db?.end();
    await box?.stop().catch(() => undefined);
    await central?.stop().catch(() => undefined);
    try { disk?.unmount(); } catch { /* already gone */ }
    rmSync(baseDir, { recursive: true, force: true });
  });

  /** One kiosk POST; a queued order is sent again with its own globalId, as the kiosk's queue does. */
  const order = async (globalId: string = randomUUID()) => {
    const res = await fetch(`${box.gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId, kioskId: 'k1', mode: 'dine_in', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' } }),
    });
    const body = (await res.json()) as { error?: { code: string } };
    return { globalId, status: res.status, code: body.error?.code ?? null, retryAfter: res.headers.get('retry-after') };
  };
  const orderHealth = async () => (await (await fetch(`${box.serviceUrl('order')}/health`)).json()) as { disk_level: string | null };
  const statusPage = async () => (await (await fetch(`${box.gatewayUrl}/api/sync/status`)).json()) as { diskLevel: string | null; database: string };
  const centralBeat = async () => {
    const c = new pg.Client({ connectionString: central.databaseUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ level: string | null }>(`SELECT payload->>'diskLevel' AS level FROM central.heartbeats WHERE store_id = 's1'`);
      return rows[0]?.level ?? null;
    } finally {
      await c.end();
    }
  };

  it('takes orders while it can, refuses them with 503 disk_full before Postgres or NATS fail, and loses nothing acknowledged', async () => {
    const answers: Awaited<ReturnType<typeof order>>[] = [];
    for (let i = 0; i < 5; i++) answers.push(await order());
    expect((await orderHealth()).disk_level).to.equal('ok');

    // Down into the warning band: orders still taken, the manager and central are told.
    disk.fillUntil(warnBelow - 8 * MiB);
    await until('disk level low', async () => (await orderHealth()).disk_level === 'low', 10_000);
    for (let i = 0; i < 5; i++) answers.push(await order());
    await until('status page says low', async () => (await statusPage()).diskLevel === 'low', 10_000);

    // Below the refuse limit, with a few MiB still free for Postgres' WAL and JetStream.
    disk.fillUntil(refuseBelow - 8 * MiB);
    const freeAtRefusal = disk.freeBytes();
    await until('disk level full', async () => (await orderHealth()).disk_level === 'full', 10_000);
    const refused: Awaited<ReturnType<typeof order>>[] = [];
    for (let i = 0; i < 5; i++) refused.push(await order());
    expect(refused.map((r) => [r.status, r.code, r.retryAfter])).to.deep.equal(refused.map(() => [503, 'disk_full', '30']));
    expect(freeAtRefusal, 'refused while Postgres and NATS still had room').to.be.greaterThan(8 * MiB);
    const page = await statusPage();
    expect(page).to.include({ diskLevel: 'full', database: 'up' });
    await until("central's heartbeat says full", async () => (await centralBeat()) === 'full', 20_000);
    const { rows: none } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders WHERE global_id = ANY($1::uuid[])', [refused.map((r) => r.globalId)]);
    expect(none[0]!.n, 'a refused order changed nothing').to.equal(0);

    // Space freed: the same kiosk queue is taken again.
    disk.release();
    await until('disk level ok again', async () => (await orderHealth()).disk_level === 'ok', 10_000);
    for (const r of refused) answers.push(await order(r.globalId));

    expect(answers.every((a) => a.status === 201), JSON.stringify(answers.filter((a) => a.status !== 201))).to.equal(true);
    const acknowledged = answers.map((a) => a.globalId);
    await until('every acknowledged order in Postgres, on the kitchen rail and confirmed by central', async () => {
      const { rows } = await db.query<{ orders: number; tickets: number; synced: number }>(
        `SELECT (SELECT count(*) FROM orders.orders WHERE global_id = ANY($1::uuid[]))::int AS orders,
                (SELECT count(*) FROM kitchen.tickets WHERE global_id = ANY($1::uuid[]))::int AS tickets,
                (SELECT count(*) FROM orders.orders WHERE global_id = ANY($1::uuid[]) AND sync_status = 'synced')::int AS synced`, [acknowledged]);
      return rows[0]!.orders === acknowledged.length && rows[0]!.tickets === acknowledged.length && rows[0]!.synced === acknowledged.length;
    }, 60_000);
    const c = new pg.Client({ connectionString: central.databaseUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM central.orders WHERE global_id = ANY($1::uuid[])', [acknowledged]);
      expect(rows[0]!.n).to.equal(acknowledged.length);
    } finally {
      await c.end();
    }
  });
});
