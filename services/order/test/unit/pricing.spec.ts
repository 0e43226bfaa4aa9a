import { expect } from 'chai';
import { AppError } from '@kiosk/kit';
import { buildPriceBook } from '../../src/domain/price-book.js';
import { orderTotals, priceOrder } from '../../src/domain/pricing.js';
import { demoCatalog } from '../fixtures.js';

const book = buildPriceBook(demoCatalog());
const line = (productId: string, quantity = 1, optionIds: string[] = []) => ({ productId, quantity, optionIds });

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('pricing (domain)', () => {
  it('prices a line as the product price plus its options, times the quantity', () => {
    const priced = priceOrder(book, { mode: 'takeaway', lines: [line('p-burger', 2, ['o-large', 'o-cheese'])] });
    expect(priced.lines[0]).to.include({ unitPrice: 43_000, lineTotal: 86_000, station: 'grill', name: 'Beef Burger' });
    expect(priced.lines[0]!.options.map((o) => o.name)).to.deep.equal(['Large', 'Cheese']);
  });

  it('adds a service charge for dine-in only, and tax on subtotal plus service charge', () => {
    const lines = [line('p-burger', 1, ['o-regular']), line('p-fries', 1), line('p-tea', 3)];
    const dineIn = priceOrder(book, { mode: 'dine_in', lines });
    expect(dineIn).to.include({ subtotal: 74_500, serviceCharge: 3_725, tax: 7_823, total: 86_048 });
    const takeaway = priceOrder(book, { mode: 'takeaway', lines });
    expect(takeaway).to.include({ subtotal: 74_500, serviceCharge: 0, tax: 7_450, total: 81_950 });
  });

  it('never prices a line below 0, whatever discount an option carries', () => {
    const catalog = demoCatalog();
    catalog.products[0]!.optionGroups[0]!.options[0]!.priceDelta = -1_000_000_000;
    const discounted = buildPriceBook(catalog);
    const optionId = catalog.products[0]!.optionGroups[0]!.options[0]!.id;
    const priced = priceOrder(discounted, { mode: 'dine_in', lines: [line(catalog.products[0]!.id, 3, [optionId])] });
    expect(priced.lines[0]).to.include({ unitPrice: 0, lineTotal: 0 });
    expect(priced.total).to.equal(0);
  });

  it('rounds half amounts the way Math.round does', () => {
    expect(orderTotals(15_005, 'takeaway', { taxRateBps: 1000, serviceChargeBps: 0 })).to.deep.equal({ serviceCharge: 0, tax: 1_501, total: 16_506 });
    expect(orderTotals(10, 'dine_in', { taxRateBps: 1100, serviceChargeBps: 500 })).to.deep.equal({ serviceCharge: 1, tax: 1, total: 12 });
  });

  it('refuses an unknown product with 422 unknown_product', () => {
    expect(rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-nope')] }))).to.include({ status: 422, code: 'unknown_product' });
  });

  it('refuses an unknown option with 422 unknown_option', () => {
    const err = rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-burger', 1, ['o-regular', 'o-gold'])] }));
    expect(err).to.include({ status: 422, code: 'unknown_option' });
  });

  it('refuses an option of another product, a missing required choice, too many choices and a repeat with 422 invalid_options', () => {
    const cases = [
      ['o-less-sugar', 'o-regular'],
      [],
      ['o-regular', 'o-large'],
      ['o-regular', 'o-cheese', 'o-bacon', 'o-cheese'],
      ['o-regular', 'o-cheese', 'o-cheese'],
    ];
    for (const optionIds of cases) {
      expect(rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-burger', 1, optionIds)] })), optionIds.join(','))
        .to.include({ status: 422, code: 'invalid_options' });
    }
  });

  it('refuses a sold-out product or option with 409 product_unavailable', () => {
    expect(rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-soto')] }))).to.include({ status: 409, code: 'product_unavailable' });
    expect(rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-burger', 1, ['o-regular', 'o-egg'])] })))
      .to.include({ status: 409, code: 'product_unavailable' });
  });

  it('refuses a kiosk total that differs from the server price with 409 total_mismatch and both figures', () => {
    const err = rejection(() => priceOrder(book, { mode: 'takeaway', lines: [line('p-fries')], expectedTotal: 15_500 }));
    expect(err).to.include({ status: 409, code: 'total_mismatch' });
    expect(err.details).to.deep.equal({ expected: 15_500, actual: 17_050 });
    expect(priceOrder(book, { mode: 'takeaway', lines: [line('p-fries')], expectedTotal: 17_050 }).total).to.equal(17_050);
  });
});
