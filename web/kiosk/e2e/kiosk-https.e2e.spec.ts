/**
 * The store LAN as it really is: tablets reach the box by a host name, not localhost, so the kiosk's offline
 * shell (a service worker) exists only over HTTPS. Headless Chromium maps kiosk.store.test to the box and trusts
 * the certificate the box's own CA issued (pinned by its public key, as an enrolled tablet trusts the CA); the
 * kiosk installs its service worker, loses the network, still takes an order, and the order reaches the kitchen
 * display once the network is back. Every page of the store also runs under the gateway's Content-Security-Policy
 * here, and no violation may be reported.
 */
import { expect } from 'chai';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStoreBox } from '@kiosk/stack';
import type { CatalogView, OrderView, ProductView } from '@kiosk/contracts/api';

type StoreBox = Awaited<ReturnType<typeof startStoreBox>>;

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const lanHost = 'kiosk.store.test';

/** What Chromium pins: base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

describe('kiosk over HTTPS on a store LAN host name, in Chromium', function () {
  this.timeout(240_000);

  let box: StoreBox;
  let browser: Browser;
  let origin: string;
  let catalog: CatalogView;
  /** Every CSP violation any page reported (event or console), as `page: directive blocked-uri`. */
  const violations: string[] = [];

  before(async function () {
    this.timeout(600_000);
    mkdirSync(artifacts, { recursive: true });
    box = await startStoreBox({ build: true, tlsNames: [lanHost] });
    origin = `https://${lanHost}:${box.ports.gatewayTls}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        `--host-resolver-rules=MAP ${lanHost} 127.0.0.1`,
        `--ignore-certificate-errors-spki-list=${spkiHash(readFileSync(box.tls.certFile, 'utf8'))}`,
      ],
    });
    catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await box?.stop();
  });

  /** A context whose pages record CSP violations under `label`. */
  async function watchedContext(label: string, viewport = { width: 800, height: 1280 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    await context.exposeBinding('reportCspViolation', (_source, text: string) => { violations.push(`${label}: ${text}`); });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        void (window as unknown as { reportCspViolation(t: string): Promise<void> }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    context.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(`${label}: ${msg.text()}`); });
    return context;
  }

  async function order(page: Page, product: ProductView): Promise<void> {
    await page.getByTestId('mode-takeaway').click();
    await page.getByTestId(`category-${product.categoryId}`).click();
    await page.getByTestId(`product-${product.id}`).locator('button.open').click();
    await page.getByTestId('add-to-order').waitFor();
    for (const group of product.optionGroups.filter((g) => g.min >= 1)) {
      await page.getByTestId(`option-${group.options.filter((o) => o.available).at(-1)!.id}`).click();
    }
    await page.getByTestId('add-to-order').click();
    await page.getByTestId('view-cart').click();
    await page.getByTestId('to-checkout').click();
    await page.getByTestId('customer-name').fill('Lan');
    await page.getByTestId('pay').click(); // card, the default: offline, the kiosk falls back to the counter
  }

  it('installs the service worker over HTTPS, takes an order offline and delivers it to the kitchen display later', async function () {
    const context = await watchedContext('kiosk');
    const page = await context.newPage();
    await page.goto(`${origin}/kiosk/`);
    expect(page.url()).to.match(/^https:\/\/kiosk\.store\.test:/);
    await page.locator('[data-testid=mode-takeaway]:enabled').waitFor();
    expect(await page.evaluate(() => window.isSecureContext)).to.equal(true);
    // The shell is offline-ready once the worker controls the page (clientsClaim: on the first visit).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await page.evaluate(() => {
      const settings = JSON.parse(localStorage.getItem('kiosk.settings.v1') ?? '{}') as Record<string, unknown>;
      localStorage.setItem('kiosk.settings.v1', JSON.stringify({ ...settings, confirmationSeconds: 180 }));
    });

    await context.setOffline(true);
    await page.reload(); // served by the service worker: the network is gone
    await page.locator('[data-testid=mode-takeaway]:enabled').waitFor({ timeout: 30_000 });
    const product = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0 || g.options.some((o) => o.available)))!;
    await order(page, product);
    const confirmation = page.getByTestId('confirmation');
    await confirmation.waitFor({ timeout: 30_000 });
    expect(await confirmation.getAttribute('data-provisional')).to.equal('true');
    expect(await page.getByTestId('status').getAttribute('data-queued')).to.equal('1');
    await page.screenshot({ path: `${artifacts}30-https-offline-confirmation.png` });
    const globalId = (await confirmation.getAttribute('data-global-id'))!;
    expect((await fetch(`${box.gatewayUrl}/api/orders/${globalId}`)).status, 'nothing reached the box yet').to.equal(404);

    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.getAttribute('data-queued') === '0', undefined, { timeout: 90_000, polling: 250 });
    const placed = (await (await fetch(`${box.gatewayUrl}/api/orders/${globalId}`)).json()) as OrderView;
    expect(placed.customerName).to.equal('Lan');

    // A kitchen display on the same host name, paired over HTTPS, shows the order's ticket (socket.io over wss).
    const kitchen = await (await watchedContext('kitchen', { width: 1280, height: 800 })).newPage();
    await kitchen.goto(`${origin}/kitchen/`);
    await kitchen.fill('[data-testid=pairing] input[name=displayName]', 'https display');
    await kitchen.fill('[data-testid=pairing] input[name=pin]', '1234');
    await kitchen.click('[data-testid=pairing] button[type=submit]');
    await kitchen.waitForSelector('[data-stream=live]', { timeout: 30_000 });
    await kitchen.locator(`[data-testid=rail] article[data-order-number="${placed.orderNumber}"]`).waitFor({ timeout: 30_000 });
    await kitchen.screenshot({ path: `${artifacts}31-https-kitchen.png` });
  });

  it('runs the pickup board and the status page under the gateway CSP without a single violation', async function () {
    const context = await watchedContext('board', { width: 1280, height: 800 });
    const board = await context.newPage();
    await board.goto(`${origin}/pickup/?lang=en`);
    await board.waitForSelector('[data-stream=live]', { timeout: 30_000 });
    const status = await context.newPage();
    await status.goto(`${origin}/status/?lang=en`);
    await status.waitForSelector('[data-stream=live]', { timeout: 30_000 });
    // The kiosk, kitchen display (previous test), pickup board and status page: none may have been blocked.
    expect(violations).to.deep.equal([]);
  });
});
