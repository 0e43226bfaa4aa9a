import { expect } from 'chai';
import pg from 'pg';
import { fromBinary, pb } from '@kiosk/contracts';
import { Caller, startAdmin, type Running } from './support.js';

interface Published { subject: string; version: number; updatedAt: string; price: number | null; available: boolean | null }

/**
 * Central's catalog writes against real Postgres: what each answers, what it records (price history, store
 * overrides, audit) and which versioned events it queues for the stores, in order.
 */
describe("central-admin: the catalog's writes", function () {
  this.timeout(120_000);
  let running: Running;
  let db: pg.Pool;
  let owner: Caller;
  let seenEvents = 0;

  before(async () => {
    const started = await startAdmin();
    running = started.running;
    db = new pg.Pool({ connectionString: started.databaseUrl, max: 2 });
    owner = await Caller.signIn(running.url, 'owner', 'owner-demo');
  });

  after(async () => {
    await db?.end();
    await running?.close();
  });

  /** The events queued since the last call, oldest first. */
  async function newEvents(): Promise<Published[]> {
    const r = await db.query<{ id: number; subject: string; payload: Buffer }>('SELECT id, subject, payload FROM central_admin.outbox WHERE id > $1 ORDER BY id', [seenEvents]);
    if (r.rows.length > 0) seenEvents = r.rows.at(-1)!.id;
    return r.rows.map((row) => {
      const m = fromBinary(pb.CatalogChangedSchema, row.payload);
      return {
        subject: row.subject, version: Number(m.version), updatedAt: m.updatedAt,
        price: m.entity.case === 'product' ? Number(m.entity.value.price) : null,
        available: m.entity.case === 'availability' ? m.entity.value.available : m.entity.case === 'product' ? m.entity.value.available : null,
      };
    });
  }

  async function lastAudit(): Promise<{ action: string; entity_type: string; entity_id: string; before: unknown; after: unknown }> {
    return (await db.query('SELECT action, entity_type, entity_id, before, after FROM central_admin.audit_log ORDER BY id DESC LIMIT 1')).rows[0];
  }

  const tea = { id: 'tea', categoryId: 'drinks', name: 'Tea', price: 10_000 };

  it('creates a category once, versioned and audited, and refuses a second create or an update of an unknown one', async () => {
    await newEvents();
    const made = await owner.call('POST', '/api/admin/categories', { id: 'drinks', name: 'Drinks' });
    expect(made.status).to.equal(201);
    expect(made.body).to.include({ id: 'drinks', name: 'Drinks', sortOrder: 0, imageUrl: '' });
    expect(made.body.version).to.be.a('number').greaterThanOrEqual(Date.now() - 60_000);
    expect(new Date(made.body.updatedAt as string).toISOString()).to.equal(made.body.updatedAt);
    expect(await newEvents()).to.deep.equal([{ subject: 'catalog.global.v1.category.drinks', version: made.body.version, updatedAt: made.body.updatedAt, price: null, available: null }]);
    expect(await lastAudit()).to.deep.include({ action: 'create', entity_type: 'category', entity_id: 'drinks', before: null, after: { id: 'drinks', name: 'Drinks', sortOrder: 0, imageUrl: '' } });

    const again = await owner.call('POST', '/api/admin/categories', { id: 'drinks', name: 'Drinks' });
    expect(again.status).to.equal(409);
    expect((again.body.error as { code: string }).code).to.equal('already_exists');
    const unknown = await owner.call('PUT', '/api/admin/categories/food', { name: 'Food' });
    expect(unknown.status).to.equal(404);
    expect(await newEvents()).to.deep.equal([]);

    const renamed = await owner.call('PUT', '/api/admin/categories/drinks', { name: 'Beverages', sortOrder: 2 });
    expect(renamed.status).to.equal(200);
    expect(renamed.body.version).to.be.greaterThan(made.body.version as number);
    expect(await lastAudit()).to.deep.include({ action: 'update', before: { id: 'drinks', name: 'Drinks', sortOrder: 0, imageUrl: '' }, after: { id: 'drinks', name: 'Beverages', sortOrder: 2, imageUrl: '' } });
    expect(await newEvents()).to.have.length(1);
  });

  it('creates a product with its first price in the history, and refuses a duplicate or an unknown category', async () => {
    const made = await owner.call('POST', '/api/admin/products', tea);
    expect(made.status).to.equal(201);
    expect(made.body).to.deep.include({ ...tea, description: '', imageUrl: '', available: true, station: '', sortOrder: 0, optionGroups: [] });
    const history = await db.query('SELECT price, version FROM central_admin.price_history WHERE product_id = $1 ORDER BY id', ['tea']);
    expect(history.rows).to.deep.equal([{ price: 10_000, version: made.body.version }]);
    expect(await newEvents()).to.deep.equal([{ subject: 'catalog.global.v1.product.tea', version: made.body.version, updatedAt: made.body.updatedAt, price: 10_000, available: true }]);
    expect(await lastAudit()).to.deep.include({ action: 'create', entity_type: 'product', entity_id: 'tea', before: null });

    const again = await owner.call('POST', '/api/admin/products', tea);
    expect(again.status).to.equal(409);
    expect((again.body.error as { code: string }).code).to.equal('already_exists');
    const orphan = await owner.call('POST', '/api/admin/products', { ...tea, id: 'cake', categoryId: 'food' });
    expect(orphan.status).to.equal(422);
    expect((orphan.body.error as { code: string }).code).to.equal('unknown_category');
    const missing = await owner.call('PUT', '/api/admin/products/cake', { categoryId: 'drinks', name: 'Cake', price: 1 });
    expect(missing.status).to.equal(404);
    expect(await newEvents()).to.deep.equal([]);
  });

  it("sets one store's own price on its subject, stamped after the product, without touching the price history", async () => {
    const product = (await owner.call('GET', '/api/admin/catalog')).body.products as { id: string; version: number }[];
    const own = await owner.call('PUT', '/api/admin/products/tea/price', { price: 12_000, storeId: 's1' });
    expect(own.status).to.equal(200);
    expect(own.body).to.deep.include({ ...tea, price: 12_000, storeId: 's1' });
    expect(own.body.version).to.be.greaterThan(product.find((p) => p.id === 'tea')!.version);
    expect(await newEvents()).to.deep.equal([{ subject: 'catalog.store.s1.v1.product.tea', version: own.body.version, updatedAt: own.body.updatedAt, price: 12_000, available: true }]);
    expect(await lastAudit()).to.deep.include({ action: 'set_store_price', entity_type: 'price', entity_id: 's1/tea', before: { storeId: 's1', price: 10_000 }, after: { storeId: 's1', price: 12_000 } });
    const row = await db.query('SELECT price, version FROM central_admin.store_prices WHERE store_id = $1 AND product_id = $2', ['s1', 'tea']);
    expect(row.rows).to.deep.equal([{ price: 12_000, version: own.body.version }]);
    expect((await db.query('SELECT count(*)::int AS n FROM central_admin.price_history')).rows[0].n).to.equal(1);
    const preview = await owner.call('GET', '/api/admin/catalog/preview?storeId=s1');
    expect((preview.body.products as { id: string; price: number }[]).find((p) => p.id === 'tea')!.price).to.equal(12_000);
  });

  it("republishes the store's own price after every product change, so last-write-wins keeps it", async () => {
    const replaced = await owner.call('PUT', '/api/admin/products/tea', { categoryId: 'drinks', name: 'Jasmine tea', price: 10_000 });
    expect(replaced.status).to.equal(200);
    const events = await newEvents();
    expect(events.map((e) => [e.subject, e.price])).to.deep.equal([['catalog.global.v1.product.tea', 10_000], ['catalog.store.s1.v1.product.tea', 12_000]]);
    expect(events[0]!.version).to.equal(replaced.body.version);
    expect(events[1]!.version).to.be.greaterThan(events[0]!.version);
    // The same price: no new history row.
    expect((await db.query('SELECT count(*)::int AS n FROM central_admin.price_history')).rows[0].n).to.equal(1);
    expect(await lastAudit()).to.deep.include({ action: 'update', entity_type: 'product', before: { ...tea, description: '', imageUrl: '', available: true, station: '', sortOrder: 0, optionGroups: [] } });
    const row = await db.query('SELECT version FROM central_admin.store_prices WHERE store_id = $1', ['s1']);
    expect(row.rows[0].version).to.equal(events[1]!.version);

    const priced = await owner.call('PUT', '/api/admin/products/tea/price', { price: 11_000 });
    expect(priced.status).to.equal(200);
    expect(priced.body).to.include({ id: 'tea', name: 'Jasmine tea', price: 11_000 });
    expect((await newEvents()).map((e) => [e.subject, e.price])).to.deep.equal([['catalog.global.v1.product.tea', 11_000], ['catalog.store.s1.v1.product.tea', 12_000]]);
    const history = await db.query('SELECT price, version FROM central_admin.price_history ORDER BY id');
    expect(history.rows.map((r) => r.price)).to.deep.equal([10_000, 11_000]);
    expect(history.rows[1].version).to.equal(priced.body.version);
    expect(await lastAudit()).to.deep.include({ action: 'set_price', entity_type: 'price', entity_id: 'tea', before: { price: 10_000 }, after: { price: 11_000 } });
    expect((await owner.call('PUT', '/api/admin/products/none/price', { price: 1 })).status).to.equal(404);
  });

  it('marks a product sold out everywhere or at one store, each audited with what it was', async () => {
    const everywhere = await owner.call('PUT', '/api/admin/products/tea/availability', { available: false });
    expect(everywhere.status).to.equal(200);
    expect(everywhere.body).to.deep.include({ productId: 'tea', available: false, storeId: null });
    expect(await newEvents()).to.deep.equal([{ subject: 'catalog.global.v1.availability.tea', version: everywhere.body.version, updatedAt: everywhere.body.updatedAt, price: null, available: false }]);
    expect(await lastAudit()).to.deep.include({ action: 'set_availability', entity_id: 'tea', before: { storeId: null, available: true }, after: { storeId: null, available: false } });
    const product = (await owner.call('GET', '/api/admin/catalog')).body.products as { id: string; available: boolean; version: number }[];
    expect(product.find((p) => p.id === 'tea')).to.include({ available: false, version: everywhere.body.version });

    const atStore = await owner.call('PUT', '/api/admin/products/tea/availability', { available: true, storeId: 's2' });
    expect(atStore.body).to.deep.include({ productId: 'tea', available: true, storeId: 's2' });
    expect(await newEvents()).to.deep.equal([{ subject: 'catalog.store.s2.v1.availability.tea', version: atStore.body.version, updatedAt: atStore.body.updatedAt, price: null, available: true }]);
    expect(await lastAudit()).to.deep.include({ entity_id: 's2/tea', before: { storeId: 's2', available: false }, after: { storeId: 's2', available: true } });
    const again = await owner.call('PUT', '/api/admin/products/tea/availability', { available: false, storeId: 's2' });
    expect(again.status).to.equal(200);
    expect(await lastAudit()).to.deep.include({ before: { storeId: 's2', available: true }, after: { storeId: 's2', available: false } });
    await newEvents();
  });

  it("writes a store's settings as one versioned change to it, audited with what they were", async () => {
    const settings = { storeName: 'Store 1', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    const first = await owner.call('PUT', '/api/admin/stores/s1/settings', settings);
    expect(first.status).to.equal(200);
    expect(first.body).to.deep.include({ storeId: 's1', ...settings });
    expect((await newEvents()).map((e) => [e.subject, e.version])).to.deep.equal([['catalog.store.s1.v1.settings.s1', first.body.version]]);
    expect(await lastAudit()).to.deep.include({ action: 'set_settings', entity_type: 'store_settings', entity_id: 's1', before: null, after: settings });
    const second = await owner.call('PUT', '/api/admin/stores/s1/settings', { ...settings, taxRateBps: 1100 });
    expect(second.body.version).to.be.greaterThan(first.body.version as number);
    expect(await lastAudit()).to.deep.include({ before: settings, after: { ...settings, taxRateBps: 1100 } });
    const snap = await owner.call('GET', '/api/admin/catalog');
    expect(snap.body.storeSettings).to.deep.equal([{ storeId: 's1', ...settings, taxRateBps: 1100, version: second.body.version }]);
    const preview = await owner.call('GET', '/api/admin/catalog/preview?storeId=s1');
    expect(preview.body).to.include({ storeId: 's1', currency: 'IDR', settingsFromCentral: true, version: second.body.version });
  });

  it('answers the snapshot with ISO timestamps and every product with its stamp', async () => {
    const snap = await owner.call('GET', '/api/admin/catalog');
    const products = snap.body.products as { id: string; updatedAt: string; version: number }[];
    expect(products.map((p) => p.id)).to.deep.equal(['tea']);
    expect(new Date(products[0]!.updatedAt).toISOString()).to.equal(products[0]!.updatedAt);
    expect(snap.body.categories).to.deep.equal([{ id: 'drinks', name: 'Beverages', sortOrder: 2, imageUrl: '', version: (snap.body.categories as { version: number }[])[0]!.version }]);
  });
  it('adds a store with its settings published to it, refuses it twice, and disables it, each audited', async () => {
    await newEvents();
    const settings = { storeName: 'Store 9', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    const added = await owner.call('POST', '/api/admin/stores', { id: 's9', address: 'Jl. Sudirman 1', settings });
    expect(added.status).to.equal(201);
    const store = added.body.store as Record<string, unknown>;
    expect(store).to.deep.include({ id: 's9', name: 'Store 9', address: 'Jl. Sudirman 1', enabled: true, leafUser: 'leaf_s9', settings });
    expect(new Date(store.createdAt as string).toISOString()).to.equal(store.createdAt);
    expect(added.body.leaf).to.include({ user: 'leaf_s9' });
    expect((await newEvents()).map((e) => e.subject)).to.deep.equal(['catalog.store.s9.v1.settings.s9']);
    expect(await lastAudit()).to.deep.include({ action: 'create_store', entity_id: 's9', before: null, after: { id: 's9', name: 'Store 9', address: 'Jl. Sudirman 1', enabled: true, leafUser: 'leaf_s9' } });
    const twice = await owner.call('POST', '/api/admin/stores', { id: 's9', address: '', settings });
    expect(twice.status).to.equal(409);
    expect((twice.body.error as { code: string }).code).to.equal('store_exists');

    const disabled = await owner.call('PUT', '/api/admin/stores/s9/enabled', { enabled: false });
    expect(disabled.status).to.equal(200);
    expect(disabled.body).to.deep.include({ id: 's9', enabled: false, settings });
    expect(disabled.body.updatedAt).to.not.equal(store.updatedAt);
    expect(await lastAudit()).to.deep.include({ action: 'disable_store', before: { enabled: true }, after: { enabled: false } });
    expect((await owner.call('PUT', '/api/admin/stores/s8/enabled', { enabled: false })).status).to.equal(404);
    const listed = await owner.call('GET', '/api/admin/stores');
    expect((listed.body.stores as { id: string; enabled: boolean }[]).map((s) => [s.id, s.enabled])).to.deep.equal([['s9', false]]);
  });
});
