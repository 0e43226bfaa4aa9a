import { expect } from 'chai';
import { assembleView, etagOf, matchesEtag, type CatalogState } from '../../src/domain/catalog-view.js';

const state = (over: Partial<CatalogState> = {}): CatalogState => ({
  storeId: 's1',
  version: 7,
  categories: [{ id: 'drinks', name: 'Minuman', sortOrder: 2, imageUrl: '' }, { id: 'rice', name: 'Nasi', sortOrder: 1, imageUrl: '' }],
  products: [
    {
      id: 'tea', categoryId: 'drinks', name: 'Teh', description: '', imageUrl: '', price: 8000, available: true, station: 'drinks', sortOrder: 1,
      optionGroups: [{ id: 'temp', name: 'Es/Panas', min: 1, max: 1, options: [
        { id: 'ice', name: 'Es', priceDelta: 0, available: true }, { id: 'hot', name: 'Panas', priceDelta: 0, available: true }] }],
    },
    { id: 'orphan', categoryId: 'gone', name: 'Orphan', description: '', imageUrl: '', price: 1, available: true, station: 'wok', sortOrder: 1, optionGroups: [] },
  ],
  availability: [],
  settings: [],
  ...over,
});

describe('catalog view', () => {
  it('orders categories by sortOrder and hides products of a removed category', () => {
    const view = assembleView(state());
    expect(view.categories.map((c) => c.id)).to.deep.equal(['rice', 'drinks']);
    expect(view.products.map((p) => p.id)).to.deep.equal(['tea']);
  });

  it('shows a product sold out when its availability entry says so, even if the product says available', () => {
    const view = assembleView(state({ availability: [{ productId: 'tea', optionId: '', available: false }] }));
    expect(view.products[0]!.available).to.equal(false);
  });

  it('marks a single option sold out without touching the product or its other options', () => {
    const view = assembleView(state({ availability: [{ productId: 'tea', optionId: 'ice', available: false }] }));
    const options = view.products[0]!.optionGroups[0]!.options;
    expect(view.products[0]!.available).to.equal(true);
    expect(options.map((o) => [o.id, o.available])).to.deep.equal([['ice', false], ['hot', true]]);
  });

  it('prefers the store\'s own settings over settings for every store, and falls back to defaults', () => {
    const everyone = { storeId: '', storeName: 'All', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    const own = { ...everyone, storeId: 's1', storeName: 'Warung s1', taxRateBps: 1100 };
    expect(assembleView(state({ settings: [everyone, own] })).settings.storeName).to.equal('Warung s1');
    expect(assembleView(state({ settings: [everyone] })).settings.taxRateBps).to.equal(1000);
    expect(assembleView(state()).currency).to.equal('IDR');
  });

  it('matches If-None-Match lists, weak tags and * against the current ETag only', () => {
    const etag = etagOf('s1', 7);
    expect(etag).to.equal('"s1-7"');
    expect(matchesEtag('"s1-6", W/"s1-7"', etag)).to.equal(true);
    expect(matchesEtag('*', etag)).to.equal(true);
    expect(matchesEtag('"s1-6"', etag)).to.equal(false);
    expect(matchesEtag(undefined, etag)).to.equal(false);
  });
});
