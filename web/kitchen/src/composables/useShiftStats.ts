/**
 * Shift statistics from `GET /api/kitchen/stats`, refreshed on a timer and whenever the caller says something
 * changed (any ticket event, debounced). Failures keep the last figures: stats are nice to have, tickets are not.
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

  // A rush sends many ticket events a second; one stats query after the burst is enough.
  let soon: ReturnType<typeof setTimeout> | undefined;
  function refreshSoon(): void {
    clearTimeout(soon);
    soon = setTimeout(() => void refresh(), 1000);
  }

  const timer = setInterval(() => void refresh(), everyMs);
  onScopeDispose(() => {
    clearInterval(timer);
    clearTimeout(soon);
  });
  return { stats, refresh, refreshSoon };
}
