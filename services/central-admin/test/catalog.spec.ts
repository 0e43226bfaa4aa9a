import { expect } from 'chai';
import { createProductRequest, nextVersion } from '../src/domain/catalog.js';

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
});
