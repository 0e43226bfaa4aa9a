/**
 * End to end in headless Chromium against a real central and one real store box: head office creates a
 * category and a product with an option group and an uploaded image, edits it, and sees both on the store's
 * kiosk API (the image served by the store byte for byte); then adds a
 * store (its link credentials shown once) and disables it. Screenshots go to web/admin/test-artifacts/.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebApps, centralChangeAtStoreMs, solidPng, startCentral, startStoreBox, type Central, type StoreBox } from '@kiosk/stack';
import type { CatalogView } from '@kiosk/contracts/api';
import { hubStreams } from '@kiosk/contracts';
import { chromiumArgs, until } from './support.ts';

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

describe('head office in Chromium: menu editing and stores', function () {
  this.timeout(300_000);
  let central: Central;
  let s1: StoreBox;
  let browser: Browser;
  let page: Page;

  before(async function () {
    this.timeout(900_000);
    mkdirSync(artifacts, { recursive: true });
    buildWebApps();
    central = await startCentral({ stores: ['s1'], ingestReplicas: 1 });
    s1 = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), seed: false, heartbeatMs: 1_000 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    await page.goto(`${central.gatewayUrl}/admin/?lang=en`);
    await page.fill('[data-testid=sign-in] input[name=username]', 'owner');
    await page.fill('[data-testid=sign-in] input[name=password]', 'owner-demo');
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForSelector('[data-testid=nav-menu]');
  });

  after(async function () {
    this.timeout(120_000);
    await browser?.close();
    await s1?.stop();
    await central?.stop();
  });

  const png = solidPng([30, 160, 90, 255], 8);
  const kioskMenu = async (): Promise<CatalogView> => (await (await fetch(`${s1.gatewayUrl}/api/catalog`)).json()) as CatalogView;

  it('creates a category and a product with an option group that the store\'s kiosk then offers', async () => {
    await page.click('[data-testid=nav-menu]');
    await page.fill('[data-testid=new-category] input[name=categoryName]', 'Sup Hangat');
    await page.click('[data-testid=new-category] button[type=submit]');
    await page.waitForSelector('[data-testid=menu-message]:has-text("Category Sup Hangat created")');

    await page.click('[data-action=new-product]');
    const editor = page.locator('[data-testid=product-editor]');
    await editor.locator('input[name=name]').fill('Soto Betawi');
    await editor.locator('select[name=categoryId]').selectOption('sup-hangat');
    await editor.locator('input[name=price]').fill('Rp 32.000');
    // An image: an SVG named .png is refused by central (by its bytes), a real PNG is uploaded and previewed.
    const image = editor.getByLabel('Image (PNG, JPEG or WebP)');
    await image.setInputFiles({ name: 'soto.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    await editor.locator('[data-testid=image-error]:has-text("Only PNG, JPEG or WebP")').waitFor();
    await image.setInputFiles({ name: 'soto.png', mimeType: 'image/png', buffer: png });
    const preview = editor.locator('[data-testid=image-preview]');
    await preview.waitFor();
    expect(await preview.getAttribute('src')).to.match(/^\/media\/u\/[0-9a-f]{64}\.png$/);
    await until('the preview image loaded from central', async () => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8), 10_000);
    expect(await editor.locator('[data-testid=image-error]').count()).to.equal(0);
    await editor.locator('[data-action=add-group]').click();
    await editor.locator('input[name=groupName]').fill('Nasi');
    await editor.locator('input[name=min]').fill('1');
    await editor.locator('input[name=optionName]').first().fill('Tanpa nasi');
    await editor.locator('[data-action=add-option]').click();
    await editor.locator('input[name=optionName]').nth(1).fill('Dengan nasi');
    await editor.locator('input[name=priceDelta]').nth(1).fill('5.000');
    // A mistake is named in the form and nothing is sent.
    await editor.locator('input[name=price]').fill('32,5');
    await editor.locator('[data-action=save-product]').click();
    await editor.locator('[data-testid=editor-error]:has-text("whole rupiah")').waitFor();
    await editor.locator('input[name=price]').fill('32.000');
    await editor.locator('[data-action=save-product]').click();
    await page.waitForSelector('[data-testid=menu-message]:has-text("Soto Betawi saved")');
    await page.screenshot({ path: `${artifacts}menu-editor.png`, fullPage: true });

    await until('Soto Betawi on the kiosk of s1', async () => (await kioskMenu()).products.some((p) => p.id === 'soto-betawi'), centralChangeAtStoreMs);
    const menu = await kioskMenu();
    expect(menu.categories.map((c) => c.name)).to.include('Sup Hangat');
    const soto = menu.products.find((p) => p.id === 'soto-betawi')!;
    expect(soto).to.include({ name: 'Soto Betawi', price: 32_000, categoryId: 'sup-hangat' });
    expect(soto.optionGroups).to.have.length(1);
    expect(soto.optionGroups[0]).to.include({ id: 'nasi', name: 'Nasi', min: 1, max: 1 });
    expect(soto.optionGroups[0]!.options.map((o) => [o.id, o.priceDelta])).to.deep.equal([['tanpa-nasi', 0], ['dengan-nasi', 5_000]]);
    expect(soto.imageUrl).to.match(/^\/media\/u\/[0-9a-f]{64}\.png$/);
    await until('the image served by s1', async () => (await fetch(`${s1.gatewayUrl}${soto.imageUrl}`)).status === 200, centralChangeAtStoreMs);
    const served = Buffer.from(await (await fetch(`${s1.gatewayUrl}${soto.imageUrl}`)).arrayBuffer());
    expect(served.equals(png), 'the store serves the bytes chosen in the browser').to.equal(true);
  });

  it('edits a product: a new name and an option removed reach the kiosk', async () => {
    await page.locator('tr[data-product=soto-betawi] [data-action=edit-product]').click();
    const editor = page.locator('[data-testid=product-editor]');
    await expect(await editor.locator('input[name=id]').isDisabled(), 'a product id never changes').to.equal(true);
    await editor.locator('input[name=name]').fill('Soto Betawi Spesial');
    await editor.locator('[data-option="0"] button').click();
    await editor.locator('input[name=min]').fill('0');
    await editor.locator('[data-action=save-product]').click();
    await page.waitForSelector('[data-testid=menu-message]:has-text("Soto Betawi Spesial saved")');
    await until('the edited product on the kiosk', async () => (await kioskMenu()).products.find((p) => p.id === 'soto-betawi')?.name === 'Soto Betawi Spesial', centralChangeAtStoreMs);
    const soto = (await kioskMenu()).products.find((p) => p.id === 'soto-betawi')!;
    expect(soto.optionGroups[0]!.options.map((o) => o.id)).to.deep.equal(['dengan-nasi']);
    // s1's heartbeat carries the version of central's menu it applied: the rollout badge says it runs the latest.
    const badge = page.locator('[data-testid=menu-rollout] [data-store=s1]');
    await until('s1 shown running the latest menu', async () => {
      await page.reload();
      await page.waitForSelector('[data-testid=menu-rollout] [data-store=s1]', { timeout: 10_000 }).catch(() => null);
      return (await badge.getAttribute('data-up-to-date').catch(() => null)) === 'true';
    }, 60_000);
    expect(await badge.textContent()).to.include('applied');
  });

  it('adds a store, showing its link credentials once, and disables it', async () => {
    await page.click('[data-testid=nav-stores]');
    const form = page.locator('[data-testid=add-store]');
    await form.locator('input[name=id]').fill('north-7');
    await form.locator('input[name=storeName]').fill('Medan Utara');
    await form.locator('input[name=address]').fill('Jl. Gatot Subroto 7, Medan');
    await form.locator('button[type=submit]').click();
    const shown = page.locator('[data-testid=store-credentials]');
    await shown.waitFor();
    expect(await shown.locator('[data-testid=leaf-url]').textContent()).to.match(/^tls:\/\/leaf_north-7:[A-Za-z0-9_-]{20,}@<central>:7422$/);
    expect(await shown.textContent()).to.include(hubStreams.catalogToStore('north-7'));
    const row = page.locator('tr[data-store=north-7]');
    expect(await row.textContent()).to.include('Medan Utara');
    expect(await row.textContent()).to.include('11 %');
    await page.screenshot({ path: `${artifacts}stores.png`, fullPage: true });

    await row.locator('[data-action=toggle-store]').click();
    await page.waitForSelector('[data-testid=stores-message]:has-text("Store north-7 disabled")');
    expect(await row.locator('[data-col=enabled]').textContent()).to.include('Disabled');
    await page.reload();
    expect(await page.locator('[data-testid=store-credentials]').count(), 'the password is shown once only').to.equal(0);
    const api = await central.api();
    const stores = (await (await api('/api/admin/stores')).json()) as { stores: { id: string; enabled: boolean }[] };
    expect(stores.stores.find((s) => s.id === 'north-7')).to.include({ enabled: false });
  });
});
