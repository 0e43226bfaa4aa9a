/** How a store's sync state reads on the fleet page: worst first, ages in words a person can scan. */
import type { FleetStore } from '../api/types.ts';

export type Health = 'ok' | 'warning' | 'critical' | 'unknown';

/** A store needs attention when its link is down or stale, or when an alert fires; critical alerts win. */
export function storeHealth(store: FleetStore): Health {
  if (store.alerts.some((a) => a.severity === 'critical')) return 'critical';
  if (store.link === 'offline' || store.link === 'stale') return 'critical';
  if (store.alerts.length || (store.pendingUpload ?? 0) > 100) return 'warning';
  if (store.link === 'unknown') return 'unknown';
  return 'ok';
}

const rank: Record<Health, number> = { critical: 0, warning: 1, unknown: 2, ok: 3 };

/** Stores that need attention first, then by id, so the top of the page is what IT must act on. */
export function sortFleet(stores: readonly FleetStore[]): FleetStore[] {
  return [...stores].sort((a, b) => rank[storeHealth(a)] - rank[storeHealth(b)] || a.storeId.localeCompare(b.storeId));
}

export interface Age { unit: 'seconds' | 'minutes' | 'hours' | 'days'; value: number }

/** Time since `iso` at `nowMs`, in the largest whole unit; null for never. A clock ahead of ours reads 0 s. */
export function ageOf(iso: string | null, nowMs: number): Age | null {
  if (!iso) return null;
  const seconds = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return null;
  if (seconds < 60) return { unit: 'seconds', value: seconds };
  if (seconds < 3600) return { unit: 'minutes', value: Math.floor(seconds / 60) };
  if (seconds < 86_400) return { unit: 'hours', value: Math.floor(seconds / 3600) };
  return { unit: 'days', value: Math.floor(seconds / 86_400) };
}

/**
 * Central stamps each catalog change with a version that is never below the wall clock in milliseconds, so a
 * version from central reads best as the time of that change; a small one (a store's seed menu) stays a number.
 */
export function catalogVersionTime(version: number | null): string | null {
  return version !== null && version >= 1e12 ? new Date(version).toISOString() : null;
}

/** A figure from a store's heartbeat as the page shows it: one the store could not read says so, never 0. */
export function figureText(value: number | null, format: (n: number) => string, unknown: string): string {
  return value === null ? unknown : format(value);
}
