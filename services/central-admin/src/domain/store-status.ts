import type { CentralLinkStatus } from '@kiosk/contracts';

/**
 * A store's link as central sees it, from its last heartbeat: none yet is unknown; one older than the stale
 * threshold means heartbeats stopped arriving (link or box down); otherwise what the store itself reported,
 * unknown when the store could not read its link.
 */
export function linkStatus(lastHeartbeat: { sentAt: Date; linkUp: boolean | null } | null, now: Date, staleSeconds: number): CentralLinkStatus {
  if (!lastHeartbeat) return 'unknown';
  if (now.getTime() - lastHeartbeat.sentAt.getTime() > staleSeconds * 1000) return 'stale';
  if (lastHeartbeat.linkUp === null) return 'unknown';
  return lastHeartbeat.linkUp ? 'online' : 'offline';
}
