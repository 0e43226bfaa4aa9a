/**
 * End to end, against a real store box started without a hub (so its link to central is down for real): the
 * store status page at /status/ in headless Chromium, fed by the sync service through the nginx gateway.
 * Screenshots land in web/kitchen/test-artifacts/ (git-ignored) for a person to look at.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStoreBox } from '@kiosk/stack';
import type { CatalogView, PlaceOrderRequest, StoreSyncStatusView } from '@kiosk/contracts/api';

type StoreBox = Awaited<ReturnType<typeof startStoreBox>>;

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** The sync service pushes every second here (3 s by default), so the scenario waits less. */
const pushMs = 1_000;

describe('store status page in Chromium', function () {
  this.timeout(180_000);

  let box: StoreBox;
  let browser: Browser;
  let page: Page;
  let catalog: CatalogView;

  before(async function () {
    this.timeout(600_000);
    mkdirSync(artifacts, { recursive: true });
    box = await startStoreBox({ build: true, env: { STATUS_PUSH_MS: String(pushMs) } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await box?.stop();
  });

  // ---------------------------------------------------------------- helpers

  async function openStatus(query = '?lang=en', viewport = { width: 1280, height: 800 }): Promise<Page> {
    const p = await (await browser.newContext({ viewport })).newPage();
    await p.goto(`${box.gatewayUrl}/status/${query}`);
    return p;
  }

  const waitStream = (p: Page, state: string, timeout = 20_000) => p.waitForSelector(`[data-stream=${state}]`, { timeout });
  const tileValue = (p: Page, tile: string) => p.locator(`[data-testid=${tile}] [data-role=value]`).innerText();
  const shot = (p: Page, name: string) => p.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });

  async function apiStatus(): Promise<StoreSyncStatusView> {
    const res = await fetch(`${box.gatewayUrl}/api/sync/status`);
    expect(res.status).to.equal(200);
    return (await res.json()) as StoreSyncStatusView;
  }

  async function placeOrder(): Promise<void> {
    const product = catalog.products.find((p) => p.available);
    if (!product) throw new Error('the demo menu has no available product');
    const optionIds = product.optionGroups.flatMap((g) => g.options.filter((o) => o.available).slice(0, g.min).map((o) => o.id));
    const body: PlaceOrderRequest = { globalId: randomUUID(), kioskId: 'e2e-status', mode: 'takeaway', lines: [{ productId: product.id, quantity: 1, optionIds }], payment: { method: 'cash' } };
    const res = await fetch(`${box.gatewayUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).to.equal(201);
  }

  /** Waits until a tile's value reads `expected`. */
  async function waitTile(p: Page, tile: string, expected: string, timeout = 15_000): Promise<void> {
    await p.locator(`[data-testid=${tile}] [data-role=value]`, { hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout });
  }

  // ---------------------------------------------------------------- scenario

  it('streams the status through the gateway unbuffered: the first push at once, the next within a push period', async () => {
    const res = await fetch(`${box.gatewayUrl}/api/sync/status/stream`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const arrivals: number[] = [];
    const started = Date.now();
    let text = '';
    while (arrivals.length < 2 && Date.now() - started < 10_000) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const events = text.split('\n\n').filter((block) => block.includes('event: status')).length;
      while (arrivals.length < events) arrivals.push(Date.now() - started);
    }
    await reader.cancel();
    expect(arrivals.length, 'two status events').to.equal(2);
    expect(arrivals[0], 'first event (ms)').to.be.lessThan(1_500);
    // A buffering proxy holds small events until its buffer fills: many seconds at this size.
    expect(arrivals[1]! - arrivals[0]!, 'between pushes (ms)').to.be.lessThan(pushMs * 2.5);
  });

  it("shows the store's name and id, the link offline with a word and a shape, and the box's figures", async () => {
    page = await openStatus();
    await waitStream(page, 'live');
    const api = await apiStatus();
    expect(await page.getByTestId('store-name').innerText()).to.equal(catalog.settings.storeName);
    expect(await page.getByTestId('store-id').innerText()).to.contain(box.storeId);
    const badge = page.getByTestId('link');
    expect(await badge.getAttribute('data-link')).to.equal('down');
    expect((await badge.innerText()).toUpperCase()).to.contain('OFFLINE');
    expect(await badge.locator('.icon').innerText()).to.equal('✕');
    expect(await tileValue(page, 'internet')).to.equal('No connection');
    expect(await tileValue(page, 'pending')).to.equal(String(api.pendingUpload));
    expect(await tileValue(page, 'last-sync'), 'no receipt from central on a box without a hub').to.equal('Not yet');
    expect(await tileValue(page, 'database')).to.match(/^\d+(\.\d)? MB$/);
    expect(await tileValue(page, 'sync-errors'), 'a box without a hub runs no uplink').to.equal('Unknown');
    expect(await tileValue(page, 'uptime')).to.match(/\d+ (second|minute)s?/);
    expect(await tileValue(page, 'offline-cards'), 'no card approved offline on this box').to.equal(String(api.offlineCardsPending));
    expect(await page.locator('[data-testid=connection] .label').innerText()).to.equal('Live');
    await shot(page, 'status-offline-en');
  });

  it('counts a new order as waiting to upload within a push or two', async () => {
    const before = (await apiStatus()).pendingUpload!;
    await placeOrder();
    await waitTile(page, 'pending', String(before + 1), pushMs * 5);
    expect(await page.locator('[data-testid=pending]').getAttribute('data-level'), 'orders waiting behind a cut link').to.equal('warn');
    const uptime = await tileValue(page, 'uptime');
    await page.waitForFunction((previous) => document.querySelector('[data-testid=uptime] [data-role=value]')?.textContent !== previous, uptime, { timeout: 5_000 });
    await shot(page, 'status-order-waiting');
  });

  it('falls back to polling when the stream is blocked, and says so', async () => {
    const blocked = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await blocked.route('**/api/sync/status/stream', (route) => route.abort());
    await blocked.goto(`${box.gatewayUrl}/status/?lang=en`);
    await waitStream(blocked, 'polling');
    expect(await blocked.locator('[data-testid=connection] .label').innerText()).to.equal('Updating every 5 s');
    const before = Number(await tileValue(blocked, 'pending'));
    await placeOrder();
    await waitTile(blocked, 'pending', String(before + 1), 12_000);
    await shot(blocked, 'status-polling');
    await blocked.context().close();
  });

  it('says when the box cannot be reached, keeps the last figures with their age, and goes live again', async () => {
    await box.stopService('sync');
    await waitStream(page, 'offline');
    const stale = await page.getByRole('alert').innerText();
    expect(stale).to.match(/^The page cannot reach the store box: these figures are \d+ seconds? old\.$/);
    const uptime = await tileValue(page, 'uptime');
    await page.waitForTimeout(1_500);
    expect(await tileValue(page, 'uptime'), 'the running time of a box out of reach does not tick on').to.equal(uptime);
    expect(await tileValue(page, 'pending')).to.match(/^\d+$/);
    await shot(page, 'status-box-unreachable');
    await box.startService('sync');
    await waitStream(page, 'live', 30_000);
    expect(await page.getByRole('alert').count()).to.equal(0);
  });

  it('speaks Indonesian, by link or by the language button, and fits a phone', async () => {
    const phone = await openStatus('?lang=id', { width: 390, height: 844 });
    await waitStream(phone, 'live');
    expect(await phone.locator('[data-testid=pending] h2').innerText()).to.contain('Menunggu dikirim');
    expect(await tileValue(phone, 'internet')).to.equal('Tidak ada koneksi');
    expect(await phone.locator('[data-testid=connection] .label').innerText()).to.equal('Langsung');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling').to.equal(true);
    await shot(phone, 'status-phone-id');
    await phone.getByTestId('language').click();
    expect(await phone.locator('[data-testid=pending] h2').innerText()).to.contain('Waiting to upload');
    await phone.context().close();
  });
});
