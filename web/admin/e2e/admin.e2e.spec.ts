/**
 * End to end, against a real central (hub, Postgres, central services, gateway) and two real store boxes
 * linked to it: head office signs in to /admin/ in headless Chromium, changes a price and a store's
 * availability, resolves a conflict and reads a report, and each effect is checked where it lands (a store's
 * kiosk API, central's API, the audit log). Screenshots go to web/admin/test-artifacts/ (git-ignored).
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebApps, catalogPathState, centralChangeAtStoreMs, linkDown, linkUp, startCentral, startStoreBox, type Central, type StoreBox } from '@kiosk/stack';
import type { CatalogView, CentralOrderView, OrderView, ProductView } from '@kiosk/contracts/api';
import { formatMoney } from '../src/lib/money.ts';
import { chromiumArgs, until } from './support.ts';

const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const owner = { username: 'owner', password: 'owner-demo' };

const text = (s: string) => s.replace(/\u00a0/g, ' ').trim();

describe('head office in Chromium: central admin app', function () {
  this.timeout(420_000);

  let central: Central;
  let s1: StoreBox;
  let s2: StoreBox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: APIRequestContext;
  let csrfToken = '';
  const placed: OrderView[] = [];
  let soldOutId = '';
  const clerk = `clerk${Date.now() % 100_000}`;

  before(async function () {
    this.timeout(900_000);
    mkdirSync(artifacts, { recursive: true });
    buildWebApps(); // before any server starts: the build blocks this process for a while
    central = await startCentral({ stores: ['s1', 's2'] });
    [s1, s2] = await Promise.all([
      startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1'), heartbeatMs: 1_000 }),
      startStoreBox({ storeId: 's2', hub: central.hub.leafFor('s2'), heartbeatMs: 1_000 }),
    ]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    api = context.request;
  });

  after(async function () {
    this.timeout(120_000);
    await browser?.close();
    await Promise.all([s1?.stop(), s2?.stop()]);
    await central?.stop();
  });

  // ---------------------------------------------------------------- helpers

  const adminUrl = (path = '') => `${central.gatewayUrl}/admin/${path}`;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });

  async function signIn(p: Page, username: string, password: string): Promise<void> {
    await p.goto(adminUrl('?lang=en'));
    await p.fill('[data-testid=sign-in] input[name=username]', username);
    await p.fill('[data-testid=sign-in] input[name=password]', password);
    await p.click('[data-testid=sign-in] button[type=submit]');
  }

  /** A write as the signed-in owner, through the browser context's session cookie and its CSRF token. */
  async function ownerWrite(method: 'POST' | 'PUT', path: string, body: unknown): Promise<number> {
    const res = await api.fetch(`${central.gatewayUrl}${path}`, { method, data: body, headers: { 'x-csrf-token': csrfToken } });
    return res.status();
  }

  async function ownerGet<T>(path: string): Promise<T> {
    const res = await api.get(`${central.gatewayUrl}${path}`);
    expect(res.status(), `GET ${path}: ${await res.text()}`).to.equal(200);
    return (await res.json()) as T;
  }

  async function storeCatalog(box: StoreBox): Promise<CatalogView> {
    return (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
  }

  /** Products of the store's demo menu that need no option, known at central too (central starts with none). */
  async function centralProducts(count: number): Promise<ProductView[]> {
    const simple = (p: ProductView) => p.available && p.optionGroups.every((g) => g.min === 0);
    let catalog = await storeCatalog(s1);
    await until('products without required options in the demo menu', async () => {
      catalog = await storeCatalog(s1);
      return catalog.products.filter(simple).length >= count;
    });
    const products = catalog.products.filter(simple).slice(0, count);
    for (const product of products) {
      const category = catalog.categories.find((c) => c.id === product.categoryId)!;
      expect(await ownerWrite('POST', '/api/admin/categories', category)).to.be.oneOf([201, 409]);
      expect(await ownerWrite('POST', '/api/admin/products', product)).to.be.oneOf([201, 409]);
    }
    return products;
  }

  async function placeOrder(box: StoreBox, product: ProductView, quantity: number, method: 'cash' | 'card'): Promise<OrderView> {
    const res = await fetch(`${box.gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId: randomUUID(), kioskId: 'hq-e2e', mode: 'dine_in', lines: [{ productId: product.id, quantity, optionIds: [] }], payment: { method } }),
    });
    expect(res.status, await res.clone().text()).to.be.oneOf([200, 201]);
    const order = (await res.json()) as OrderView;
    placed.push(order);
    return order;
  }

  async function productAt(box: StoreBox, id: string): Promise<ProductView | undefined> {
    return (await storeCatalog(box)).products.find((p) => p.id === id);
  }

  // ---------------------------------------------------------------- sign-in

  it('signs the demo owner in and lands on the fleet with both stores', async () => {
    const me = api.get(`${central.gatewayUrl}/api/auth/me`);
    expect((await me).status(), 'no session before sign-in').to.equal(401);
    await signIn(page, owner.username, owner.password);
    await page.waitForSelector('[data-testid=fleet] tr[data-store=s2]', { timeout: 30_000 });
    expect(text(await page.textContent('[data-testid=signed-in-as]') ?? '')).to.contain('Owner');
    csrfToken = ((await (await api.get(`${central.gatewayUrl}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    expect(csrfToken).to.be.a('string').and.not.equal('');
    await until('both stores online on the fleet page', async () =>
      (await page.locator('[data-testid=fleet] tr[data-link=online]').count()) === 2, 60_000);
    await shot('fleet');
  });

  // ---------------------------------------------------------------- menu

  it('changes a price for every store and the store kiosk API serves it within seconds', async () => {
    const [product] = await centralProducts(2);
    const newPrice = product!.price + 3_000;
    await page.click('[data-testid=nav-menu]');
    const row = page.locator(`tr[data-product="${product!.id}"]`);
    await row.locator('input[name=price]').fill(String(newPrice));
    await row.locator('[data-action=save-price]').click();
    await page.waitForSelector('[data-testid=menu-message].ok');
    expect(text(await row.locator('[data-col=price]').textContent() ?? '')).to.equal(text(formatMoney(newPrice)));
    for (const box of [s1, s2]) {
      await until(`the new price at ${box.storeId}`, async () => (await productAt(box, product!.id))?.price === newPrice, centralChangeAtStoreMs)
        .catch(async (err: Error) => {
          throw new Error(`${err.message}: ${await catalogPathState(central.hub, box)}`);
        });
    }
    await shot('menu');
  });

  it('marks a product sold out at one store only', async () => {
    const [, product] = await centralProducts(2);
    soldOutId = product!.id;
    await page.selectOption('[data-testid=menu-scope]', 's1');
    const row = page.locator(`tr[data-product="${product!.id}"]`);
    await row.locator('[data-col=availability]', { hasText: 'Available' }).waitFor();
    await row.locator('[data-action=toggle-availability]').click();
    await row.locator('[data-col=availability]', { hasText: 'Sold out' }).waitFor();
    await until('sold out on s1\'s kiosk', async () => (await productAt(s1, product!.id))?.available === false, centralChangeAtStoreMs);
    // s2 has applied everything central published up to now (its menu carries the latest price change) and
    // still sells the product: the sold-out flag went to s1 alone.
    expect((await productAt(s2, product!.id))?.available).to.equal(true);
    const preview = await ownerGet<CatalogView>('/api/admin/catalog/preview?storeId=s2');
    expect(preview.products.find((p) => p.id === product!.id)?.available).to.equal(true);
    await shot('menu-s1');
  });

  // ---------------------------------------------------------------- conflicts

  it('resolves a paid-at-an-old-price conflict with a note and the decision is recorded and audited', async () => {
    // The seed's case: central changes a price while s2 is cut off, s2 sells at the price it has, and when the
    // link returns central keeps the paid price and queues the order for accounting review.
    const [product] = await centralProducts(1);
    await linkDown(s2);
    await until('s2 sees its link down', async () => ((await (await fetch(`${s2.gatewayUrl}/health`)).json()) as { link: string }).link === 'down');
    const oldPrice = (await productAt(s2, product!.id))!.price;
    expect(await ownerWrite('PUT', `/api/admin/products/${product!.id}/price`, { price: oldPrice + 1_000 })).to.equal(200);
    const order = await placeOrder(s2, product!, 1, 'cash');
    expect(order.total, 'sold at the price the store had').to.be.greaterThan(0);
    await linkUp(s2);
    let conflictId = 0;
    await until('the order in central\'s accounting review queue', async () => {
      const { conflicts } = await ownerGet<{ conflicts: { id: number }[] }>(`/api/conflicts?kind=price_override&status=open&globalId=${order.globalId}`);
      conflictId = conflicts[0]?.id ?? 0;
      return conflictId > 0;
    }, 90_000);

    await page.click('[data-testid=nav-conflicts]');
    const row = page.locator(`tr[data-conflict="${conflictId}"]`);
    await row.locator('[data-action=resolve]').click();
    const note = `s2 was offline when the price changed; customer keeps the paid price (${randomUUID().slice(0, 8)})`;
    await page.fill('[data-testid=resolve-form] textarea[name=note]', note);
    await shot('conflicts-resolve');
    await page.click('[data-testid=resolve-form] [data-action=adjust]');
    await page.waitForSelector('[data-testid=conflicts-message].ok');
    await until('the row shows the decision', async () => (await row.getAttribute('data-status')) === 'resolved', 10_000);
    expect(await row.locator('[data-col=note]').textContent()).to.contain(note);

    const { conflicts } = await ownerGet<{ conflicts: { id: number; status: string; decision: string; resolvedBy: string; resolutionNote: string }[] }>('/api/conflicts?status=resolved');
    const resolved = conflicts.find((c) => c.id === conflictId);
    expect(resolved, 'the conflict is listed as resolved').to.not.equal(undefined);
    expect(resolved!.resolutionNote).to.equal(note);
    expect(resolved!.decision).to.equal('adjust');
    expect(resolved!.resolvedBy).to.contain('owner');
    const { entries } = await ownerGet<{ entries: { entityType: string; entityId: string; actor: string }[] }>(`/api/admin/audit?entityType=conflict&limit=20`);
    expect(entries.some((e) => e.entityId === String(conflictId) && e.actor.includes('owner'))).to.equal(true);
    await shot('conflicts');
  });

  // ---------------------------------------------------------------- reports

  it('shows report totals equal to the sum of the orders placed through the store APIs', async () => {
    const [product] = await centralProducts(1);
    await placeOrder(s1, product!, 3, 'card');
    await placeOrder(s2, product!, 1, 'cash');
    let days = new Set<string>();
    await until('every order of the test committed at central', async () => {
      const views = await Promise.all(placed.map((o) => ownerGet<CentralOrderView>(`/api/orders/${o.globalId}`)));
      days = new Set(views.map((v) => v.businessDay));
      return views.length === placed.length;
    }, 60_000);
    const [from, to] = [[...days].sort()[0]!, [...days].sort().at(-1)!];
    const gross = placed.reduce((sum, o) => sum + o.total, 0);

    await page.click('[data-testid=nav-reports]');
    await page.fill('[data-testid=report-filters] input[name=from]', from);
    await page.fill('[data-testid=report-filters] input[name=to]', to);
    await page.click('[data-testid=report-filters] button[type=submit]');
    await until('the report shows every order', async () => text(await page.textContent('[data-kpi=orders]') ?? '') === String(placed.length));
    expect(text(await page.textContent('[data-kpi=gross]') ?? '')).to.equal(text(formatMoney(gross)));
    expect(text(await page.textContent('[data-testid=sales-by-store] tfoot [data-total=gross]') ?? '')).to.equal(text(formatMoney(gross)));
    const bySales = await ownerGet<{ totals: { orders: number; gross: number } }>(`/api/reports/sales?from=${from}&to=${to}&groupBy=day`);
    expect(bySales.totals).to.include({ orders: placed.length, gross });
    await shot('reports');
  });

  // ---------------------------------------------------------------- users, audit, lockout

  it('creates a user and a one-time API token on the users page, and a revoked token stops working', async () => {
    await page.click('[data-testid=nav-users]');
    await page.waitForSelector('[data-testid=users] tr[data-user=owner]');
    const form = page.locator('[data-testid=create-user]');
    await form.locator('input[name=username]').fill(clerk);
    await form.locator('input[name=displayName]').fill('Clerk of the e2e');
    await form.locator('select[name=role]').selectOption('finance');
    await form.locator('input[name=password]').fill('a-long-enough-password');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector(`[data-testid=users] tr[data-user="${clerk}"]`);

    await page.fill('[data-testid=create-token] input[name=tokenName]', 'e2e-script');
    await page.selectOption('[data-testid=create-token] select[name=tokenRole]', 'it');
    await page.click('[data-testid=create-token] button[type=submit]');
    const token = await page.locator('[data-testid=token-once] input').inputValue();
    expect(token.length).to.be.greaterThan(20);
    await shot('users');
    const withToken = () => fetch(`${central.gatewayUrl}/api/stores`, { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).status, 'the new token works').to.equal(200);
    await page.locator('[data-testid=tokens] tr[data-token="e2e-script"] button').click();
    await page.locator('[data-testid=tokens] tr[data-token="e2e-script"]', { hasText: 'Revoked' }).waitFor();
    expect((await withToken()).status, 'a revoked token is refused').to.equal(401);
  });

  it('shows every write of this test in the audit log', async () => {
    await page.click('[data-testid=nav-audit]');
    await page.waitForSelector('[data-testid=audit] tr[data-action]');
    const actions = await page.$$eval('[data-testid=audit] tr[data-entity]', (rows) => rows.map((r) => (r as HTMLElement).dataset.entity));
    expect(actions.some((a) => a?.startsWith('conflict:'))).to.equal(true);
    expect(actions.some((a) => a?.startsWith('product:'))).to.equal(true);
    expect(actions.some((a) => a?.startsWith('price:'))).to.equal(true);
    expect(actions.some((a) => a === 'availability:s1/' + soldOutId)).to.equal(true);
    expect(actions.some((a) => a?.startsWith('api_token:'))).to.equal(true);
    expect(actions.some((a) => a?.startsWith('user:'))).to.equal(true);
    await shot('audit');
  });

  it('refuses a wrong password, then locks the account out with a message that says how long', async () => {
    // The user made on the users page, so the lockout cannot stop the owner's session used above.
    const username = clerk;
    const stranger = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(stranger, username, 'not-the-password');
    const problem = stranger.locator('[data-testid=sign-in-problem]');
    await problem.waitFor();
    expect(text(await problem.textContent() ?? '')).to.equal('Wrong username or password.');
    let locked = false;
    for (let attempt = 0; attempt < 30 && !locked; attempt++) {
      await stranger.fill('[data-testid=sign-in] input[name=password]', `wrong-${attempt}`);
      const [answer] = await Promise.all([
        stranger.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
        stranger.click('[data-testid=sign-in] button[type=submit]'),
      ]);
      locked = answer.status() === 429;
    }
    await stranger.locator('[data-testid=sign-in-problem]', { hasText: 'Too many' }).waitFor();
    expect(text(await problem.textContent() ?? '')).to.match(/^Too many failed attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
    expect(locked, 'the lockout message appears').to.equal(true);
    await shot('sign-in-locked', stranger);
    await stranger.context().close();
  });
});
