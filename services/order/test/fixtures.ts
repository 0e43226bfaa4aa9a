import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogView } from '@kiosk/contracts';

/** A small menu shaped like the demo's: a burger with a required size and optional toppings, drinks, a sold-out item. */
export function demoCatalog(version = 1): CatalogView {
  return {
    storeId: 'fixture',
    version,
    currency: 'IDR',
    settings: { storeName: 'Warung Uji', taxRateBps: 1000, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta' },
    categories: [{ id: 'c-main', name: 'Mains', sortOrder: 1, imageUrl: '' }],
    products: [
      {
        id: 'p-burger', categoryId: 'c-main', name: 'Beef Burger', description: '', imageUrl: '', price: 35_000, available: true,
        station: 'grill', sortOrder: 1,
        optionGroups: [
          { id: 'g-size', name: 'Size', min: 1, max: 1, options: [
            { id: 'o-regular', name: 'Regular', priceDelta: 0, available: true },
            { id: 'o-large', name: 'Large', priceDelta: 5_000, available: true },
          ] },
          { id: 'g-top', name: 'Toppings', min: 0, max: 2, options: [
            { id: 'o-cheese', name: 'Cheese', priceDelta: 3_000, available: true },
            { id: 'o-egg', name: 'Fried egg', priceDelta: 4_000, available: false },
            { id: 'o-bacon', name: 'Beef bacon', priceDelta: 6_000, available: true },
          ] },
        ],
      },
      {
        id: 'p-tea', categoryId: 'c-main', name: 'Es Teh', description: '', imageUrl: '', price: 8_000, available: true,
        station: 'drinks', sortOrder: 2,
        optionGroups: [{ id: 'g-sugar', name: 'Sugar', min: 0, max: 1, options: [{ id: 'o-less-sugar', name: 'Less sugar', priceDelta: 0, available: true }] }],
      },
      {
        id: 'p-fries', categoryId: 'c-main', name: 'Fries', description: '', imageUrl: '', price: 15_500, available: true,
        station: 'fryer', sortOrder: 3, optionGroups: [],
      },
      {
        id: 'p-soto', categoryId: 'c-main', name: 'Soto Ayam', description: '', imageUrl: '', price: 28_000, available: false,
        station: 'kitchen', sortOrder: 4, optionGroups: [],
      },
    ],
  };
}

/** The catalog upstream as a real HTTP server with ETag/304, like the catalog service's `GET /api/catalog`. */
export class CatalogFixture {
  catalog: CatalogView = demoCatalog();
  requests = 0;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (req.url !== '/api/catalog') return void res.writeHead(404).end();
      const etag = `"${this.catalog.version}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(JSON.stringify(this.catalog));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Publishes a new version (the order service sees it at its next refresh). */
  update(change: (c: CatalogView) => void): void {
    change(this.catalog);
    this.catalog.version++;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
