import type { PoolClient } from '@kiosk/kit';

/**
 * Central's catalog as central-admin keeps it (schema `central_admin`), read-only. central-admin owns those
 * tables and publishes every change; ingest only reads the two facts the conflict rules need: a product's
 * price at a given time and its current availability. Before central-admin has migrated (first boot), there
 * is no central catalog yet, so nothing can be compared: the rules see "unknown", never a made-up value.
 */
export interface CentralCatalogView {
  priceAt(productId: string): number | undefined;
  available(productId: string): boolean | undefined;
}

const UNDEFINED_TABLE = '42P01';

export async function centralCatalogFor(client: PoolClient, productIds: string[], at: string): Promise<CentralCatalogView> {
  const ids = [...new Set(productIds)];
  const prices = new Map<string, number>();
  const availability = new Map<string, boolean>();
  if (ids.length > 0) {
    try {
      await client.query('SAVEPOINT central_catalog');
      const p = await client.query<{ product_id: string; price: number }>(
        `SELECT DISTINCT ON (product_id) product_id, price FROM central_admin.price_history
          WHERE product_id = ANY($1) AND effective_at <= $2 ORDER BY product_id, effective_at DESC, version DESC`, [ids, at]);
      for (const r of p.rows) prices.set(r.product_id, r.price);
      const a = await client.query<{ id: string; available: boolean }>('SELECT id, available FROM central_admin.products WHERE id = ANY($1)', [ids]);
      for (const r of a.rows) availability.set(r.id, r.available);
      await client.query('RELEASE SAVEPOINT central_catalog');
    } catch (err) {
      if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
      await client.query('ROLLBACK TO SAVEPOINT central_catalog');
    }
  }
  return { priceAt: (id) => prices.get(id), available: (id) => availability.get(id) };
}
