import { expect } from 'chai';
import {
  existenceRefusal, planAvailability, planCategoryChange, planProductChange, planStorePrice, planStoreSettings, stampsAfter, type StampedProduct,
} from '../../src/domain/catalog-changes.js';
import type { ProductInput } from '../../src/domain/catalog.js';

const now = new Date('2026-11-27T09:00:00.000Z');
const stamp = (version: number) => ({ version, updatedAt: now.toISOString() });
const tea: ProductInput = { id: 'tea', categoryId: 'drinks', name: 'Tea', description: '', imageUrl: '', price: 10_000, available: true, station: '', sortOrder: 0, optionGroups: [] };
const stored: StampedProduct = { ...tea, version: 5, updatedAt: '2026-11-26T00:00:00.000Z' };

describe('central catalog changes', () => {
  it('hands out stamps in order, each above the last and none below the wall clock', () => {
    expect(stampsAfter(1, now, 3).map((s) => s.version)).to.deep.equal([now.getTime(), now.getTime() + 1, now.getTime() + 2]);
    expect(stampsAfter(now.getTime() + 10, now, 2).map((s) => s.version)).to.deep.equal([now.getTime() + 11, now.getTime() + 12]);
    expect(stampsAfter(7, now, 0)).to.deep.equal([]);
  });

  it('refuses a create of what exists and an update of what does not', () => {
    expect(existenceRefusal('create', true)).to.equal('already_exists');
    expect(existenceRefusal('update', false)).to.equal('not_found');
    expect(existenceRefusal('create', false)).to.equal(null);
    expect(existenceRefusal('update', true)).to.equal(null);
  });

  it('writes a category with its stamp, publishes it globally and audits it with what it was', () => {
    const before = { id: 'drinks', name: 'Drinks', sortOrder: 0, imageUrl: '' };
    const plan = planCategoryChange(before, { ...before, name: 'Beverages' }, 'update', stamp(9));
    expect(plan.row).to.deep.equal({ ...before, name: 'Beverages', ...stamp(9) });
    expect(plan.changes).to.deep.equal([{ kind: 'category', id: 'drinks', stamp: stamp(9), category: { ...before, name: 'Beverages' } }]);
    expect(plan.audit).to.deep.equal({ action: 'update', entityType: 'category', entityId: 'drinks', before, after: { ...before, name: 'Beverages' } });
  });

  it("records a product's first price in the history and a changed one, never an unchanged one", () => {
    expect(planProductChange({ action: 'create', product: tea }, [], [stamp(9)]).priceHistory)
      .to.deep.equal({ productId: 'tea', price: 10_000, version: 9, effectiveAt: now.toISOString() });
    expect(planProductChange({ action: 'update', before: stored, product: { ...tea, name: 'Green tea' } }, [], [stamp(9)]).priceHistory).to.equal(null);
    expect(planProductChange({ action: 'set_price', before: stored, price: 11_000 }, [], [stamp(9)]).priceHistory).to.include({ price: 11_000, version: 9 });
    expect(planProductChange({ action: 'set_price', before: stored, price: 10_000 }, [], [stamp(9)]).priceHistory).to.equal(null);
  });

  it("republishes each store's own price after a product change, on its subject and stamped after it", () => {
    const plan = planProductChange({ action: 'update', before: stored, product: { ...tea, name: 'Green tea' } },
      [{ storeId: 's1', price: 12_000 }, { storeId: 's2', price: 9_000 }], [stamp(9), stamp(10), stamp(11)]);
    expect(plan.row).to.deep.equal({ ...tea, name: 'Green tea', ...stamp(9) });
    expect(plan.changes.map((c) => [c.kind, 'storeId' in c ? c.storeId : undefined, c.stamp.version, c.kind === 'product' ? [c.product.name, c.product.price] : null])).to.deep.equal([
      ['product', undefined, 9, ['Green tea', 10_000]], ['product', 's1', 10, ['Green tea', 12_000]], ['product', 's2', 11, ['Green tea', 9_000]],
    ]);
    expect(plan.republished).to.deep.equal([{ storeId: 's1', productId: 'tea', stamp: stamp(10) }, { storeId: 's2', productId: 'tea', stamp: stamp(11) }]);
    expect(() => planProductChange({ action: 'create', product: tea }, [{ storeId: 's1', price: 1 }], [stamp(9)])).to.throw(/2 stamps/);
  });

  it('audits a create with what it made, a replace with what it was, and a price change with the prices only', () => {
    expect(planProductChange({ action: 'create', product: tea }, [], [stamp(9)]).audit).to.deep.equal({ action: 'create', entityType: 'product', entityId: 'tea', after: tea });
    expect(planProductChange({ action: 'update', before: stored, product: { ...tea, price: 1 } }, [], [stamp(9)]).audit)
      .to.deep.equal({ action: 'update', entityType: 'product', entityId: 'tea', before: tea, after: { ...tea, price: 1 } });
    const priced = planProductChange({ action: 'set_price', before: stored, price: 11_000 }, [], [stamp(9)]);
    expect(priced.audit).to.deep.equal({ action: 'set_price', entityType: 'price', entityId: 'tea', before: { price: 10_000 }, after: { price: 11_000 } });
    expect(priced.row).to.deep.equal({ ...tea, price: 11_000, ...stamp(9) });
  });

  it("sets one store's own price on its subject, audited against the price it charged before", () => {
    const first = planStorePrice(stored, 's1', null, 12_000, stamp(9));
    expect(first.row).to.deep.equal({ storeId: 's1', productId: 'tea', price: 12_000, ...stamp(9) });
    expect(first.changes).to.deep.equal([{ kind: 'product', id: 'tea', stamp: stamp(9), product: { ...tea, price: 12_000 }, storeId: 's1' }]);
    expect(first.audit.before).to.deep.equal({ storeId: 's1', price: 10_000 });
    expect(first.answer).to.deep.equal({ ...tea, price: 12_000, storeId: 's1', ...stamp(9) });
    expect(planStorePrice(stored, 's1', 12_000, 13_000, stamp(10)).audit).to.deep.include({ entityId: 's1/tea', before: { storeId: 's1', price: 12_000 }, after: { storeId: 's1', price: 13_000 } });
  });

  it("changes the product's own flag when sold out everywhere, and only the store's row at one store", () => {
    const everywhere = planAvailability(stored, false, stamp(9));
    expect(everywhere.product).to.deep.equal({ id: 'tea', available: false, ...stamp(9) });
    expect(everywhere.storeRow).to.equal(null);
    expect(everywhere.audit).to.deep.include({ entityId: 'tea', before: { storeId: null, available: true }, after: { storeId: null, available: false } });
    const atStore = planAvailability(stored, false, stamp(9), { storeId: 's2', wasAtStore: null });
    expect(atStore.product).to.equal(null);
    expect(atStore.storeRow).to.deep.equal({ storeId: 's2', productId: 'tea', available: false, ...stamp(9) });
    expect(atStore.changes).to.deep.equal([{ kind: 'availability', id: 'tea', stamp: stamp(9), available: false, storeId: 's2' }]);
    expect(atStore.answer).to.deep.equal({ productId: 'tea', available: false, storeId: 's2', ...stamp(9) });
    expect(planAvailability(stored, true, stamp(9), { storeId: 's2', wasAtStore: false }).audit.before).to.deep.equal({ storeId: 's2', available: false });
  });

  it("publishes a store's settings to that store alone, audited with what they were", () => {
    const settings = { storeName: 'S1', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    const plan = planStoreSettings('s1', null, settings, stamp(9));
    expect(plan.row).to.deep.equal({ storeId: 's1', settings, ...stamp(9) });
    expect(plan.changes).to.deep.equal([{ kind: 'settings', id: 's1', stamp: stamp(9), settings, storeId: 's1' }]);
    expect(plan.audit).to.deep.equal({ action: 'set_settings', entityType: 'store_settings', entityId: 's1', before: null, after: settings });
    expect(plan.answer).to.deep.equal({ storeId: 's1', ...settings, ...stamp(9) });
  });
});
