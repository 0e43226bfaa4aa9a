import type { Express } from 'express';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { unavailable } from '@kiosk/kit';
import type { StatusFeed } from './status.feed.js';

/**
 * The store manager's status page reads these through the gateway (`/api/sync/...`). No pairing: the figures
 * are counts, times and sizes, nothing about customers or money, and the page must work for anyone on the LAN
 * who needs to know whether the store is reaching central.
 */
export function mountStatusRoutes(app: Express, d: { view: () => Promise<StoreSyncStatusView>; feed: StatusFeed }): void {
  app.get('/api/sync/status', (_req, res, next) => {
    d.view().then((view) => res.set('cache-control', 'no-store').json(view), next);
  });

  app.get('/api/sync/status/stream', (_req, res, next) => {
    if (!d.feed.hasRoom()) {
      next(unavailable('too_many_streams', 'too many status pages are open on this box; the page polls /api/sync/status instead'));
      return;
    }
    d.feed.subscribe(res).catch(next);
  });
}
