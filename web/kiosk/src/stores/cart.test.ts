import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useCartStore } from './cart';
import { useCatalogStore } from './catalog';
import { useSessionStore } from './session';
import { sampleCatalog } from '../lib/fixtures';

describe('cart store against the live catalog', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useCatalogStore().replace(sampleCatalog(), '"s1-1"');
  });

  it('merges the same product with the same options into one line', () => {
    const cart = useCartStore();
    cart.add('burger', ['large', 'cheese'], 1);
    cart.add('burger', ['cheese', 'large'], 2);
    cart.add('burger', ['regular'], 1);
    expect(cart.lines.map((l) => [l.productId, l.quantity])).toEqual([['burger', 3], ['burger', 1]]);
    expect(cart.itemCount).toBe(4);
  });

  it('prices with service charge for dine-in only', () => {
    const cart = useCartStore();
    cart.add('tea', [], 2);
    useSessionStore().mode = 'dine_in';
    expect(cart.totals).toEqual({ subtotal: 25_000, serviceCharge: 1_250, tax: 2_888, total: 29_138 });
    useSessionStore().mode = 'takeaway';
    expect(cart.totals.total).toBe(27_750);
  });

  it('flags a line whose product or option became unavailable, and blocks checkout until it is removed', () => {
    const cart = useCartStore();
    const catalog = useCatalogStore();
    cart.add('tea', [], 1);
    cart.add('burger', ['regular', 'egg'], 1);
    expect(cart.blocked).toBe(false);

    const next = sampleCatalog();
    next.version = 2;
    next.products.find((p) => p.id === 'tea')!.available = false;
    next.products[0]!.optionGroups[1]!.options.find((o) => o.id === 'egg')!.available = false;
    catalog.replace(next, '"s1-2"');

    expect(cart.views.map((v) => v.problem)).toEqual(['product_unavailable', 'option_unavailable']);
    expect(cart.blocked).toBe(true);
    expect(catalog.changedAt).toBeGreaterThan(0);
    for (const line of [...cart.lines]) cart.remove(line.lineId);
    expect(cart.blocked).toBe(false);
  });

  it('follows price changes and changes its fingerprint when the order changes', () => {
    const cart = useCartStore();
    const catalog = useCatalogStore();
    cart.add('tea', [], 1);
    const before = cart.fingerprint;
    const next = sampleCatalog();
    next.version = 3;
    next.products.find((p) => p.id === 'tea')!.price = 15_000;
    catalog.replace(next, '"s1-3"');
    expect(cart.totals.subtotal).toBe(15_000);
    expect(cart.fingerprint).toBe(before);
    cart.setQuantity(cart.lines[0]!.lineId, 2);
    expect(cart.fingerprint).not.toBe(before);
    cart.setQuantity(cart.lines[0]!.lineId, 0);
    expect(cart.lines).toEqual([]);
  });
});
