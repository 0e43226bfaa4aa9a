/**
 * End to end: central (hub, Postgres, ingest, gateway) and store s1 attached as a leaf node, the counter screen
 * and a kitchen display in headless Chromium. A pay-at-counter order placed through the store API is settled in
 * cash at /counter/ (change shown), its ticket's mark turns paid on the display, and central's order is paid.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCentral, startStoreBox, type Central, type StoreBox } from '@kiosk/stack';
import type { CatalogView, CentralOrderView, OrderView, PlaceOrderRequest, ZReportView } from '@kiosk/contracts/api';

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

describe('counter: a pay-at-counter order settled in cash, paid on the kitchen display and at central (Chromium)', function () {
  this.timeout(300_000);
  let central: Central;
  let box: StoreBox;
  let browser: Browser;

  before(async function () {
    this.timeout(600_000);
    mkdirSync(artifacts, { recursive: true });
    central = await startCentral({ stores: ['s1'] });
    box = await startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), build: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await box?.stop();
    await central?.stop();
  });

  async function placeCashOrder(): Promise<OrderView> {
    const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
    const product = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!;
    const body: PlaceOrderRequest = {
      globalId: randomUUID(), kioskId: 'e2e-kiosk', mode: 'takeaway', customerName: 'Dewi', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' },
    };
    const res = await fetch(`${box.gatewayUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).to.equal(201);
    return (await res.json()) as OrderView;
  }

  async function pairedPage(path: string, name: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    await page.goto(`${box.gatewayUrl}${path}`);
    await page.fill('[data-testid=pairing] input[name=displayName]', name);
    await page.fill('[data-testid=pairing] input[name=pin]', '1234');
    await page.click('[data-testid=pairing] button[type=submit]');
    return page;
  }

  it('settles the order with cash at the counter, shows the change, marks the ticket paid and reaches central paid', async () => {
    const order = await placeCashOrder();
    const kitchen = await pairedPage('/kitchen/', 'e2e grill');
    const mark = kitchen.locator(`[data-testid=rail] article[data-order-number="${order.orderNumber}"] [data-testid=pay-mark]`);
    await mark.waitFor({ timeout: 30_000 });
    expect((await mark.textContent())?.trim().toLowerCase()).to.equal('unpaid');

    const counter = await pairedPage('/counter/', 'e2e till');
    // Cash goes into a drawer: open the shift with its float first.
    await counter.click('[data-testid=tab-drawer]');
    await counter.fill('[data-testid=float]', '200000');
    await counter.click('[data-testid=open-drawer]');
    await counter.waitForSelector('[data-testid=close-drawer]');
    await counter.click('[data-testid=tab-awaiting_payment]');
    await counter.fill('[data-testid=search]', order.orderNumber);
    await counter.click(`[data-testid="order-${order.orderNumber}"] button.pick`);
    await counter.waitForSelector('[data-testid=settle-panel]');
    const cashDue = Math.floor(order.total / 100) * 100; // the native stack's store rounds cash down to Rp 100
    const tendered = Math.ceil((cashDue + 1) / 50_000) * 50_000;
    await counter.fill('[data-testid=tendered]', String(tendered));
    const changeText = await counter.locator('[data-testid=change]').textContent();
    expect(changeText?.replace(/\D/g, '')).to.equal(String(tendered - cashDue));
    await counter.click('[data-testid=confirm-settle]');
    await counter.waitForSelector('[data-testid=settled], [data-testid=settle-panel] .error', { timeout: 15_000 });
    expect(await counter.locator('[data-testid=settle-panel] .error').count(), await counter.locator('[data-testid=settle-panel]').textContent() ?? '').to.equal(0);
    const settled = await counter.locator('[data-testid=settled]').textContent({ timeout: 15_000 });
    expect(settled?.replace(/\D/g, '')).to.equal(String(tendered - cashDue));
    await counter.screenshot({ path: `${artifacts}counter-settled.png` });

    await kitchen.locator(`[data-testid=rail] article[data-order-number="${order.orderNumber}"] [data-testid=pay-mark].paid`).waitFor({ timeout: 30_000 });
    await kitchen.screenshot({ path: `${artifacts}counter-kitchen-paid.png` });

    // Central's API is for the head office: signed in as the demo owner.
    const centralApi = await central.api();
    const deadline = Date.now() + 60_000;
    let atCentral: CentralOrderView | null = null;
    while (Date.now() < deadline) {
      const res = await centralApi(`/api/orders/${order.globalId}`);
      atCentral = res.ok ? ((await res.json()) as CentralOrderView) : null;
      if (atCentral?.payment?.status === 'approved') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(atCentral?.status).to.equal('paid');
    expect(atCentral?.payment).to.deep.include({ method: 'cash', status: 'approved', amount: cashDue });

    // Close the drawer and the day from the counter: the same Z report is read at the store and at central.
    await counter.click('[data-testid=tab-drawer]');
    await counter.fill('[data-testid=counted]', String(200_000 + cashDue));
    await counter.click('[data-testid=close-drawer]');
    expect(await counter.locator('[data-testid=over-short]').textContent({ timeout: 15_000 })).to.match(/Rp\s*0$/);
    await counter.click('[data-testid=close-day]');
    await counter.waitForSelector('[data-testid=z-report]', { timeout: 15_000 });
    const token = await counter.evaluate(() => localStorage.getItem('counter.deviceToken'));
    const atStore = (await (await fetch(`${box.gatewayUrl}/api/counter/z-reports/${order.businessDay}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ZReportView;
    expect(atStore).to.deep.include({ orders: 1, paidOrders: 1, grossSales: order.total, unpaidOrders: 0 });
    expect(atStore.byMethod.find((m) => m.method === 'cash')).to.deep.equal({ method: 'cash', count: 1, amount: cashDue });
    let centralReports: ZReportView[] = [];
    while (Date.now() < deadline + 60_000 && centralReports.length === 0) {
      const res = await centralApi(`/api/z-reports?storeId=s1&day=${order.businessDay}`);
      centralReports = res.ok ? ((await res.json()) as { zReports: ZReportView[] }).zReports : [];
      if (centralReports.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(centralReports).to.deep.equal([atStore]);
  });
});
