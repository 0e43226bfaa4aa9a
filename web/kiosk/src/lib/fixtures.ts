import type { CatalogView, ProductView } from '@kiosk/contracts/api';

/** A small catalog for unit tests (not shipped: only *.test.ts import it). */
export function sampleCatalog(overrides: Partial<CatalogView['settings']> = {}): CatalogView {
  const burger: ProductView = {
    id: 'burger', categoryId: 'mains', name: 'Burger', description: '', imageUrl: '/media/products/burger.svg',
    price: 35_000, available: true, station: 'grill', sortOrder: 1,
    optionGroups: [
      { id: 'size', name: 'Size', min: 1, max: 1, options: [
        { id: 'regular', name: 'Regular', priceDelta: 0, available: true },
        { id: 'large', name: 'Large', priceDelta: 8_000, available: true },
      ] },
      { id: 'extras', name: 'Extras', min: 0, max: 2, options: [
        { id: 'cheese', name: 'Cheese', priceDelta: 5_000, available: true },
        { id: 'egg', name: 'Egg', priceDelta: 4_000, available: true },
        { id: 'truffle', name: 'Truffle', priceDelta: 20_000, available: false },
      ] },
    ],
  };
  const tea: ProductView = {
    id: 'tea', categoryId: 'drinks', name: 'Iced tea', description: '', imageUrl: '/media/products/tea.svg',
    price: 12_500, available: true, station: 'drinks', sortOrder: 2, optionGroups: [],
  };
  const soup: ProductView = { ...tea, id: 'soup', name: 'Soup', price: 20_000, available: false };
  return {
    storeId: 's1', version: 1, currency: 'IDR',
    settings: { storeName: 'Test', taxRateBps: 1_100, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta', ...overrides },
    categories: [{ id: 'mains', name: 'Mains', sortOrder: 1, imageUrl: '' }, { id: 'drinks', name: 'Drinks', sortOrder: 2, imageUrl: '' }],
    products: [burger, tea, soup],
  };
}
