import { expect } from 'chai';
import { testbed, type Testbed } from '@kiosk/stack';
import { create, pb, subjects, type CatalogView } from '@kiosk/contracts';
import type { Nats } from '@kiosk/kit';
import { createHash } from 'node:crypto';
import { solidPng } from '@kiosk/stack';
import { caughtUp, categoryEntity, mediaEntity, productEntity, publishChange, startCatalog, testNats, until, type TestChange } from './support.js';

type Running = Awaited<ReturnType<typeof startCatalog>>;

describe('catalog service applying catalog events (real Postgres, Redis and nats-server)', function () {
  let tb: Testbed;
  let nats: Nats;
  let storeId: string;
  let service: Running;

  const getCatalog = (headers: Record<string, string> = {}) => fetch(`${service.url}/api/catalog`, { headers });
  const view = async () => (await (await getCatalog()).json()) as CatalogView;
  const settle = () => until('the consumer to catch up', () => caughtUp(nats, storeId));

  before(async function () {
    tb = await testbed();
    storeId = tb.freshStoreId('cat');
    service = await startCatalog(tb, { storeId, databaseUrl: await tb.freshDatabase('catalog') });
    nats = await testNats(tb);
    await service.ctx.natsReady;
    await until('the catalog consumer', () => caughtUp(nats, storeId));
    await publishChange(nats, storeId, { version: 1, entity: categoryEntity('nasi', 'Nasi & Mie') });
    await settle();
  });

  after(async () => {
    await nats?.nc.close();
    await service?.close();
  });

  it('ends with the newest version of each product whatever order the events arrive in', async () => {
    const prices = [31000, 32000, 33000, 34000, 35000];
    const orders = [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 0, 3, 1], [3, 0, 4, 1, 2], [1, 4, 2, 0, 3, 4, 1]];
    for (const [k, order] of orders.entries()) {
      for (const i of order) {
        // Same event id on a repeat: a redelivery, deliberately sent with a new Nats-Msg-Id to get past dedupe.
        await publishChange(nats, storeId, { version: i + 1, eventId: `p${k}-v${i + 1}`, entity: productEntity(`perm-${k}`, 'nasi', prices[i]!) }, `${k}-${i}-${Math.random()}`);
      }
    }
    await settle();
    const products = (await view()).products.filter((p) => p.id.startsWith('perm-'));
    expect(products.map((p) => p.price)).to.deep.equal(orders.map(() => 35000));
  });

  it('breaks a version tie by updatedAt then origin, the same whichever arrives first', async () => {
    const a: TestChange = { version: 9, updatedAt: '2026-03-01T10:00:00Z', origin: 'central', entity: productEntity('tie-1', 'nasi', 1000) };
    const b: TestChange = { version: 9, updatedAt: '2026-03-01T10:00:00Z', origin: 'store-x', entity: productEntity('tie-1', 'nasi', 2000) };
    const c: TestChange = { version: 9, updatedAt: '2026-03-01T11:00:00Z', origin: 'central', entity: productEntity('tie-2', 'nasi', 3000) };
    const d: TestChange = { version: 9, updatedAt: '2026-03-01T09:00:00Z', origin: 'store-x', entity: productEntity('tie-2', 'nasi', 4000) };
    for (const change of [b, a, c, d]) await publishChange(nats, storeId, change);
    await settle();
    const prices = Object.fromEntries((await view()).products.map((p) => [p.id, p.price]));
    expect([prices['tie-1'], prices['tie-2']]).to.deep.equal([2000, 3000]);
  });

  it('does not bump the catalog version for an older, equal or duplicate event', async () => {
    await publishChange(nats, storeId, { version: 5, eventId: 'stale-v5', entity: productEntity('stale', 'nasi', 5000) });
    await settle();
    const before = (await view()).version;
    await publishChange(nats, storeId, { version: 4, entity: productEntity('stale', 'nasi', 4000) });
    await publishChange(nats, storeId, { version: 5, eventId: 'stale-v5', entity: productEntity('stale', 'nasi', 5000) }, 'redelivered-stale-v5');
    await settle();
    const after = await view();
    expect(after.version).to.equal(before);
    expect(after.products.find((p) => p.id === 'stale')?.price).to.equal(5000);
  });

  it('removes a deleted product from the view and keeps it gone when an older upsert arrives late', async () => {
    await publishChange(nats, storeId, { version: 2, entity: productEntity('gone', 'nasi', 9000) });
    await publishChange(nats, storeId, { version: 3, deleted: true, entity: productEntity('gone', 'nasi', 0) });
    await publishChange(nats, storeId, { version: 1, entity: productEntity('gone', 'nasi', 8000) });
    await settle();
    expect((await view()).products.map((p) => p.id)).not.to.include('gone');
  });

  it('keeps a sold-out mark through a newer product edit, because availability is its own entity', async () => {
    await publishChange(nats, storeId, { version: 1, entity: productEntity('sold', 'nasi', 10000) });
    await publishChange(nats, storeId, { version: Date.now(), origin: storeId, entity: { case: 'availability', value: { productId: 'sold', optionId: '', available: false } as never } });
    await publishChange(nats, storeId, { version: 2, entity: productEntity('sold', 'nasi', 12000) });
    await settle();
    const sold = (await view()).products.find((p) => p.id === 'sold');
    expect([sold?.price, sold?.available]).to.deep.equal([12000, false]);
  });

  it('skips an event that cannot be applied and keeps applying the ones after it', async () => {
    await publishChange(nats, storeId, { version: 1, entity: productEntity('bad-price', 'nasi', -100) });
    await publishChange(nats, storeId, { version: 1, entity: productEntity('after-bad', 'nasi', 7000) });
    await settle();
    const ids = (await view()).products.map((p) => p.id);
    expect(ids).to.include('after-bad');
    expect(ids).not.to.include('bad-price');
  });

  it('serves central\'s offline card rules with the store settings, and none once central sends settings without them', async () => {
    const settings = (version: number, offlineCard?: { perPaymentLimit: bigint; totalLimit: bigint; expiryHours: number }): TestChange => ({
      version, entity: { case: 'settings', value: create(pb.StoreSettingsSchema, {
        storeId, storeName: 'Warung Kartu', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta', offlineCard,
      }) },
    });
    await publishChange(nats, storeId, settings(500, { perPaymentLimit: 250_000n, totalLimit: 3_000_000n, expiryHours: 24 }));
    await settle();
    expect((await view()).settings.offlineCard).to.deep.equal({ perPaymentLimit: 250_000, totalLimit: 3_000_000, expiryHours: 24 });
    await publishChange(nats, storeId, settings(501));
    await settle();
    expect((await view()).settings.offlineCard).to.equal(undefined);
  });

  it('answers 304 to the current ETag and a new ETag and price right after a change', async () => {
    const first = await getCatalog();
    const etag = first.headers.get('etag')!;
    const body = (await first.json()) as CatalogView;
    expect(etag).to.equal(`"${storeId}-${body.version}"`);
    const again = await getCatalog({ 'If-None-Match': etag });
    expect(again.status).to.equal(304);
    expect(await again.text()).to.equal('');

    // Warm the cache for this version, then change a price: the next GET must not serve the cached body.
    await getCatalog();
    await publishChange(nats, storeId, { version: 100, entity: productEntity('perm-0', 'nasi', 41000) });
    await settle();
    const changed = await getCatalog({ 'If-None-Match': etag });
    expect(changed.status).to.equal(200);
    expect(changed.headers.get('etag')).to.not.equal(etag);
    const next = (await changed.json()) as CatalogView;
    expect(next.version).to.be.greaterThan(body.version);
    expect(next.products.find((p) => p.id === 'perm-0')?.price).to.equal(41000);
  });

  it('serves the cached body from Redis under a key per store and version', async () => {
    const res = await getCatalog();
    const version = ((await res.json()) as CatalogView).version;
    const cached = await service.ctx.redis!.get(`catalog:${storeId}:v${version}`);
    expect(JSON.parse(cached!)).to.have.property('version', version);
  });

  it('announces every applied version on core NATS so the order service can refresh at once', async () => {
    const sub = nats.nc.subscribe(subjects.catalogVersionLive(storeId), { max: 1 });
    const got = (async () => { for await (const m of sub) return Number(m.string()); return -1; })();
    await publishChange(nats, storeId, { version: 101, entity: productEntity('perm-0', 'nasi', 42000) });
    const announced = await got;
    await settle();
    expect(announced).to.equal((await view()).version);
  });

  it("stores central's image and serves it byte for byte as immutable, with its type and nosniff", async () => {
    const png = solidPng([0, 120, 200, 255], 3);
    const sha = createHash('sha256').update(png).digest('hex');
    const before = (await view()).version;
    await publishChange(nats, storeId, { version: 40, eventId: `media-${sha}`, entity: mediaEntity(png) });
    // The same event again (a redelivery, a replay from the hub): nothing changes.
    await publishChange(nats, storeId, { version: 40, eventId: `media-${sha}`, entity: mediaEntity(png) }, `again-${sha}`);
    await settle();
    const res = await fetch(`${service.url}/media/u/${sha}.png`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/png');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).to.equal(true);
    // A new image is a catalog change: the kiosk refetches and caches the images of the new version.
    expect((await view()).version).to.equal(before + 1);
    for (const other of [`${sha}.jpg`, `${sha.toUpperCase()}.png`, `${'0'.repeat(64)}.png`, 'x.svg']) {
      const r = await fetch(`${service.url}/media/u/${other}`);
      expect(r.status, other).to.equal(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('not_found');
    }
  });

  it('refuses an image whose bytes do not hash to its name or are not the image type it claims, and serves neither', async () => {
    const png = solidPng([7, 7, 7, 255]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const wrongName = createHash('sha256').update('something else').digest('hex');
    const svgSha = createHash('sha256').update(svg).digest('hex');
    const before = (await view()).version;
    await publishChange(nats, storeId, { version: 41, entity: mediaEntity(png, 'image/png', wrongName) });
    await publishChange(nats, storeId, { version: 41, entity: mediaEntity(svg, 'image/png') });
    await publishChange(nats, storeId, { version: 41, entity: mediaEntity(svg, 'image/svg+xml') });
    await settle();
    expect((await view()).version).to.equal(before);
    for (const file of [`${wrongName}.png`, `${svgSha}.png`]) expect((await fetch(`${service.url}/media/u/${file}`)).status, file).to.equal(404);
  });
});
