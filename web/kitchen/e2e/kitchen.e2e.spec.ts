/**
 * End to end, against a real store box (Postgres, Redis, NATS, the services and nginx): two kitchen displays
 * and the pickup board in separate browser contexts of headless Chromium, orders placed the way a kiosk does.
 * Screenshots land in web/kitchen/test-artifacts/ (git-ignored) for a person to look at.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStoreBox } from '@kiosk/stack';
import type { CatalogView, OrderView, PairDeviceView, PlaceOrderRequest, ProductView, TicketsView } from '@kiosk/contracts/api';

type StoreBox = Awaited<ReturnType<typeof startStoreBox>>;

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

describe('kitchen display and pickup board in Chromium', function () {
  this.timeout(240_000);

  let box: StoreBox;
  let browser: Browser;
  let displayA: Page;
  let displayB: Page;
  let board: Page;
  let catalog: CatalogView;
  let apiToken: string;
  const placed: OrderView[] = [];

  before(async function () {
    this.timeout(600_000);
    mkdirSync(artifacts, { recursive: true });
    box = await startStoreBox({ build: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    catalog = (await getJson('/api/catalog')) as CatalogView;
    apiToken = (await pairByHttp()).token;
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

  /** Scripts pair exactly like the display does. */
  async function pairByHttp(): Promise<PairDeviceView> {
    const res = await fetch(`${box.gatewayUrl}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '1234', name: 'e2e script', role: 'kitchen' }),
    });
    expect(res.status).to.equal(201);
    return (await res.json()) as PairDeviceView;
  }

  /** The options a product needs to be orderable: the first `min` of each required group. */
  function requiredOptions(product: ProductView): string[] {
    return product.optionGroups.flatMap((g) => g.options.filter((o) => o.available).slice(0, g.min).map((o) => o.id));
  }

  /** The first available product (display B's station) and one from another station, so B sees part of it. */
  function orderLines(): PlaceOrderRequest['lines'] {
    const products = catalog.products.filter((p) => p.available);
    const anchor = products[0];
    if (!anchor) throw new Error('the demo menu has no available product');
    const other = products.find((p) => p.station !== anchor.station) ?? anchor;
    return [anchor, other].map((p, i) => ({ productId: p.id, quantity: i + 1, optionIds: requiredOptions(p) }));
  }

  async function placeOrder(customerName: string): Promise<OrderView> {
    const body: PlaceOrderRequest = {
      globalId: randomUUID(), kioskId: 'e2e-kiosk', mode: 'takeaway', customerName, lines: orderLines(), payment: { method: 'card' },
    };
    const res = await fetch(`${box.gatewayUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).to.equal(201);
    const order = (await res.json()) as OrderView;
    placed.push(order);
    return order;
  }

  async function openKitchen(name: string, query = ''): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${box.gatewayUrl}/kitchen/${query}`);
    await page.fill('[data-testid=pairing] input[name=displayName]', name);
    await page.fill('[data-testid=pairing] input[name=pin]', '1234');
    await page.click('[data-testid=pairing] button[type=submit]');
    await waitLive(page);
    return page;
  }

  async function openBoard(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${box.gatewayUrl}/pickup/?lang=en`);
    await waitLive(page);
    return page;
  }

  const waitLive = (page: Page) => page.waitForSelector('[data-stream=live]', { timeout: 30_000 });
  const card = (page: Page, number: string) => page.locator(`[data-testid=rail] article[data-order-number="${number}"]`);
  const boardEntry = (column: 'preparing' | 'ready', number: string) => board.locator(`[data-testid=${column}] li[data-order-number="${number}"]`);

  /** Waits until the card shows `status` and no request of this display is in flight for it. */
  async function waitStatus(page: Page, number: string, status: string): Promise<void> {
    await card(page, number).and(page.locator(`[data-status=${status}]:not(.busy)`)).waitFor({ timeout: 15_000 });
  }

  /** What the rail shows: order number and status of each card, in rail order. */
  function rail(page: Page): Promise<string[]> {
    return page.$$eval('[data-testid=rail] article', (cards) => cards.map((c) => `${(c as HTMLElement).dataset.orderNumber}:${(c as HTMLElement).dataset.status}`));
  }

  /** The server's open tickets, oldest first, in the same `number:status` form. */
  async function serverRail(): Promise<string[]> {
    const { tickets } = (await getJson('/api/kitchen/tickets', apiToken)) as TicketsView;
    return tickets
      .filter((t) => ['new', 'preparing', 'ready'].includes(t.status))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .map((t) => `${t.orderNumber}:${t.status}`);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png` });

  // ---------------------------------------------------------------- scenario

  it('refuses a wrong staff PIN on the pairing screen', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${box.gatewayUrl}/kitchen/`);
    await page.fill('[data-testid=pairing] input[name=pin]', '0000');
    await page.click('[data-testid=pairing] button[type=submit]');
    await page.getByRole('alert').waitFor();
    expect(await page.locator('[data-testid=rail]').count()).to.equal(0);
    await page.context().close();
  });

  it('shows a new order on two kitchen displays and on the pickup board', async () => {
    const firstStation = catalog.products.find((p) => p.available)?.station ?? '';
    [displayA, displayB, board] = await Promise.all([openKitchen('Expo'), openKitchen('Station', `?stations=${firstStation}`), openBoard()]);
    const order = await placeOrder('Budi');

    await Promise.all([card(displayA, order.orderNumber).waitFor(), card(displayB, order.orderNumber).waitFor(), boardEntry('preparing', order.orderNumber).waitFor()]);
    expect(await card(displayA, order.orderNumber).textContent()).to.contain('Budi');
    expect(await displayB.getByTestId('stations').textContent()).to.contain(firstStation);
    await Promise.all([shot(displayA, 'kitchen-a-new-order'), shot(displayB, 'kitchen-b-station'), shot(board, 'pickup-preparing')]);
  });

  it('moves a bump on one display to the other display and the number to Ready on the board', async () => {
    const { orderNumber } = placed[0]!;
    await displayA.keyboard.press('1'); // bump bar: select the first ticket
    await displayA.keyboard.press('Enter'); // new -> preparing
    await Promise.all([waitStatus(displayA, orderNumber, 'preparing'), waitStatus(displayB, orderNumber, 'preparing')]);
    await displayA.keyboard.press('Enter'); // preparing -> ready
    await Promise.all([waitStatus(displayB, orderNumber, 'ready'), boardEntry('ready', orderNumber).waitFor()]);
    expect(await boardEntry('preparing', orderNumber).count()).to.equal(0);
    expect(await board.locator(`[data-testid=ready] li.fresh[data-order-number="${orderNumber}"]`).count()).to.equal(1);
    await Promise.all([shot(displayB, 'kitchen-b-after-bump-on-a'), shot(board, 'pickup-ready')]);

    await card(displayB, orderNumber).getByRole('button', { name: 'Bump' }).click(); // ready -> served
    await Promise.all([card(displayA, orderNumber).waitFor({ state: 'detached' }), boardEntry('ready', orderNumber).waitFor({ state: 'detached' })]);
    await displayA.getByTestId('recall').and(displayA.locator(':not([disabled])')).waitFor();
  });

  it('lets the server decide when two displays act on the same ticket, and shows the loser the current state', async () => {
    const order = await placeOrder('Siti');
    await Promise.all([card(displayA, order.orderNumber).waitFor(), card(displayB, order.orderNumber).waitFor()]);
    // Hold B's request until A's start has committed, so B's expectedVersion is stale for certain.
    let release!: () => void;
    const aCommitted = new Promise<void>((resolve) => (release = resolve));
    await displayB.route('**/api/kitchen/tickets/*/start', async (route) => {
      await aCommitted;
      await route.continue();
    });
    await card(displayB, order.orderNumber).getByRole('button', { name: 'Start' }).click();
    await card(displayA, order.orderNumber).getByRole('button', { name: 'Start' }).click();
    await waitStatus(displayA, order.orderNumber, 'preparing');
    release();

    await displayB.locator('[data-testid=notice].conflict').waitFor();
    await waitStatus(displayB, order.orderNumber, 'preparing');
    await shot(displayB, 'kitchen-b-conflict');
    const { tickets } = (await getJson('/api/kitchen/tickets', apiToken)) as TicketsView;
    expect(tickets.find((t) => t.orderNumber === order.orderNumber)?.status).to.equal('preparing');
    await displayB.unroute('**/api/kitchen/tickets/*/start');
  });

  it('shows the server state again after a display was unplugged while another one worked', async () => {
    const { orderNumber } = placed[1]!;
    await displayB.context().setOffline(true);
    await displayB.locator('[data-stream=offline]').waitFor();
    await card(displayA, orderNumber).getByRole('button', { name: 'Ready' }).click();
    await waitStatus(displayA, orderNumber, 'ready');
    await displayB.context().setOffline(false);
    await waitLive(displayB);
    await waitStatus(displayB, orderNumber, 'ready');
  });

  it('reconnects every screen after the kitchen service restarts and shows the same state as the server', async () => {
    const before = await serverRail();
    await box.stopService('kitchen');
    await Promise.all([displayA, displayB, board].map((p) => p.locator('[data-stream=offline]').waitFor({ timeout: 20_000 })));
    await shot(displayA, 'kitchen-a-offline');
    const duringOutage = await placeOrder('Andi'); // reaches the kitchen through JetStream once it is back

    await box.startService('kitchen');
    await Promise.all([displayA, displayB, board].map(waitLive));
    await Promise.all([card(displayA, duringOutage.orderNumber).waitFor(), boardEntry('preparing', duringOutage.orderNumber).waitFor()]);
    const after = await serverRail();
    expect(after).to.deep.equal([...before, `${duringOutage.orderNumber}:new`]);
    expect(await rail(displayA)).to.deep.equal(after);
    expect((await rail(displayB)).every((entry) => after.includes(entry))).to.equal(true);
    expect(await board.locator('[data-testid=ready] li').count()).to.equal(after.filter((e) => e.endsWith(':ready')).length);
    await Promise.all([shot(displayA, 'kitchen-a-after-restart'), shot(displayB, 'kitchen-b-after-restart'), shot(board, 'pickup-after-restart')]);
  });

  it('lets a manager revoke a lost display from the settings, and sends that display back to pairing', async () => {
    const lost = await openKitchen('lost tablet');
    const lostId = await lost.evaluate(() => localStorage.getItem('kds.deviceId'));
    expect(lostId, 'the display keeps its device id').to.be.a('string');

    await displayA.click('[data-testid=open-settings]');
    await displayA.locator(`[data-testid=revoke-${lostId}]`).click();
    const dialog = displayA.locator('[data-testid=revoke-dialog]');
    for (const digit of '4321') await dialog.getByRole('button', { name: digit, exact: true }).click();
    await shot(displayA, 'kitchen-revoke-device');
    await displayA.click('[data-testid=revoke-confirm]');
    await displayA.locator(`[data-testid=device-${lostId}]`).waitFor({ state: 'detached', timeout: 15_000 });
    await displayA.keyboard.press('Escape');

    await lost.locator('[data-testid=pairing]').waitFor({ timeout: 20_000 });
    await shot(lost, 'kitchen-revoked-display');
    const res = await fetch(`${box.gatewayUrl}/api/devices`, { headers: { authorization: `Bearer ${apiToken}` } });
    const { devices } = (await res.json()) as { devices: { id: string }[] };
    expect(devices.map((d) => d.id)).to.not.include(lostId);
    await lost.context().close();
  });
});
