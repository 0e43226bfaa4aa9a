import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ProductView } from '@kiosk/contracts/api';
import { priceCart, priceLine, type CartLineInput } from '../lib/pricing';
import { selectionProblems } from '../lib/options';
import { useCatalogStore } from './catalog';
import { useSessionStore } from './session';

export interface CartLine extends CartLineInput {
  lineId: number;
}

/** A cart line priced against the live catalog, with what stops it from being ordered. */
export interface CartLineView extends CartLine {
  product: ProductView | undefined;
  unitPrice: number;
  lineTotal: number;
  problem: 'product_unavailable' | 'option_unavailable' | null;
}

export const useCartStore = defineStore('cart', () => {
  const lines = ref<CartLine[]>([]);
  let nextLineId = 1;
  const catalog = useCatalogStore();
  const session = useSessionStore();

  const views = computed<CartLineView[]>(() =>
    lines.value.map((line) => {
      const product = catalog.product(line.productId);
      if (!product) return { ...line, product, unitPrice: 0, lineTotal: 0, problem: 'product_unavailable' };
      const problems = selectionProblems(product, line.optionIds);
      const problem = problems.some((p) => p.kind === 'product_unavailable')
        ? 'product_unavailable'
        : problems.length
          ? 'option_unavailable'
          : null;
      return { ...line, product, ...priceLine(product, line.optionIds, line.quantity), problem };
    }),
  );

  const totals = computed(() =>
    catalog.catalog ? priceCart(catalog.catalog, lines.value, session.mode) : { subtotal: 0, serviceCharge: 0, tax: 0, total: 0 },
  );
  const itemCount = computed(() => lines.value.reduce((n, l) => n + l.quantity, 0));
  const blocked = computed(() => views.value.some((v) => v.problem !== null));
  /** Changes whenever what would be ordered changes: a new order attempt needs a new globalId then. */
  const fingerprint = computed(() => JSON.stringify([session.mode, lines.value.map((l) => [l.productId, l.quantity, [...l.optionIds].sort()])]));

  function add(productId: string, optionIds: string[], quantity: number): void {
    const key = JSON.stringify([...optionIds].sort());
    const same = lines.value.find((l) => l.productId === productId && JSON.stringify([...l.optionIds].sort()) === key);
    if (same) same.quantity = Math.min(50, same.quantity + quantity);
    else lines.value.push({ lineId: nextLineId++, productId, optionIds: [...optionIds], quantity });
  }

  function update(lineId: number, optionIds: string[], quantity: number): void {
    const line = lines.value.find((l) => l.lineId === lineId);
    if (line) Object.assign(line, { optionIds: [...optionIds], quantity });
  }

  function setQuantity(lineId: number, quantity: number): void {
    if (quantity <= 0) return remove(lineId);
    const line = lines.value.find((l) => l.lineId === lineId);
    if (line) line.quantity = Math.min(50, quantity);
  }

  function remove(lineId: number): void {
    lines.value = lines.value.filter((l) => l.lineId !== lineId);
  }

  function clear(): void {
    lines.value = [];
  }

  return { lines, views, totals, itemCount, blocked, fingerprint, add, update, setQuantity, remove, clear };
});
