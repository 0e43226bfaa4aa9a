import { onBeforeUnmount, onMounted, toRef, watch } from 'vue';
import type { CatalogView } from '@kiosk/contracts/api';
import { ApiError, fetchCatalog } from '../lib/api';
import { openKioskDb } from '../lib/db';
import { useCatalogStore } from '../stores/catalog';
import { useQueueStore } from '../stores/queue';

/** Keeps the last catalog in IndexedDB too: the kiosk then starts with a menu even before the SW is installed. */
async function persist(catalog: CatalogView, etag: string | null): Promise<void> {
  const db = await openKioskDb();
  await db.put('catalog', { catalog, etag, savedAt: Date.now() }, 'current');
  // Live polls bypass the service worker; refresh its copy so an offline boot gets the latest menu.
  if ('caches' in window) {
    const cache = await caches.open('kiosk-catalog');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (etag) headers.etag = etag;
    await cache.put('/api/catalog', new Response(JSON.stringify(catalog), { headers }));
  }
}

async function restore(): Promise<{ catalog: CatalogView; etag: string | null } | undefined> {
  return (await openKioskDb()).get('catalog', 'current');
}

/** Fetches every menu image once per catalog version, so the service worker holds them for offline use. */
async function warmImages(catalog: CatalogView): Promise<void> {
  if (!navigator.serviceWorker?.controller) return;
  const urls = [...new Set([...catalog.products, ...catalog.categories].map((x) => x.imageUrl).filter(Boolean))];
  for (let i = 0; i < urls.length; i += 6) {
    await Promise.all(urls.slice(i, i + 6).map((url) => fetch(url).catch(() => undefined)));
  }
}

/**
 * Owns the live menu: ETag polling of `GET /api/catalog` every `intervalMs`. State: loading until a menu is
 * known, live while the store server answers, offline while it does not (the last menu stays usable).
 */
export function useCatalogFeed(intervalMs = 10_000) {
  const store = useCatalogStore();
  const queue = useQueueStore();
  let timer: ReturnType<typeof setInterval> | undefined;
  let polling: Promise<void> | null = null;

  async function pollOnce(): Promise<void> {
    try {
      const answer = await fetchCatalog(store.etag, true);
      if (answer.changed) {
        store.replace(answer.catalog, answer.etag);
        void persist(answer.catalog, answer.etag).catch(() => undefined);
        void warmImages(answer.catalog);
      }
      store.state = 'live';
    } catch (error) {
      const serverFault = !(error instanceof ApiError) || error.status >= 500;
      store.state = serverFault ? 'offline' : 'error';
      if (!store.catalog) await bootFromServiceWorkerCache();
    }
  }

  /** First run without an IndexedDB copy: the service worker's network-first route may still hold one. */
  async function bootFromServiceWorkerCache(): Promise<void> {
    const answer = await fetchCatalog(null, false).catch(() => null);
    if (answer?.changed) store.replace(answer.catalog, answer.etag);
  }

  /** One poll at a time; callers (timer, "prices changed" handling) share it. */
  function refresh(): Promise<void> {
    polling ??= pollOnce().finally(() => (polling = null));
    return polling;
  }

  async function start(): Promise<void> {
    store.state = 'loading';
    const saved = await restore().catch(() => undefined);
    if (saved && !store.catalog) store.replace(saved.catalog, saved.etag);
    await refresh();
    timer = setInterval(() => void refresh(), intervalMs);
  }

  // The store server answered again: orders waiting in the queue need not wait out their backoff.
  watch(() => store.state, (now, before) => {
    if (now === 'live' && before === 'offline') void queue.kick();
  });

  store.setRefresher(refresh);
  onMounted(() => void start());
  onBeforeUnmount(() => clearInterval(timer));

  return { state: toRef(store, 'state'), refresh };
}
