/**
 * End to end, against a real store box (Postgres, Redis, NATS, the services and nginx serving the built kiosk):
 * a customer orders in headless Chromium the way they would on the tablet, online and with the order service
 * down. Screenshots of every step land in web/kiosk/test-artifacts/ (git-ignored) for a person to look at.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStoreBox } from '@kiosk/stack';
import type { CatalogView, OrderMode, OrderView, PairDeviceView, ProductView, TicketsView } from '@kiosk/contracts/api';

type StoreBox = Awaited<ReturnType<typeof startStoreBox>>;

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const portrait = { width: 800, height: 1280 };
const landscape = { width: 1280, height: 800 };

/** The order service's pricing rule, written out independently of the kiosk's own implementation. */
function expectedTotal(catalog: CatalogView, mode: OrderMode, lines: { product: ProductView; optionIds: string[]; quantity: number }[]): number {
  const subtotal = lines.reduce((sum, { product, optionIds, quantity }) => {
    const deltas = product.optionGroups.flatMap((g) => g.options).filter((o) => optionIds.includes(o.id)).reduce((s, o) => s + o.priceDelta, 0);
    return sum + (product.price + deltas) * quantity;
  }, 0);
  const service = mode === 'dine_in' ? Math.round((subtotal * catalog.settings.serviceChargeBps) / 10_000) : 0;
  const tax = Math.round(((subtotal + service) * catalog.settings.taxRateBps) / 10_000);
  return subtotal + service + tax;
}

