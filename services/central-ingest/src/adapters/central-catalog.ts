import { inArray, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { priceHistory, products } from '@kiosk/central-admin/schema';
import type { CentralCatalogView } from '../domain/order-batch.js';

/**
 * Central's catalog as central-admin keeps it (schema `central_admin`, described by central-admin's schema),
 * read-only. central-admin owns those tables and publishes every change; ingest only reads the two facts the
 * conflict rules need: a product's price at a given time and its current availability. Before central-admin has
 * migrated (first boot), there is no central catalog yet, so nothing can be compared: the rules see "unknown",
 * never a made-up value.
 */
const UNDEFINED_TABLE = '42P01';

/** The driver's error code, under drizzle's wrapping (its DrizzleQueryError holds the pg error as its cause). */
const pgCode = (err: unknown): string | undefined =>
  (err as { code?: string }).code ?? ((err as { cause?: { code?: string } }).cause)?.code;

/**
 * The catalog facts for many orders at once (a batch from one store stream): each order's products priced at
 * that order's own time, in two queries whatever the batch size. Answers in the order of `orders`.
 */
export async function centralCatalogForOrders(db: NodePgDatabase, orders: { productIds: string[]; at: string }[]): Promise<CentralCatalogView[]> {
  const prices = orders.map(() => new Map<string, number>());
  const availability = new Map<string, boolean>();
  const pairs = orders.flatMap((o, i) => [...new Set(o.productIds)].map((productId) => ({ i, productId, at: o.at })));
  if (pairs.length > 0) {
    try {
      await db.execute(sql`SAVEPOINT central_catalog`);
      const p = await db.execute<{ i: number; product_id: string; price: number }>(sql`
        SELECT q.i, q.product_id, p.price
          FROM unnest(${sql.param(pairs.map((x) => x.i))}::int[], ${sql.param(pairs.map((x) => x.productId))}::text[], ${sql.param(pairs.map((x) => x.at))}::timestamptz[]) AS q(i, product_id, at)
          CROSS JOIN LATERAL (SELECT ${priceHistory.price} AS price FROM ${priceHistory}
                               WHERE ${priceHistory.productId} = q.product_id AND ${priceHistory.effectiveAt} <= q.at
                               ORDER BY ${priceHistory.effectiveAt} DESC, ${priceHistory.version} DESC LIMIT 1) p`);
      for (const r of p.rows) prices[r.i]!.set(r.product_id, r.price);
      const ids = [...new Set(pairs.map((x) => x.productId))];
      const a = await db.select({ id: products.id, available: products.available }).from(products).where(inArray(products.id, ids));
      for (const r of a) availability.set(r.id, r.available);
      await db.execute(sql`RELEASE SAVEPOINT central_catalog`);
    } catch (err) {
      if (pgCode(err) !== UNDEFINED_TABLE) throw err;
      await db.execute(sql`ROLLBACK TO SAVEPOINT central_catalog`);
    }
  }
  return prices.map((byId) => ({ priceAt: (id) => byId.get(id), available: (id) => availability.get(id) }));
}
