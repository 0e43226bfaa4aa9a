import { expect } from 'chai';
import { createCategoryRequest, createProductRequest, nextVersion, productFields, storeSettingsRequest } from '../../src/domain/catalog.js';

describe('central catalog rules', () => {
  it('versions every change above the last one, even when the clock stands still or goes back', () => {
    expect(nextVersion(1_000, 500)).to.equal(1_001);
    expect(nextVersion(1_000, 1_000)).to.equal(1_001);
  });

  it("versions a change at least at the wall clock, so it outranks a store's small local counters", () => {
    expect(nextVersion(1, 1_764_000_000_000)).to.equal(1_764_000_000_000);
  });

  it('refuses a product with a negative price or an option group whose min exceeds its max', () => {
    const base = { id: 'p1', categoryId: 'c1', name: 'Tea', price: 1 };
    expect(createProductRequest.safeParse({ ...base, price: -1 }).success).to.equal(false);
    const group = { id: 'g', name: 'Size', min: 2, max: 1, options: [{ id: 'o', name: 'S', priceDelta: 0 }] };
    expect(createProductRequest.safeParse({ ...base, optionGroups: [group] }).success).to.equal(false);
    expect(createProductRequest.safeParse(base).success).to.equal(true);
  });

  it('refuses an option discount that would take a price below 0, on create and on replace', () => {
    const base = { categoryId: 'c1', name: 'Tea', price: 10_000 };
    const withDelta = (priceDelta: number) => ({ ...base, optionGroups: [{ id: 'g', name: 'Promo', min: 0, max: 1, options: [{ id: 'o', name: 'Free', priceDelta }] }] });
    expect(createProductRequest.safeParse({ id: 'p1', ...withDelta(-10_000) }).success).to.equal(true);
    expect(createProductRequest.safeParse({ id: 'p1', ...withDelta(-1_000_000_000) }).success).to.equal(false);
    expect(productFields.safeParse(withDelta(-10_001)).success).to.equal(false);
  });

  it('refuses NUL and other control characters in names', () => {
    expect(createCategoryRequest.safeParse({ id: 'c1', name: 'Drinks\u0000' }).success).to.equal(false);
    expect(createProductRequest.safeParse({ id: 'p1', categoryId: 'c1', name: 'Te\u0007a', price: 1 }).success).to.equal(false);
    expect(createCategoryRequest.safeParse({ id: 'c1', name: 'Drinks' }).success).to.equal(true);
  });

  it('refuses store settings with an unknown time zone', () => {
    const settings = { storeName: 'S1', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    expect(storeSettingsRequest.safeParse(settings).success).to.equal(true);
    expect(storeSettingsRequest.safeParse({ ...settings, timeZone: 'Mars/Olympus_Mons' }).success).to.equal(false);
  });
});
