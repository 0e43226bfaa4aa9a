/// <reference lib="dom" />
// (page functions handed to Playwright run in Chromium and are typed against the DOM)
/**
 * Kiosk front-end figures (issue 5), against a real store box whose nginx serves the built kiosk at /kiosk/:
 *  (a) initial JS+CSS: what web/kiosk/dist/index.html loads before any interaction, gzip level 9;
 *  (b) first render of the menu with the store server unreachable, from what the service worker and the
 *      kiosk's own IndexedDB copy hold after one online visit: navigation start -> first product card visible;
 *  (c) tap-to-cart: a real click (Chromium's input pipeline) on a menu "add" button -> the cart bar's count and
 *      total changed in the DOM, and the next frame after that, both on the page's clock.
 * Figures for `make bench`, never test assertions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CatalogView } from '@kiosk/contracts/api';
import { repoRoot, type StoreBox } from '@kiosk/stack';
import { median, percentile } from './lib.js';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const portrait = { width: 800, height: 1280 };
const round = (x: number) => Math.round(x * 10) / 10;

export const kioskTargets = { initialGzipKB: 200, offlineFirstCardMs: 1000, tapToCartMs: 100 };

// ---------------------------------------------------------------- (a) initial bundle

export interface InitialAsset {
  file: string;
  kind: 'js' | 'css';
  rawBytes: number;
  gzipBytes: number;
}

/** The scripts, stylesheets and modulepreloads named by dist/index.html (the lazy route chunks are not). */
export function kioskInitialBundle(distDir = join(repoRoot, 'web/kiosk/dist')) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => tag.match(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1];
    const isScript = /^<script/i.test(tag);
    const rel = attr('rel')?.toLowerCase();
    const url = isScript ? attr('src') : rel === 'stylesheet' || rel === 'modulepreload' ? attr('href') : undefined;
    if (url && !/^(https?:)?\/\//.test(url)) urls.add(url);
  }
  const assets: InitialAsset[] = [...urls].map((url) => {
    const body = readFileSync(join(distDir, url.replace(/^\/kiosk\//, '').replace(/^\//, '')));
    return { file: url, kind: url.endsWith('.css') ? 'css' : 'js', rawBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  });
  const sum = (kind: 'js' | 'css' | null, key: 'rawBytes' | 'gzipBytes') => assets.filter((a) => kind === null || a.kind === kind).reduce((s, a) => s + a[key], 0);
  const kb = (bytes: number) => round(bytes / 1024);
  return {
    totalGzipKB: kb(sum(null, 'gzipBytes')), jsGzipKB: kb(sum('js', 'gzipBytes')), cssGzipKB: kb(sum('css', 'gzipBytes')),
    totalRawKB: kb(sum(null, 'rawBytes')), indexHtmlGzipBytes: gzipSync(html, { level: 9 }).length, assets,
  };
}

// ---------------------------------------------------------------- in-page probes

/**
 * Init script (runs before the kiosk's own code on every navigation): notes, on the page's clock (0 = navigation
 * start), when the first product card has a box on screen and when its image has decoded.
 */
const firstCardProbe = `(() => {
  const w = window;
  w.__name = (f) => f;
  if (!location.pathname.startsWith('/kiosk/')) return;
  const check = () => {
    const card = document.querySelector('article.product');
    if (!card) return false;
    const r = card.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || getComputedStyle(card).visibility === 'hidden') return false;
    if (w.__firstCardAt === undefined) w.__firstCardAt = performance.now();
    const img = card.querySelector('img');
    if (img && img.complete && img.naturalWidth > 0) { w.__firstImageAt = performance.now(); return true; }
    if (img && !img.__watched) { img.__watched = true; img.addEventListener('load', () => { if (w.__firstImageAt === undefined) w.__firstImageAt = performance.now(); }, { once: true }); }
    return false;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/**
 * Runs in the page: arms a one-shot listener for the next click on a quick-add button and resolves with ms from
 * that click event (its timeStamp: when the input reached the page) to the cart bar's text changing, and to the
 * next frame after that change (rAF, then a task: the frame that shows it has been produced).
 */
function armTapProbe(): Promise<[dom: number, frame: number]> {
  const bar = document.querySelector<HTMLElement>('[data-testid=view-cart]');
  if (!bar) return Promise.reject(new Error('no cart bar'));
  const before = bar.textContent;
  return new Promise((resolve, reject) => {
    let clickedAt: number | null = null;
    let domAt: number | null = null;
    const timer = setTimeout(() => reject(new Error('the cart bar did not change within 5 s of the tap')), 5_000);
    const done = () => {
      if (clickedAt === null || domAt === null) return;
      const start = clickedAt;
      const dom = domAt;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        clearTimeout(timer);
        resolve([dom - start, performance.now() - start]);
      }, 0));
    };
    const observer = new MutationObserver(() => {
      if (domAt === null && bar.textContent !== before) {
        domAt = performance.now();
        done();
      }
    });
    observer.observe(bar, { childList: true, subtree: true, characterData: true });
    document.addEventListener('click', (event) => {
      clickedAt = event.timeStamp;
      done();
    }, { capture: true, once: true });
  });
}

// ---------------------------------------------------------------- (b) + (c) in Chromium

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: 60_000 });
}

/** What the caches hold for an offline boot: the catalog response and how many menu images. */
async function cachedForOffline(page: Page, imageUrls: string[]) {
  return page.evaluate(async (urls) => {
    const catalog = await (await caches.open('kiosk-catalog')).match('/api/catalog', { ignoreSearch: true, ignoreVary: true });
    const media = await caches.open('kiosk-media');
    let images = 0;
    for (const url of urls) if (await media.match(url)) images++;
    const precached = (await caches.keys()).some((k) => k.startsWith('workbox-precache'));
    return { catalog: catalog !== undefined, images, precached };
  }, imageUrls);
}

async function firstCardTimes(page: Page): Promise<{ card: number; image: number | null }> {
  await page.waitForFunction(() => (window as unknown as { __firstCardAt?: number }).__firstCardAt !== undefined, undefined, { timeout: 30_000, polling: 50 });
  // the image usually decodes in the same frame; give it up to 2 s more before calling it missing
  await page.waitForFunction(() => (window as unknown as { __firstImageAt?: number }).__firstImageAt !== undefined, undefined, { timeout: 2_000, polling: 50 }).catch(() => undefined);
  return page.evaluate(() => {
    const w = window as unknown as { __firstCardAt: number; __firstImageAt?: number };
    return { card: w.__firstCardAt, image: w.__firstImageAt ?? null };
  });
}

async function offlineFirstRender(context: BrowserContext, page: Page, gatewayUrl: string, catalog: CatalogView, reloads: number) {
  const imageUrls = [...new Set([...catalog.products, ...catalog.categories].map((x) => x.imageUrl).filter(Boolean))];
  // Online: first visit installs the service worker (precache of the app shell); once it controls the page,
  // a second visit lets the kiosk fetch the catalog and its images through it, as a tablet does on its first day.
  await page.goto(`${gatewayUrl}/kiosk/menu`);
  await waitForServiceWorker(page);
  await page.reload();
  await firstCardTimes(page);
  // The kiosk warms every image when the catalog version changes (useCatalogFeed.warmImages), which only works
  // once the worker controls the page; a box seeded once never changes it, so do that warm-up here.
  await page.evaluate(async (urls) => {
    for (const url of urls) await fetch(url).catch(() => undefined);
  }, imageUrls);
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.getAttribute('data-online') === 'true', undefined, { timeout: 30_000 }).catch(() => undefined);
  const cached = await cachedForOffline(page, imageUrls);

  // Offline: context.setOffline(true) rather than routing /api/** to abort. It is the browser's own network
  // emulation, so it applies to the page and to the service worker alike and every request fails at once, as when
  // the box is switched off or the tablet's Wi-Fi drops; and it needs no request interception, which would slow
  // every request down and (in Playwright) turn the HTTP cache off. Then nothing can come from the server: the shell
  // is the precache, the menu is the kiosk's IndexedDB copy (or the SW's catalog cache), images the media cache.
  await context.setOffline(true);
  const card: number[] = [];
  const image: number[] = [];
  let imagesMissing = 0;
  try {
    for (let i = 0; i < reloads; i++) {
      await page.goto(`${gatewayUrl}/kiosk/menu`, { waitUntil: 'commit' });
      const t = await firstCardTimes(page);
      card.push(t.card);
      if (t.image === null) imagesMissing++;
      else image.push(t.image);
    }
    const offlineShown = await page.getAttribute('[data-testid=status]', 'data-online').catch(() => null);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      how: 'context.setOffline(true), navigation to /kiosk/menu',
      reloads, cachedBeforeCut: { ...cached, imagesTotal: imageUrls.length }, statusPillOnlineAfter: offlineShown,
      firstCardMs: { p50: round(median(card)), max: round(sorted(card).at(-1) ?? NaN), samples: card.map(round) },
      firstCardImageMs: { p50: round(median(image)), max: round(sorted(image).at(-1) ?? NaN), missing: imagesMissing },
    };
  } finally {
    await context.setOffline(false);
  }
}

async function tapToCart(page: Page, gatewayUrl: string, catalog: CatalogView, taps: number) {
  // the category with the most one-tap products (no required choice): every tap is a real "add" button
  const quick = catalog.products.filter((p) => p.available && p.optionGroups.every((g) => g.min === 0));
  const byCategory = new Map<string, string[]>();
  for (const p of quick) byCategory.set(p.categoryId, [...(byCategory.get(p.categoryId) ?? []), p.id]);
  const [categoryId, productIds] = [...byCategory.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!categoryId || !productIds) throw new Error('the menu has no product that can be added with one tap');

  await page.goto(`${gatewayUrl}/kiosk/`);
  await page.getByTestId('mode-dine_in').click();
  await page.getByTestId(`category-${categoryId}`).click();
  await page.getByTestId(`quick-add-${productIds[0]}`).waitFor();
  const dom: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < taps; i++) {
    const button = page.getByTestId(`quick-add-${productIds[i % productIds.length]}`);
    await button.scrollIntoViewIfNeeded();
    const probe = page.evaluate(armTapProbe);
    await page.waitForTimeout(50); // the probe is armed before the tap, and taps are apart like a person's
    await button.click();
    const [d, f] = await probe;
    dom.push(d);
    frame.push(f);
  }
  const itemCount = await page.getByTestId('view-cart').locator('.count').textContent();
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), max: round(s.at(-1) ?? NaN) };
  };
  return { taps, products: productIds.length, cartCountAfter: Number(itemCount?.trim()), clickToDomMs: stats(dom), clickToNextFrameMs: stats(frame) };
}

/**
 * The seed publishes the menu as a stream of events and startStoreBox returns once the first product is visible:
 * wait until the catalog stops changing, so the kiosk caches (and the bench picks products from) the whole menu.
 */
async function settledCatalog(gatewayUrl: string): Promise<CatalogView> {
  const read = async () => (await (await fetch(`${gatewayUrl}/api/catalog`)).json()) as CatalogView;
  const key = (c: CatalogView) => JSON.stringify([c.version, c.products.length, c.categories.length]);
  let last = await read();
  for (let stable = 0, tries = 0; stable < 3 && tries < 60; tries++) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await read();
    stable = key(next) === key(last) ? stable + 1 : 0;
    last = next;
  }
  return last;
}

export async function benchKiosk(box: Pick<StoreBox, 'gatewayUrl'>, opts: { reloads?: number; taps?: number } = {}) {
  const initial = kioskInitialBundle();
  const catalog = await settledCatalog(box.gatewayUrl);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const load = { before: loadavg().map(round) };
    const offlineContext = await browser.newContext({ viewport: portrait, serviceWorkers: 'allow' });
    await offlineContext.addInitScript(firstCardProbe);
    const offlinePage = await offlineContext.newPage();
    const offline = await offlineFirstRender(offlineContext, offlinePage, box.gatewayUrl, catalog, opts.reloads ?? 10);
    await offlineContext.close();

    const tapContext = await browser.newContext({ viewport: portrait });
    await tapContext.addInitScript('window.__name = (f) => f');
    const tap = await tapToCart(await tapContext.newPage(), box.gatewayUrl, catalog, opts.taps ?? 30);
    await tapContext.close();
    return {
      target: kioskTargets,
      initialBundle: initial,
      offlineFirstRender: offline,
      tapToCart: tap,
      loadAverage: { ...load, after: loadavg().map(round) },
      meets: {
        initialBundle: initial.totalGzipKB <= kioskTargets.initialGzipKB,
        offlineFirstRender: offline.firstCardMs.max <= kioskTargets.offlineFirstCardMs,
        tapToCart: tap.clickToNextFrameMs.p99 < kioskTargets.tapToCartMs,
      },
    };
  } finally {
    await browser.close();
  }
}
