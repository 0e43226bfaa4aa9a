import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CatalogView, PlaceOrderRequest } from '@kiosk/contracts/api';

/** An order the store server has not acknowledged yet. Survives reloads and restarts (IndexedDB). */
export interface QueuedOrder {
  globalId: string;
  request: PlaceOrderRequest;
  /** Shown to the customer and printed until the server assigns the real order number. */
  provisionalNumber: string;
  total: number;
  currency: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** pending: will be retried; failed: the server refused it (4xx), staff must look at it. */
  status: 'pending' | 'failed';
  lastError?: string;
}

interface KioskDb extends DBSchema {
  outbox: { key: string; value: QueuedOrder };
  catalog: { key: string; value: { catalog: CatalogView; etag: string | null; savedAt: number } };
}

export type KioskDatabase = IDBPDatabase<KioskDb>;

/** Opens (and creates or upgrades) the kiosk's database. */
export function openKioskDb(name = 'kiosk'): Promise<KioskDatabase> {
  return openDB<KioskDb>(name, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'globalId' });
      db.createObjectStore('catalog');
    },
  });
}
