import { Router } from 'express';
import { z } from 'zod';
import { streams, type CentralConflictsView, type CentralStoresView } from '@kiosk/contracts';
import { notFound, parse, type Pool } from '@kiosk/kit';
import { findOrder, listConflicts, storeSync } from '../adapters/views.repo.js';
import { linkStatus } from '../domain/store-status.js';

const globalIdParam = z.object({ globalId: z.uuid() });
const conflictsQuery = z.object({
  kind: z.enum(['price_override', 'order_number_collision', 'availability_mismatch']).optional(),
  storeId: z.string().max(31).optional(),
  globalId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Central's read API: committed orders, each store's sync status, and every conflict. */
export function centralRoutes(d: { pool: Pool; stores: string[]; staleSeconds: number }): Router {
  const r = Router();
  r.get('/api/orders/:globalId', async (req, res) => {
    const { globalId } = parse(globalIdParam, req.params);
    const order = await findOrder(d.pool, globalId);
    if (!order) throw notFound('order', globalId);
    res.json(order);
  });
  r.get('/api/stores', async (_req, res) => {
    const rows = await storeSync(d.pool, d.stores, d.stores.map((s) => streams.sales(s)));
    const now = new Date();
    const body: CentralStoresView = {
      stores: rows.map((s) => ({
        storeId: s.storeId,
        link: linkStatus(s.sentAt && s.linkUp !== null ? { sentAt: s.sentAt, linkUp: s.linkUp } : null, now, d.staleSeconds),
        lastHeartbeatAt: s.sentAt?.toISOString() ?? null, pendingUpload: s.pendingUpload,
        ordersCommitted: s.ordersCommitted, lastReceiptSeq: s.lastReceiptSeq,
      })),
    };
    res.json(body);
  });
  r.get('/api/conflicts', async (req, res) => {
    const body: CentralConflictsView = { conflicts: await listConflicts(d.pool, parse(conflictsQuery, req.query)) };
    res.json(body);
  });
  return r;
}
