import type { Express } from 'express';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { RouteTable, unavailable, type StoreRouteDoc } from '@kiosk/kit';
import type { StatusFeed } from './status.feed.js';

/**
 * The store manager's status page reads these through the gateway (`/api/sync/...`). No pairing: the figures
 * are counts, times and sizes, nothing about customers or money, and the page must work for anyone on the LAN
 * who needs to know whether the store is reaching central.
 */
export function mountStatusRoutes(app: Express, deps: { view: () => Promise<StoreSyncStatusView>; feed: StatusFeed }, table = new RouteTable<StoreRouteDoc>()): void {
  const { router, route } = table.router();
  app.use(router);
  route({ method: 'get', path: '/api/sync/status', access: 'lan', tag: 'sync', summary: 'The store\'s sync status: link to central, pending upload, last sync' }, (_req, res, next) => {
    deps.view().then((view) => res.set('cache-control', 'no-store').json(view), next);
  });

  route({ method: 'get', path: '/api/sync/status/stream', access: 'lan', tag: 'sync', summary: 'The same figures, pushed live (Server-Sent Events)', produces: ['text/event-stream'] }, (_req, res, next) => {
    if (!deps.feed.hasRoom()) {
      next(unavailable('too_many_streams', 'too many status pages are open on this box; the page polls /api/sync/status instead'));
      return;
    }
    deps.feed.subscribe(res).catch(next);
  });
}
