import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CatalogView, ProductView } from '@kiosk/contracts/api';

export type FeedState = 'idle' | 'loading' | 'live' | 'offline' | 'error';

/** The menu as the kiosk last saw it, and whether that view is live. Filled by useCatalogFeed. */
export const useCatalogStore = defineStore('catalog', () => {
  const catalog = shallowRef<CatalogView | null>(null);
  const etag = ref<string | null>(null);
  const state = ref<FeedState>('idle');
  /** Bumped when prices or availability changed under an open cart, so screens can say so. */
  const changedAt = ref(0);

  const categories = computed(() =>
    [...(catalog.value?.categories ?? [])]
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .filter((c) => catalog.value?.products.some((p) => p.categoryId === c.id)),
  );
  const productsById = computed(() => new Map((catalog.value?.products ?? []).map((p) => [p.id, p])));

  function productsIn(categoryId: string): ProductView[] {
    return (catalog.value?.products ?? []).filter((p) => p.categoryId === categoryId).sort((a, b) => a.sortOrder - b.sortOrder);
  }

  function product(id: string): ProductView | undefined {
    return productsById.value.get(id);
  }

  function replace(next: CatalogView, nextEtag: string | null): void {
    if (catalog.value && catalog.value.version !== next.version) changedAt.value = Date.now();
    catalog.value = next;
    etag.value = nextEtag;
  }

  let refresher: () => Promise<void> = async () => undefined;
  /** Polls now (after the server refused an order for a price or availability reason). */
  const refreshNow = (): Promise<void> => refresher();
  const setRefresher = (fn: () => Promise<void>): void => {
    refresher = fn;
  };

  const currency = computed(() => catalog.value?.currency ?? 'IDR');

  return { catalog, etag, state, changedAt, categories, currency, productsIn, product, replace, refreshNow, setRefresher };
});
