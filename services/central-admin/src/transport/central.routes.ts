import { z } from 'zod';
import { streams, type CentralStoresView } from '@kiosk/contracts';
import { notFound, parse, type Logger, type Pool } from '@kiosk/kit';
import { linkStatus } from '../domain/store-status.js';
import { resolveRequest } from '../domain/conflict-review.js';
import { findOrder, storeSync, type StoreSyncRow } from '../adapters/central-views.repo.js';
import { findZReports } from '../adapters/counter-views.repo.js';
import type { ConflictsRepo } from '../adapters/conflicts.repo.js';
import { firingAlertsByStore } from '../adapters/fleet.prometheus.js';
import type { Api } from './api.js';

const globalIdParam = z.object({ globalId: z.uuid() });
const conflictId = z.object({ id: z.coerce.number().int().min(1) });
export const conflictsQuery = z.object({
  kind: z.enum(['price_override', 'order_number_collision', 'availability_mismatch', 'offline_card_declined', 'offline_card_expired']).optional(),
  storeId: z.string().max(31).optional(),
  globalId: z.uuid().optional(),
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const zReportsQuery = z.strictObject({
  storeId: z.string().max(31).optional(),
  day: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export interface FleetDeps { pool: Pool; stores: () => Promise<string[]>; staleSeconds: number; prometheusUrl?: string; logger: Logger }

const link = (s: StoreSyncRow, now: Date, staleSeconds: number) =>
  linkStatus(s.sentAt ? { sentAt: s.sentAt, linkUp: s.linkUp } : null, now, staleSeconds);

/** Orders central holds, the stores and their sync, the fleet with its alerts, and the conflict review queue. */
export function centralRoutes(api: Api, deps: FleetDeps, conflicts: ConflictsRepo): void {
  const sync = async () => {
    const ids = await deps.stores();
    return storeSync(deps.pool, ids, ids.map((s) => streams.sales(s)));
  };
  api.route({ method: 'get', path: '/api/orders/:globalId', access: 'orders', tag: 'orders', summary: 'An order as central committed it', params: globalIdParam },
    async (req, res) => {
      const { globalId } = parse(globalIdParam, req.params);
      const order = await findOrder(deps.pool, globalId);
      if (!order) throw notFound('order', globalId);
      res.json(order);
    });
  api.route({ method: 'get', path: '/api/z-reports', access: 'reports', tag: 'orders', summary: "The stores' Z reports as they closed their days, newest day first", query: zReportsQuery },
    async (req, res) => {
      res.json({ zReports: await findZReports(deps.pool, parse(zReportsQuery, req.query)) });
    });
  api.route({ method: 'get', path: '/api/stores', access: 'signedIn', tag: 'stores', summary: 'Every store with its link, pending upload, last heartbeat and orders committed' },
    async (_req, res) => {
      const now = new Date();
      const body: CentralStoresView = {
        stores: (await sync()).map((s) => ({
          storeId: s.storeId, link: link(s, now, deps.staleSeconds), lastHeartbeatAt: s.sentAt?.toISOString() ?? null,
          pendingUpload: s.pendingUpload, ordersCommitted: s.ordersCommitted, lastReceiptSeq: s.lastReceiptSeq,
          offlineCardsPending: s.offlineCardsPending, offlineCardsPendingAmount: s.offlineCardsPendingAmount,
        })),
      };
      res.json(body);
    });
  api.route({ method: 'get', path: '/api/admin/fleet', access: 'signedIn', tag: 'stores', summary: 'Every store with its sync health and the alerts firing now (Prometheus)' },
    async (_req, res) => {
      const [rows, alerts] = await Promise.all([sync(), firingAlertsByStore(deps.prometheusUrl, deps.logger)]);
      const now = new Date();
      res.json({
        stores: rows.map((s) => ({
          storeId: s.storeId, link: link(s, now, deps.staleSeconds), lastHeartbeatAt: s.sentAt?.toISOString() ?? null, pendingUpload: s.pendingUpload,
          lastSyncAt: s.lastSyncAt, version: s.version, catalogVersion: s.catalogVersion, ordersCommitted: s.ordersCommitted, alerts: alerts?.get(s.storeId) ?? [],
          offlineCardsPending: s.offlineCardsPending, offlineCardsPendingAmount: s.offlineCardsPendingAmount,
        })),
        alertsSource: alerts ? 'prometheus' : 'unavailable',
      });
    });
  api.route({ method: 'get', path: '/api/conflicts', access: 'conflictsRead', tag: 'conflicts', summary: 'The conflict review queue, newest first', query: conflictsQuery },
    async (req, res) => {
      res.json({ conflicts: await conflicts.list(parse(conflictsQuery, req.query)) });
    });
  api.route({ method: 'post', path: '/api/conflicts/:id/resolve', access: 'conflictsDecide', tag: 'conflicts',
    summary: 'Accept or adjust (with a note) a conflict: audited, and sent to the store as a decision', params: conflictId, body: resolveRequest },
  async (req, res, caller) => {
    const { id } = parse(conflictId, req.params);
    res.json(await conflicts.resolve(id, parse(resolveRequest, req.body), caller.actor));
  });
}
