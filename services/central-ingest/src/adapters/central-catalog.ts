import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { priceHistory, products } from '@kiosk/central-admin/schema';
import { dbOf, type PoolClient } from '@kiosk/kit';
import type { CentralCatalogView } from '../domain/order-batch.js';

/**
 * Central's catalog as central-admin keeps it (schema `central_admin`), read-only. central-admin owns those
 * tables, their one description (its schema, published as `@kiosk/central-admin/schema`) and every change;
 * ingest only reads the two facts the conflict rules need: a product's price at a given time and its current
 * availability. Before central-admin has migrated (first boot), there is no central catalog yet, so nothing
 * can be compared: the rules see "unknown", never a made-up value.
 */
const UNDEFINED_TABLE = '42P01';

/** The driver's error code, whether pg's error comes bare or wrapped by drizzle (its cause). */
const codeOf = (err: unknown): string | undefined => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code;
};

/**
 * The catalog facts for many orders at once (a batch from one store stream): each order's products priced at
 * that order's own time, in two queries whatever the batch size. Answers in the order of `orders`.
 */
export async function centralCatalogForOrders(client: PoolClient, orders: { productIds: string[]; at: string }[]): Promise<CentralCatalogView[]> {
  const prices = orders.map(() => new Map<string, number>());
  const availability = new Map<string, boolean>();
  const pairs = orders.flatMap((o, i) => [...new Set(o.productIds)].map((productId) => ({ i, productId, at: o.at })));
  if (pairs.length > 0) {
    const db = dbOf(client);
    try {
      await client.query('SAVEPOINT central_catalog');
      // The (order, product, time) pairs are parameters, not a table: `unnest(...) AS asked(i, product_id, at)`
      // names their columns in the text; each is priced by the newest price_history row at its time.
      const asked = { i: sql<number>`asked.i`, productId: sql<string>`asked.product_id`, at: sql<string>`asked.at` };
      const priced = db.select({ price: priceHistory.price }).from(priceHistory)
        .where(and(eq(priceHistory.productId, asked.productId), lte(priceHistory.effectiveAt, asked.at)))
        .orderBy(desc(priceHistory.effectiveAt), desc(priceHistory.version)).limit(1).as('priced');
      const p = await db.select({ i: asked.i, productId: asked.productId, price: priced.price })
        .from(sql`unnest(${sql.param(pairs.map((x) => x.i))}::int[], ${sql.param(pairs.map((x) => x.productId))}::text[], ${sql.param(pairs.map((x) => x.at))}::timestamptz[]) AS asked(i, product_id, at)`)
        .crossJoinLateral(priced);
      for (const r of p) prices[r.i]!.set(r.productId, r.price);
      const ids = [...new Set(pairs.map((x) => x.productId))];
      const a = await db.select({ id: products.id, available: products.available }).from(products).where(inArray(products.id, ids));
      for (const r of a) availability.set(r.id, r.available);
      await client.query('RELEASE SAVEPOINT central_catalog');
    } catch (err) {
      if (codeOf(err) !== UNDEFINED_TABLE) throw err;
      await client.query('ROLLBACK TO SAVEPOINT central_catalog');
    }
  }
  return prices.map((byId) => ({ priceAt: (id) => byId.get(id), available: (id) => availability.get(id) }));
}
