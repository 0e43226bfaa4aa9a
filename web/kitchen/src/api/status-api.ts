/** The sync service's status API as the store status page uses it (shapes in `@kiosk/contracts/api`). */
import type { CatalogView, StoreSyncStatusView } from '@kiosk/contracts/api';
import { requestJson } from './http.ts';

export const statusStreamPath = '/api/sync/status/stream';

export async function fetchStatus(): Promise<StoreSyncStatusView> {
  return (await requestJson<StoreSyncStatusView>('/api/sync/status')).body;
}

/** The store's name, as its menu settings say; null when the catalog cannot be read (the page then shows the id only). */
export async function fetchStoreName(): Promise<string | null> {
  try {
    return (await requestJson<CatalogView>('/api/catalog')).body.settings.storeName || null;
  } catch {
    return null;
  }
}

/**
 * A status view from the stream's `data:` line, or null when it is not one. The page only draws what it can
 * trust: a garbled event must not blank the tiles.
 */
export function parseStatusView(data: string): StoreSyncStatusView | null {
  try {
    const value = JSON.parse(data) as Partial<StoreSyncStatusView> | null;
    if (!value || typeof value.storeId !== 'string' || typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return null;
    if (value.link !== 'up' && value.link !== 'down' && value.link !== 'unknown') return null;
    return value as StoreSyncStatusView;
  } catch {
    return null;
  }
}