describe('self-order kiosk in Chromium', function () {
  this.timeout(240_000);

  let box: StoreBox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let catalog: CatalogView;

  before(async function () {
    this.timeout(600_000);
    mkdirSync(artifacts, { recursive: true });
    // A terminal that takes a moment, like a real one, so the "follow the terminal" screen is seen.
    box = await startStoreBox({ build: true, env: { PAYMENT_SIM_DELAY_MS: '1500' } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    catalog = (await getJson('/api/catalog')) as CatalogView;
    context = await browser.newContext({ viewport: portrait });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('kiosk page error:', error.message));
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await box?.stop();
  });

  // ---------------------------------------------------------------- helpers

  async function getJson(path: string, token?: string): Promise<unknown> {
    const res = await fetch(`${box.gatewayUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status, `GET ${path}`).to.equal(200);
    return res.json();
  }

  async function shot(name: string, target: Page = page): Promise<void> {
    await target.waitForTimeout(250); // let transitions settle so the picture shows what a customer sees
    await target.screenshot({ path: `${artifacts}${name}.png` });
  }

  /** Products whose option groups include a priced choice: what "two products with options" needs. */
  function productsWithOptions(): ProductView[] {
    return catalog.products.filter((p) => p.available && p.optionGroups.some((g) => g.options.some((o) => o.priceDelta > 0 && o.available)));
  }

  /** Opens a product from its category, picks options on screen and returns what was chosen. */
  async function orderProduct(product: ProductView, quantity: number, screenshot?: string): Promise<{ product: ProductView; optionIds: string[]; quantity: number }> {
    await page.getByTestId(`category-${product.categoryId}`).click();
    await page.getByTestId(`product-${product.id}`).locator('button.open').click();
    await page.getByTestId('add-to-order').waitFor();
    const optionIds: string[] = [];
    for (const group of product.optionGroups) {
      const available = group.options.filter((o) => o.available);
      // required single choices: take the last one (not the preselected first); optional: one priced extra
      const pick = group.min >= 1 ? available.at(-1) : available.find((o) => o.priceDelta > 0);
      if (!pick) continue;
      await page.getByTestId(`option-${pick.id}`).click();
      optionIds.push(pick.id);
    }
    for (let i = 1; i < quantity; i++) await page.getByTestId('qty-plus').click();
    if (screenshot) await shot(screenshot);
    await page.getByTestId('add-to-order').click();
    await page.getByTestId('view-cart').waitFor();
    return { product, optionIds, quantity };
  }

  async function unlockSettings(): Promise<void> {
    await page.getByTestId('status').click();
    for (const digit of '1234') await page.getByTestId(`pin-${digit}`).click();
    await page.getByTestId('pin-enter').click();
    await page.getByTestId('save-settings').waitFor();
  }

  /** What the simulated card terminal beside this kiosk answers: the order service's control, off the gateway. */
  async function steerTerminal(outcome: 'approve' | 'decline'): Promise<void> {
    const res = await fetch(`${box.serviceUrl('order')}/internal/payment-simulator`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome, terminalId: 'kiosk-1' }),
    });
    expect(res.status, 'payment simulator control').to.equal(200);
  }

  let kitchenToken: string | null = null;
  /** A paired kitchen screen's token (paired once: the box throttles PIN use). */
  async function staffToken(): Promise<string> {
    if (kitchenToken) return kitchenToken;
    const res = await fetch(`${box.gatewayUrl}/api/devices/pair`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '1234', name: 'kiosk e2e', role: 'kitchen' }),
    });
    kitchenToken = ((await res.json()) as PairDeviceView).token;
    return kitchenToken;
  }

  async function ticketsFor(globalId: string): Promise<number> {
    const { tickets } = (await getJson('/api/kitchen/tickets', await staffToken())) as TicketsView;
    return tickets.filter((t) => t.globalId === globalId).length;
  }

  async function waitForValue<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  // ---------------------------------------------------------------- scenarios

  it('lets a customer order two products with options, pay by card and see the number the server holds', async function () {
    await page.goto(`${box.gatewayUrl}/kiosk/`);
    await page.locator('[data-testid=mode-dine_in]:enabled').waitFor();

    // Staff settings open only once the box checked the PIN.
    await unlockSettings();
    await shot('00-staff-settings');
    await page.getByTestId('leave-settings').click();
    // The box's test-only control (never the kiosk) makes this kiosk's simulated card decline once.
    await steerTerminal('decline');

    await page.getByTestId('lang-en').click();
    await shot('01-welcome');
    await page.getByTestId('mode-dine_in').click();
    await page.getByTestId('view-cart').waitFor();
    await shot('02-menu');

    const [first, second] = productsWithOptions().filter((p, i, all) => all.findIndex((q) => q.categoryId === p.categoryId) === i);
    expect(first, 'the demo menu has products with priced options in two categories').to.not.equal(undefined);
    const lines = [await orderProduct(first!, 1, '03-product-options'), await orderProduct(second!, 2)];
    await shot('04-menu-with-order');

    await page.getByTestId('view-cart').click();
    await page.getByTestId('to-checkout').waitFor();
    await shot('05-cart');
    const shownTotal = Number(await page.getByTestId('total').getAttribute('data-minor'));
    const total = expectedTotal(catalog, 'dine_in', lines);
    expect(shownTotal, 'total shown in the cart').to.equal(total);

    await page.getByTestId('to-checkout').click();
    await page.getByTestId('customer-name').fill('Budi');
    await page.getByTestId('method-card').click();
    await shot('06-checkout');

    await page.getByTestId('pay').click();
    await page.getByTestId('payment-terminal').waitFor();
    await shot('07-terminal');
    const failed = page.getByTestId('payment-failed');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.getAttribute('data-reason')).to.equal('declined');
    await shot('08-declined');

    await steerTerminal('approve');
    await page.getByTestId('retry-card').click();
    const confirmation = page.getByTestId('confirmation');
    await confirmation.waitFor({ timeout: 30_000 });
    await shot('09-confirmation-paid');

    const globalId = (await confirmation.getAttribute('data-global-id'))!;
    const shownNumber = (await page.getByTestId('order-number').textContent())!.trim();
    expect(await confirmation.getAttribute('data-provisional')).to.equal('false');
    const order = (await getJson(`/api/orders/${globalId}`)) as OrderView;
    expect(order.orderNumber).to.equal(shownNumber);
    expect(order.total).to.equal(total);
    expect(order.status).to.equal('paid');
    expect(order.payment).to.include({ method: 'card', status: 'approved' });
    expect(order.customerName).to.equal('Budi');
    expect(order.lines.map((l) => [l.productId, l.quantity, l.options.map((o) => o.id).sort()])).to.deep.equal(
      lines.map((l) => [l.product.id, l.quantity, [...l.optionIds].sort()]),
    );
  });

  it('flags a cart line whose product sold out meanwhile, then clears an abandoned cart after asking', async function () {
    const product = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!;
    await page.goto(`${box.gatewayUrl}/kiosk/`);
    await page.locator('[data-testid=mode-takeaway]:enabled').waitFor();
    await unlockSettings();
    await page.getByTestId('idle-seconds').fill('15');
    await page.getByTestId('prompt-seconds').fill('5');
    await page.getByTestId('save-settings').click();
    await page.getByTestId('leave-settings').click();

    await page.getByTestId('mode-takeaway').click();
    await page.getByTestId(`category-${product.categoryId}`).click();
    await page.getByTestId(`quick-add-${product.id}`).click();
    await page.getByTestId('view-cart').click();
    await page.getByTestId('to-checkout').waitFor();
    expect(await page.getByTestId('to-checkout').isDisabled()).to.equal(false);

    const markSoldOut = async (available: boolean) => fetch(`${box.gatewayUrl}/api/catalog/availability`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await staffToken()}` },
      body: JSON.stringify({ productId: product.id, available }),
    });
    try {
      expect((await markSoldOut(false)).status).to.equal(202);
      // the kiosk polls the catalog (ETag) every 10 s: no reload, the open cart learns it
      await page.getByTestId('cart-blocked').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('to-checkout').isDisabled()).to.equal(true);
      await shot('13-sold-out-flagged');

      await page.getByTestId('idle-prompt').waitFor({ state: 'visible', timeout: 30_000 });
      await shot('14-idle-prompt');
      await page.locator('[data-testid=mode-takeaway]:enabled').waitFor({ timeout: 15_000 });
      await page.getByTestId('mode-takeaway').click();
      expect(await page.getByTestId('view-cart').getAttribute('aria-disabled'), 'the cart was cleared').to.equal('true');
    } finally {
      await markSoldOut(true);
      await page.evaluate(() => {
        const settings = JSON.parse(localStorage.getItem('kiosk.settings.v1') ?? '{}') as Record<string, unknown>;
        localStorage.setItem('kiosk.settings.v1', JSON.stringify({ ...settings, idleSeconds: 60, promptSeconds: 20 }));
      });
    }
  });

  it('keeps an order placed while the order service is down and delivers it exactly once after a reload', async function () {
    await page.goto(`${box.gatewayUrl}/kiosk/`);
    // keep the confirmation on screen long enough to watch the queued order get its real number
    await page.evaluate(() => {
      const settings = JSON.parse(localStorage.getItem('kiosk.settings.v1') ?? '{}') as Record<string, unknown>;
      localStorage.setItem('kiosk.settings.v1', JSON.stringify({ ...settings, confirmationSeconds: 180 }));
    });
    await page.reload();
    await page.locator('[data-testid=mode-takeaway]:enabled').waitFor();
    await box.stopService('order');

    await page.getByTestId('mode-takeaway').click();
    const product = productsWithOptions()[0]!;
    const line = await orderProduct(product, 1);
    await page.getByTestId('view-cart').click();
    await page.getByTestId('to-checkout').click();
    await page.getByTestId('customer-name').fill('Sari');
    await page.getByTestId('pay').click(); // card, the default: the kiosk falls back to the counter

    const confirmation = page.getByTestId('confirmation');
    await confirmation.waitFor({ timeout: 30_000 });
    expect(await confirmation.getAttribute('data-provisional')).to.equal('true');
    await page.getByTestId('pay-at-counter').waitFor();
    const status = page.getByTestId('status');
    expect(await status.getAttribute('data-queued')).to.equal('1');
    expect(await status.getAttribute('data-online')).to.equal('false');
    await shot('10-offline-confirmation');
    const globalId = (await confirmation.getAttribute('data-global-id'))!;

    // A reload (or a restart of the tablet) must not lose the queued order.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.getAttribute('data-queued') === '1');
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.getAttribute('data-online') === 'false');
    await shot('11-after-reload');
    expect((await fetch(`${box.gatewayUrl}/api/orders/${globalId}`)).status, 'nothing reached the server yet').to.not.equal(200);

    await box.startService('order');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.getAttribute('data-queued') === '0',
      undefined,
      { timeout: 90_000, polling: 250 },
    );
    // the confirmation still on screen now shows the number the server assigned
    await page.getByTestId('was-provisional').waitFor({ timeout: 10_000 });
    await shot('12-queue-drained');

    const order = (await getJson(`/api/orders/${globalId}`)) as OrderView;
    expect((await page.getByTestId('order-number').textContent())!.trim()).to.equal(order.orderNumber);
    expect(order.total).to.equal(expectedTotal(catalog, 'takeaway', [line]));
    expect(order.status).to.equal('awaiting_payment');
    expect(order.payment.method).to.equal('cash');
    expect(order.customerName).to.equal('Sari');
    const tickets = await waitForValue('kitchen tickets of the queued order', () => ticketsFor(globalId), (n) => n >= 1, 20_000);
    expect(tickets, 'one kitchen ticket: the order exists exactly once').to.equal(1);

    // Another reload finds nothing left to send, and the server still holds the same single order.
    await page.reload();
    await page.getByTestId('status').waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('status').getAttribute('data-queued')).to.equal('0');
    expect(((await getJson(`/api/orders/${globalId}`)) as OrderView).orderNumber).to.equal(order.orderNumber);
    expect(await ticketsFor(globalId)).to.equal(1);
  });

  it('looks right on a 10-inch tablet in portrait and landscape, and in high contrast', async function () {
    for (const [name, viewport] of [['portrait', portrait], ['landscape', landscape]] as const) {
      const tablet = await browser.newPage({ viewport });
      await tablet.goto(`${box.gatewayUrl}/kiosk/`);
      await tablet.locator('[data-testid=mode-dine_in]:enabled').waitFor();
      await shot(`20-${name}-welcome`, tablet);
      await tablet.getByTestId('mode-dine_in').click();
      const product = productsWithOptions()[0]!;
      await tablet.getByTestId(`category-${product.categoryId}`).click();
      await tablet.getByTestId(`product-${product.id}`).locator('button.open').click();
      await tablet.getByTestId('add-to-order').waitFor();
      await shot(`21-${name}-product`, tablet);
      await tablet.getByTestId('add-to-order').click();
      await tablet.getByTestId('view-cart').waitFor();
      await shot(`22-${name}-menu`, tablet);
      if (name === 'landscape') {
        await tablet.getByTestId('contrast').click();
        expect(await tablet.evaluate(() => document.documentElement.classList.contains('hc'))).to.equal(true);
        await tablet.getByTestId('view-cart').click();
        await tablet.getByTestId('to-checkout').waitFor();
        await shot('23-landscape-cart-high-contrast', tablet);
      }
      // every control a finger uses is at least 48 px in both directions
      const small = await tablet.$$eval('button, a.btn, [role="button"]', (els) =>
        els.filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.width < 48 || r.height < 48);
        }).map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(small, `touch targets below 48 px (${name})`).to.deep.equal([]);
      await tablet.close();
    }
  });
});
