import type { RequestHandler } from 'express';
import { unavailable, type DiskState } from '@kiosk/kit';

/** How long the kiosk should wait before sending a queued order again while the disk is full. */
export const diskFullRetryAfterSeconds = 30;

/**
 * Refuses new orders while the box's disk is below the refuse threshold: a clear 503 `disk_full` the kiosk
 * queues on, before Postgres or JetStream fail a write half way. Reads the guard's last sample (no statfs here).
 */
export function diskGate(state: () => DiskState): RequestHandler {
  return (_req, _res, next) => {
    const s = state();
    if (s.level !== 'full') {
      next();
      return;
    }
    next(unavailable('disk_full', 'the store box is almost out of disk space; the order stays queued on the kiosk', {
      retryAfterSeconds: diskFullRetryAfterSeconds, freeBytes: s.worst?.freeBytes ?? null,
    }));
  };
}
