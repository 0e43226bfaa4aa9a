/**
 * Shift statistics from `GET /api/kitchen/stats`, refreshed on a timer and whenever the caller says something
 * changed (a ticket was served). Failures keep the last figures: stats are nice to have, tickets are not.
 */
import { onScopeDispose, ref, type Ref } from 'vue';
import type { KitchenStatsView } from '@kiosk/contracts/api';
import { fetchStats, isUnauthorized } from '../api/kitchen-api.ts';

export function useShiftStats(token: Ref<string | null>, onUnauthorized: () => void, everyMs = 20_000) {
  const stats = ref<KitchenStatsView | null>(null);
  let inFlight = false;

  async function refresh(): Promise<void> {
    if (!token.value || inFlight) return;
    inFlight = true;
    try {
      stats.value = await fetchStats(token.value);
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
    } finally {
      inFlight = false;
    }
  }

  const timer = setInterval(() => void refresh(), everyMs);
  onScopeDispose(() => clearInterval(timer));
  return { stats, refresh };
}
