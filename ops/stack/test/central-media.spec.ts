import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { CatalogView } from '@kiosk/contracts';
import { centralSession, solidPng, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, until } from './link-support.js';
import { centralSend, storeCatalog } from './central-support.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesAt = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};

/**
 * A menu image from upload to the kiosk's URL, on the real stack: central's gateway and central-admin, the hub's
 * CATALOG and CATALOG_TO_<ID> streams, the store's CATALOG stream, its catalog service and its gateway.
 */
describe('a menu image uploaded at central is served by every store', function () {
  this.timeout(600_000);
  let central: Central;
  let s1: StoreBox;
  let s2: StoreBox | undefined;
  const png = solidPng([220, 90, 20, 255], 16);
  let url: string;

  before(async function () {
    central = await startCentral({ stores: ['s1', 's2'], ingestReplicas: 1 });
    s1 = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1') });
  });

  after(async () => {
    await s2?.stop();
    await s1?.stop();
    await central?.stop();
  });

  it('takes the upload through central\'s gateway and serves it back there for the admin preview', async () => {
    const session = await centralSession(central.gatewayUrl);
    const upload = await fetch(`${central.gatewayUrl}/api/admin/media`, {
      method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'image/png' }, body: png,
    });
    const body = (await upload.json()) as { url: string; sha256: string };
    expect(upload.status, JSON.stringify(body)).to.equal(201);
    url = body.url;
    expect(url).to.equal(`/media/u/${sha(png)}.png`);
    const back = await bytesAt(`${central.gatewayUrl}${url}`, { cookie: session.cookie });
    expect(back.res.status).to.equal(200);
    expect(back.res.headers.get('content-type')).to.equal('image/png');
    expect(back.res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(back.bytes.equals(png)).to.equal(true);
  });

  it("serves byte-identical content at the product's imageUrl through the store's gateway once the product is saved with it", async () => {
    const product = (await storeCatalog(s1)).products[0]!;
    const category = (await storeCatalog(s1)).categories.find((c) => c.id === product.categoryId)!;
    expect((await centralSend(central, 'POST', '/api/admin/categories', category)).status).to.equal(201);
    const saved = await centralSend(central, 'POST', '/api/admin/products', { ...product, imageUrl: url });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    const started = Date.now();
    await until('s1 lists the product with the uploaded image', async () =>
      (await storeCatalog(s1)).products.find((p) => p.id === product.id)?.imageUrl === url, centralChangeAtStoreMs);
    await until('s1 serves the image', async () => (await fetch(`${s1.gatewayUrl}${url}`)).status === 200, 30_000);
    const served = await bytesAt(`${s1.gatewayUrl}${url}`);
    expect(served.bytes.equals(png), 'the same bytes as uploaded').to.equal(true);
    expect(served.res.headers.get('content-type')).to.equal('image/png');
    expect(served.res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    // Exactly one nosniff: the gateway's (the service's own is hidden, so it is not sent twice).
    expect(served.res.headers.get('x-content-type-options')).to.equal('nosniff');
    console.log(`      image and product at s1 ${Date.now() - started} ms after the save`);
  });

  it('reaches a brand-new box too: a store started afterwards replays the catalog from the hub, image included', async () => {
    s2 = await startStoreBox({ storeId: 's2', hub: central.hub.leafFor('s2') });
    await until('s2 serves the image', async () => (await fetch(`${s2!.gatewayUrl}${url}`)).status === 200, centralChangeAtStoreMs);
    expect((await bytesAt(`${s2.gatewayUrl}${url}`)).bytes.equals(png)).to.equal(true);
    const view = (await (await fetch(`${s2.gatewayUrl}/api/catalog`)).json()) as CatalogView;
    expect(view.products.some((p) => p.imageUrl === url)).to.equal(true);
  });
});
