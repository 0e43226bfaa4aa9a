import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hubStreams } from '@kiosk/contracts';
import { repoRoot, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, until } from './link-support.js';
import { centralGet, centralSend, centralSql, placeOrder, storeCatalog } from './central-support.js';

interface LeafCredentials { user: string; password: string; catalogSource: string }
interface StoreView { id: string; name: string; enabled: boolean; leafUser: string; settings: Record<string, unknown> | null }

const newStore = {
  id: 'north-9', address: 'Jl. Merdeka 9, Bandung',
  settings: { storeName: 'Bandung Utara', currency: 'IDR', taxRateBps: 1100, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta' },
};

/** Stores as data: a store added through central's API links with the credentials it was given, without a restart of anything. */
describe('stores added and disabled at central take effect on the running hub', function () {
  this.timeout(300_000);
  let central: Central;
  let box: StoreBox | undefined;
  let leaf: LeafCredentials;

  const leafAccounts = async () => (await Promise.all(central.hub.nodes.map(async (n) =>
    ((await (await fetch(`${n.monitorUrl}/leafz`)).json()) as { leafs: { account: string }[] }).leafs.map((l) => l.account)))).flat();
  const ordersAtCentral = (globalId: string) => centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE global_id = $1', [globalId]).then((r) => r[0]!.n);

  before(async () => {
    central = await startCentral({ stores: ['s1'], ingestReplicas: 1 });
  });

  after(async () => {
    await box?.stop();
    await central?.stop();
  });

  it('refuses a bad store with a 4xx and writes nothing', async () => {
    for (const body of [{ ...newStore, id: 'Bad Id' }, { ...newStore, settings: { ...newStore.settings, timeZone: 'Mars/Olympus' } }, { id: 'x1' }]) {
      const res = await centralSend(central, 'POST', '/api/admin/stores', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
    }
    const rows = await centralSql<{ id: string }>(central.databaseUrl, 'SELECT id FROM central_admin.stores ORDER BY id');
    expect(rows.map((r) => r.id)).to.deep.equal(['s1']);
  });

  it('adds a store through the API, answering its leaf credentials once and keeping only their hash', async () => {
    const res = await centralSend(central, 'POST', '/api/admin/stores', newStore);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    leaf = res.body.leaf as LeafCredentials;
    expect(leaf).to.include({ user: 'leaf_north-9', catalogSource: hubStreams.catalogToStore('north-9') });
    expect(leaf.password).to.have.length.greaterThan(20);
    expect((res.body.store as StoreView)).to.include({ id: 'north-9', name: 'Bandung Utara', enabled: true });

    const listed = await centralGet<{ stores: StoreView[] }>(central, '/api/admin/stores');
    const store = listed.body.stores.find((s) => s.id === 'north-9')!;
    expect(store.settings).to.include({ timeZone: 'Asia/Jakarta', currency: 'IDR', taxRateBps: 1100 });
    expect(JSON.stringify(listed.body)).to.not.include(leaf.password);
    const [row] = await centralSql<{ leaf_password_hash: string }>(central.databaseUrl, "SELECT leaf_password_hash FROM central_admin.stores WHERE id = 'north-9'");
    expect(row!.leaf_password_hash, 'a bcrypt hash at the lowest cost: the password is 144 random bits').to.match(/^\$2[ab]\$04\$/);
    const audit = await centralSql<{ action: string }>(central.databaseUrl, "SELECT action FROM central_admin.audit_log WHERE entity_id = 'north-9'");
    expect(audit.map((a) => a.action)).to.include('create_store');
    expect((await centralSend(central, 'POST', '/api/admin/stores', newStore)).status, 'the same store twice').to.equal(409);
  });

  it('lets the new store link with those credentials, and its orders land at central', async () => {
    await until('the hub has the new store\'s account', async () => central.storesWatch.hubStores.includes('north-9'), 20_000);
    expect(readFileSync(join(central.hub.accounts.confDir, 'hub-accounts.conf'), 'utf8')).to.include('NORTH_9: {');
    box = await startStoreBox({ storeId: 'north-9', hub: central.hub.leafWith(leaf), heartbeatMs: 1_000 });
    await until('north-9 linked', async () => (await leafAccounts()).includes('NORTH_9'), 30_000);
    const product = (await storeCatalog(box)).products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!;
    const placed = await placeOrder(box, product);
    await until(`order ${placed.globalId} at central`, async () => (await ordersAtCentral(placed.globalId)) === 1, 30_000);
    const stores = await centralGet<{ stores: { storeId: string; ordersCommitted: number }[] }>(central, '/api/stores');
    expect(stores.body.stores.find((s) => s.storeId === 'north-9')?.ordersCommitted).to.be.at.least(1);
    expect((await storeCatalog(box)).settings).to.include({ storeName: 'Bandung Utara', timeZone: 'Asia/Jakarta' });
  });

  it("reports central's menu version once the store has applied a menu change published at central", async () => {
    const product = (await storeCatalog(box!)).products[0]!;
    const category = (await storeCatalog(box!)).categories.find((c) => c.id === product.categoryId)!;
    expect((await centralSend(central, 'POST', '/api/admin/categories', category)).status).to.equal(201);
    expect((await centralSend(central, 'POST', '/api/admin/products', product)).status).to.equal(201);
    const newPrice = product.price + 500;
    expect((await centralSend(central, 'PUT', `/api/admin/products/${product.id}/price`, { price: newPrice })).status).to.equal(200);
    await until('north-9 sells at the new price', async () => (await storeCatalog(box!)).products.find((p) => p.id === product.id)?.price === newPrice, centralChangeAtStoreMs);

    const menu = (await centralGet<{ categories: { version: number }[]; products: { version: number }[] }>(central, '/api/admin/catalog')).body;
    const latest = Math.max(...menu.categories.map((c) => c.version), ...menu.products.map((p) => p.version));
    const fleetVersion = async () => (await centralGet<{ stores: { storeId: string; catalogVersion: number | null }[] }>(central, '/api/admin/fleet'))
      .body.stores.find((s) => s.storeId === 'north-9')?.catalogVersion;
    await until("north-9's heartbeat carries central's menu version", async () => (await fleetVersion()) === latest, 20_000);
    expect((await storeCatalog(box!)).version, "the box's own count of applied changes is another number").to.not.equal(latest);
  });

  it('refuses the leaf login of a disabled store and closes its open link; enabling it again lets its backlog through', async () => {
    const res = await centralSend(central, 'PUT', '/api/admin/stores/north-9/enabled', { enabled: false });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ enabled: false });
    await until('north-9 link closed', async () => !(await leafAccounts()).includes('NORTH_9'), 20_000);
    // The store redials every 100 ms: had its login been accepted, it would be back long before this.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await leafAccounts()).to.not.include('NORTH_9');
    const product = (await storeCatalog(box!)).products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!;
    const held = await placeOrder(box!, product);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await ordersAtCentral(held.globalId), 'an order of a disabled store at central').to.equal(0);

    expect((await centralSend(central, 'PUT', '/api/admin/stores/north-9/enabled', { enabled: true })).status).to.equal(200);
    await until(`held order ${held.globalId} at central`, async () => (await ordersAtCentral(held.globalId)) === 1, 40_000);
    const audit = await centralSql<{ action: string }>(central.databaseUrl, "SELECT action FROM central_admin.audit_log WHERE entity_id = 'north-9' ORDER BY id");
    expect(audit.map((a) => a.action)).to.include.members(['disable_store', 'enable_store']);
  });

  it('answers 404 for an unknown store and changes nothing', async () => {
    const res = await centralSend(central, 'PUT', '/api/admin/stores/nowhere-1/enabled', { enabled: false });
    expect(res.status).to.equal(404);
    expect((await centralSend(central, 'PUT', '/api/admin/stores/north-9/enabled', { enabled: 'no' })).status).to.equal(400);
  });

  it('renders the same stores for Docker Compose with `make hub-config DATABASE_URL=...`, reading the stores table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hub-config-table-'));
    try {
      await centralSend(central, 'PUT', '/api/admin/stores/north-9/enabled', { enabled: false });
      const printed = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/hub-config.ts')], {
        cwd: repoRoot, env: { ...process.env, STORES: 's1', OUT: out, DATABASE_URL: central.databaseUrl }, encoding: 'utf8',
      });
      const rendered = readFileSync(join(out, 'conf', 'hub-accounts.conf'), 'utf8');
      expect(rendered).to.match(/\bNORTH_9: \{\n  users: \[\]/);
      expect(rendered).to.match(/\bS1: \{\n  users: \[\{user: "leaf_s1"/);
      expect(printed).to.match(/store north-9: from central's stores table \(disabled/);
      await centralSend(central, 'PUT', '/api/admin/stores/north-9/enabled', { enabled: true });
      const [row] = await centralSql<{ leaf_password_hash: string }>(central.databaseUrl, "SELECT leaf_password_hash FROM central_admin.stores WHERE id = 'north-9'");
      execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/hub-config.ts')], {
        cwd: repoRoot, env: { ...process.env, STORES: 's1', OUT: out, DATABASE_URL: central.databaseUrl }, encoding: 'utf8',
      });
      expect(readFileSync(join(out, 'conf', 'hub-accounts.conf'), 'utf8')).to.include(`{user: "leaf_north-9", password: ${JSON.stringify(row!.leaf_password_hash)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
