import type { PoolClient } from '@kiosk/kit';
import type { CentralCatalogView } from '../domain/order-batch.js';

/**
 * Central's catalog as central-admin keeps it (schema `central_admin`), read-only. central-admin owns those
 * tables, their one description (its schema) and every change; ingest only reads the two facts the conflict
 * rules need: a product's price at a given time and its current availability. A service imports no other
 * service's code, so these two reads name central-admin's columns in SQL text: the one place central-ingest
 * does. Before central-admin has migrated (first boot), there
 * is no central catalog yet, so nothing can be compared: the rules see "unknown", never a made-up value.
 */
const UNDEFINED_TABLE = '42P01';

/**
 * The catalog facts for many orders at once (a batch from one store stream): each order's products priced at
 * that order's own time, in two queries whatever the batch size. Answers in the order of `orders`.
 */
export async function centralCatalogForOrders(client: PoolClient, orders: { productIds: string[]; at: string }[]): Promise<CentralCatalogView[]> {
  const prices = orders.map(() => new Map<string, number>());
  const availability = new Map<string, boolean>();
  const pairs = orders.flatMap((o, i) => [...new Set(o.productIds)].map((productId) => ({ i, productId, at: o.at })));
  if (pairs.length > 0) {
    try {
      await client.query('SAVEPOINT central_catalog');
      const p = await client.query<{ i: number; product_id: string; price: number }>(
        `SELECT q.i, q.product_id, p.price
           FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS q(i, product_id, at)
           CROSS JOIN LATERAL (SELECT price FROM central_admin.price_history ph
                                WHERE ph.product_id = q.product_id AND ph.effective_at <= q.at
                                ORDER BY ph.effective_at DESC, ph.version DESC LIMIT 1) p`,
        [pairs.map((x) => x.i), pairs.map((x) => x.productId), pairs.map((x) => x.at)]);
      for (const r of p.rows) prices[r.i]!.set(r.product_id, r.price);
      const ids = [...new Set(pairs.map((x) => x.productId))];
      const a = await client.query<{ id: string; available: boolean }>('SELECT id, available FROM central_admin.products WHERE id = ANY($1)', [ids]);
      for (const r of a.rows) availability.set(r.id, r.available);
      await client.query('RELEASE SAVEPOINT central_catalog');
    } catch (err) {
      if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
      await client.query('ROLLBACK TO SAVEPOINT central_catalog');
    }
  }
  return prices.map((byId) => ({ priceAt: (id) => byId.get(id), available: (id) => availability.get(id) }));
}
