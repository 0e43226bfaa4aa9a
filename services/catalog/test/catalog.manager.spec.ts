import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testbed, freePort, staffMigrationsFolder, type Testbed } from '@kiosk/stack';
import { streams, type CatalogView } from '@kiosk/contracts';
import { DeviceRegistry, applyMigrations, createLogger, type Nats } from '@kiosk/kit';
import { caughtUp, startCatalog, testNats, until } from './support.js';

type Running = Awaited<ReturnType<typeof startCatalog>>;
const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs the seed CLI the way the stack does: a child process with the catalog service's env. */
const seed = (tb: Testbed, storeId: string) =>
  run(process.execPath, ['--import', 'tsx', 'services/catalog/src/cli/seed.ts'], {
    cwd: repoRoot, env: { PATH: process.env.PATH ?? '', STORE_ID: storeId, NATS_URL: tb.nats.url }, timeout: 60_000,
  });

describe('catalog service with the demo menu (seed CLI, sold-out changes, Redis down)', function () {
  let tb: Testbed;
  let nats: Nats;
  let storeId: string;
  let databaseUrl: string;
  let service: Running;
  let bearer: Record<string, string>;
  let kioskStaff: Record<string, string>;
  let revoked: Record<string, string>;

  const view = async (url = service.url) => (await (await fetch(`${url}/api/catalog`)).json()) as CatalogView;
  const settle = () => until('the consumer to catch up', () => caughtUp(nats, storeId));
  const streamMessages = async () => (await nats.jsm.streams.info(streams.catalog(storeId))).state.messages;
  const markAvailability = (body: unknown, headers: Record<string, string> = bearer) =>
    fetch(`${service.url}/api/catalog/availability`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  before(async function () {
    tb = await testbed();
    storeId = tb.freshStoreId('seed');
    databaseUrl = await tb.freshDatabase('catalog');
    service = await startCatalog(tb, { storeId, databaseUrl });
    // Paired screens, as the kitchen service (owner of the staff schema) would have paired them.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      await applyMigrations(pool, { schema: 'staff', migrationsFolder: staffMigrationsFolder, logger: createLogger({ service: 'test', storeId, level: 'error' }) });
      const registry = new DeviceRegistry(pool);
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      bearer = auth((await registry.issue({ name: 'counter 1', role: 'counter', pairedFrom: 'test' })).token);
      kioskStaff = auth((await registry.issue({ name: 'kiosk-1', role: 'kiosk-staff', pairedFrom: 'test' })).token);
      const gone = await registry.issue({ name: 'lost tablet', role: 'kitchen', pairedFrom: 'test' });
      await registry.revoke(gone.id);
      revoked = auth(gone.token);
    } finally {
      await pool.end();
    }
    nats = await testNats(tb);
    await seed(tb, storeId);
    await settle();
  });

  after(async () => {
    await nats?.nc.close();
    await service?.close();
  });

  it('seeds about 30 products in 6 categories with IDR prices, options and the store settings', async () => {
    const menu = await view();
    expect(menu.categories.map((c) => c.name)).to.deep.equal(['Nasi & Mie', 'Ayam & Bebek', 'Sate & Bakaran', 'Camilan', 'Minuman', 'Pencuci Mulut']);
    expect(menu.products.length).to.be.within(28, 34);
    const nasiGoreng = menu.products.find((p) => p.name === 'Nasi Goreng Spesial')!;
    expect(nasiGoreng.price).to.equal(35000);
    expect(nasiGoreng.imageUrl).to.equal('/media/products/nasi-goreng-spesial.svg');
    expect(nasiGoreng.optionGroups.find((g) => g.name === 'Level Pedas')).to.include({ min: 1, max: 1 });
    expect(menu.currency).to.equal('IDR');
    expect(menu.settings).to.include({ storeName: `Warung Nusantara ${storeId}`, taxRateBps: 1100, serviceChargeBps: 500, locale: 'id-ID' });
  });

  it('has a committed picture under media/ for every seeded product and category', async () => {
    const { existsSync, statSync } = await import('node:fs');
    const menu = await view();
    for (const url of [...menu.products, ...menu.categories].map((x) => x.imageUrl)) {
      const file = `${repoRoot}services/catalog${url}`;
      expect(existsSync(file), url).to.equal(true);
      expect(statSync(file).size, url).to.be.below(3 * 1024);
    }
  });

  it('leaves the catalog version unchanged when the seed runs again', async () => {
    const before = (await view()).version;
    const { stdout } = await seed(tb, storeId);
    await settle();
    expect(stdout).to.match(/\(0 new,/);
    expect((await view()).version).to.equal(before);
  });

  it('marks a product sold out and back through the stream, answering 202', async () => {
    const res = await markAvailability({ productId: 'ayam-geprek', available: false });
    expect(res.status).to.equal(202);
    await until('sold out shown', async () => (await view()).products.find((p) => p.id === 'ayam-geprek')?.available === false);
    await markAvailability({ productId: 'ayam-geprek', available: true });
    await until('back shown', async () => (await view()).products.find((p) => p.id === 'ayam-geprek')?.available === true);
  });

  it('marks one option sold out and leaves its product available', async () => {
    expect((await markAvailability({ productId: 'nasi-goreng-spesial', optionId: 'keju', available: false })).status).to.equal(202);
    await until('option sold out', async () => {
      const p = (await view()).products.find((x) => x.id === 'nasi-goreng-spesial')!;
      return p.optionGroups.flatMap((g) => g.options).find((o) => o.id === 'keju')?.available === false && p.available;
    });
  });

  it('refuses bad sold-out requests with a 4xx and publishes nothing', async () => {
    await settle();
    const before = await streamMessages();
    const cases: [unknown, Record<string, string> | undefined, number, string][] = [
      [{ productId: 'ayam-geprek', available: false }, {}, 401, 'unauthorized'],
      // The old way in: a header PIN marks nothing any more, the right PIN included.
      [{ productId: 'ayam-geprek', available: false }, { 'X-Staff-Pin': '1234' }, 401, 'unauthorized'],
      [{ productId: 'ayam-geprek', available: false }, revoked, 401, 'unauthorized'],
      [{ productId: 'ayam-geprek', available: false }, kioskStaff, 403, 'wrong_device_role'],
      [{ productId: 'no-such-dish', available: false }, undefined, 404, 'not_found'],
      [{ productId: 'ayam-geprek', optionId: 'no-such-option', available: false }, undefined, 404, 'not_found'],
      [{ productId: 'ayam-geprek', available: 'no' }, undefined, 400, 'validation_failed'],
      [{ productId: 'ayam.geprek', available: false }, undefined, 400, 'validation_failed'],
      [{ productId: 'ayam-geprek', available: false, price: 1 }, undefined, 400, 'validation_failed'],
      ['{"productId": ', undefined, 400, 'invalid_json'],
    ];
    for (const [body, headers, status, code] of cases) {
      const res = await markAvailability(body, headers);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], JSON.stringify(body)).to.deep.equal([status, code]);
    }
    expect(await streamMessages()).to.equal(before);
  });

  it('still serves the catalog from Postgres when Redis is unreachable', async () => {
    // A second instance of the same box pointed at a closed port: the shared testbed Redis stays up for others.
    const noRedis = await startCatalog(tb, { storeId, databaseUrl, redisUrl: `redis://127.0.0.1:${await freePort()}` });
    try {
      const res = await fetch(`${noRedis.url}/api/catalog`);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as CatalogView;
      expect(body.products.length).to.equal((await view()).products.length);
      expect(res.headers.get('etag')).to.equal(`"${storeId}-${body.version}"`);
    } finally {
      await noRedis.close();
    }
  });
});
