import { describe, expect, it } from 'vitest';
import { priceCart, priceLine, totalsFor } from './pricing';
import { sampleCatalog } from './fixtures';

describe('pricing (mirrors the order service)', () => {
  const catalog = sampleCatalog();
  const burger = catalog.products[0]!;

  it('adds the chosen options to the unit price and multiplies by quantity', () => {
    expect(priceLine(burger, ['large', 'cheese'], 2)).toEqual({ unitPrice: 48_000, lineTotal: 96_000 });
    // Like the store: an option's discount makes an item free at most.
    const discounted = { ...burger, optionGroups: [{ id: 'g', name: 'G', min: 0, max: 1, options: [{ id: 'd', name: 'D', priceDelta: -1e9, available: true }] }] };
    expect(priceLine(discounted, ['d'], 2)).toEqual({ unitPrice: 0, lineTotal: 0 });
  });

  it('charges service on dine-in only, and tax on subtotal plus service', () => {
    const lines = [{ productId: 'burger', quantity: 1, optionIds: ['regular'] }, { productId: 'tea', quantity: 2, optionIds: [] }];
    // subtotal 60 000; service 5 % = 3 000; tax 11 % of 63 000 = 6 930
    expect(priceCart(catalog, lines, 'dine_in')).toEqual({ subtotal: 60_000, serviceCharge: 3_000, tax: 6_930, total: 69_930 });
    // takeaway: no service; tax 11 % of 60 000 = 6 600
    expect(priceCart(catalog, lines, 'takeaway')).toEqual({ subtotal: 60_000, serviceCharge: 0, tax: 6_600, total: 66_600 });
  });

  it('rounds half up like Math.round on the server', () => {
    const settings = { storeName: '', taxRateBps: 1_000, serviceChargeBps: 250, locale: 'en', timeZone: 'UTC' };
    // service 2.5 % of 20 = 0.5 -> 1 ; tax 10 % of 21 = 2.1 -> 2
    expect(totalsFor(20, 'dine_in', settings)).toEqual({ subtotal: 20, serviceCharge: 1, tax: 2, total: 23 });
    // tax 10 % of 15 = 1.5 -> 2
    expect(totalsFor(15, 'takeaway', settings).tax).toBe(2);
  });

  it('counts a product that left the catalog as zero', () => {
    expect(priceCart(catalog, [{ productId: 'gone', quantity: 3, optionIds: [] }], 'takeaway').total).toBe(0);
  });
});
