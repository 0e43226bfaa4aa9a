import { asc, eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { StoreView } from '../domain/stores.js';
import { stores, storeSettings } from './db/schema.js';
import { isoOf } from './db/timestamps.js';

/** Told on every change of the stores table, in the changing transaction: the hub's accounts follow it. */
export const storesChannel = 'central_stores';

/**
 * The chain's stores (central_admin.stores): reads and writes only; what adding or disabling one means is the
 * application service's (app/stores.ts).
 */
export class StoresRepo {
  constructor(private readonly db: NodePgDatabase) {}

  private select() {
    return this.db.select({
      id: stores.id, name: stores.name, address: stores.address, enabled: stores.enabled, leafUser: stores.leafUser,
      createdAt: stores.createdAt, updatedAt: stores.updatedAt, settings: storeSettings.settings,
    }).from(stores).leftJoin(storeSettings, eq(storeSettings.storeId, stores.id));
  }

  async list(): Promise<StoreView[]> {
    return (await this.select().orderBy(asc(stores.id))).map(toView);
  }

  async one(storeId: string): Promise<StoreView | null> {
    const r = await this.select().where(eq(stores.id, storeId));
    return r[0] ? toView(r[0]) : null;
  }

  /** The ids of every store, enabled or not (a disabled store's data at central is still shown). */
  async ids(): Promise<string[]> {
    return (await this.db.select({ id: stores.id }).from(stores).orderBy(asc(stores.id))).map((r) => r.id);
  }

  /** Adds the store; false when one with its id is there already (nothing written). */
  async add(row: { id: string; name: string; address: string; leafUser: string; leafPasswordHash: string }): Promise<boolean> {
    return (await this.db.insert(stores).values(row).onConflictDoNothing().returning({ id: stores.id })).length > 0;
  }

  /** Whether the store is enabled, locked until the transaction ends; null for no such store. */
  async lockedEnabled(storeId: string): Promise<boolean | null> {
    return (await this.db.select({ enabled: stores.enabled }).from(stores).where(eq(stores.id, storeId)).for('update'))[0]?.enabled ?? null;
  }

  async setEnabled(storeId: string, enabled: boolean): Promise<void> {
    await this.db.update(stores).set({ enabled, updatedAt: sql`now()` }).where(eq(stores.id, storeId));
  }

  /** Tells the hub's account watcher (LISTEN central_stores) at commit. */
  async notifyChange(storeId: string): Promise<void> {
    await this.db.execute(sql`SELECT pg_notify(${storesChannel}, ${storeId})`);
  }
}

const toView = (r: { id: string; name: string; address: string; enabled: boolean; leafUser: string; createdAt: string; updatedAt: string; settings: Record<string, unknown> | null }): StoreView => ({
  id: r.id, name: r.name, address: r.address, enabled: r.enabled, leafUser: r.leafUser, settings: r.settings,
  createdAt: isoOf(r.createdAt), updatedAt: isoOf(r.updatedAt),
});
