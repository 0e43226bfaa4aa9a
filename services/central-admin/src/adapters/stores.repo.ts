import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { conflict, inTransaction, notFound, type Pool, type PoolClient } from '@kiosk/kit';
import { catalogSourceOf, leafUserOf, type CreateStoreInput, type LeafCredentials, type StoreView } from '../domain/stores.js';
import { recordAudit, type Actor } from './audit.repo.js';
import { writeStoreSettings } from './catalog.repo.js';

/** Told on every change of the stores table, in the changing transaction: the hub's accounts follow it. */
export const storesChannel = 'central_stores';

interface StoreRow { id: string; name: string; address: string; enabled: boolean; leaf_user: string; created_at: Date; updated_at: Date; settings: Record<string, unknown> | null }
const toView = (r: StoreRow): StoreView => ({
  id: r.id, name: r.name, address: r.address, enabled: r.enabled, leafUser: r.leaf_user, settings: r.settings,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});
const selectStores = `SELECT s.id, s.name, s.address, s.enabled, s.leaf_user, s.created_at, s.updated_at, ss.settings
  FROM central_admin.stores s LEFT JOIN central_admin.store_settings ss ON ss.store_id = s.id`;

/** The chain's stores (central_admin.stores): adding one issues its leaf credentials, disabling one locks its link. */
export class StoresRepo {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<StoreView[]> {
    return (await this.pool.query<StoreRow>(`${selectStores} ORDER BY s.id`)).rows.map(toView);
  }

  /** The ids of every store, enabled or not (a disabled store's data at central is still shown). */
  async ids(): Promise<string[]> {
    return (await this.pool.query<{ id: string }>('SELECT id FROM central_admin.stores ORDER BY id')).rows.map((r) => r.id);
  }

  /** Adds a store with its settings (published to it) and a new leaf password, returned once and kept only as a hash. */
  async create(input: CreateStoreInput, actor: Actor): Promise<{ store: StoreView; leaf: LeafCredentials }> {
    const password = randomBytes(18).toString('base64url');
    // bcrypt, what nats-server checks a leaf's password against (it takes the hash in place of the password). Cost
    // 4: the password is 144 random bits, and the hub pays the cost on every leaf login (a fleet reconnecting at once).
    const hash = await bcrypt.hash(password, 4);
    const user = leafUserOf(input.id);
    return inTransaction(this.pool, async (client) => {
      const added = await client.query(
        `INSERT INTO central_admin.stores (id, name, address, leaf_user, leaf_password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [input.id, input.settings.storeName, input.address, user, hash]);
      if (!added.rowCount) throw conflict('store_exists', `store ${input.id} already exists`, { storeId: input.id });
      await writeStoreSettings(client, input.id, input.settings, actor);
      await recordAudit(client, actor, { action: 'create_store', entityType: 'store', entityId: input.id, before: null,
        after: { id: input.id, name: input.settings.storeName, address: input.address, enabled: true, leafUser: user } });
      await notifyChange(client, input.id);
      return { store: await this.one(client, input.id), leaf: { user, password, catalogSource: catalogSourceOf(input.id) } };
    });
  }

  /** Enables or disables a store: a disabled store's leaf login is refused (and its open link closed) by the hub. */
  async setEnabled(storeId: string, enabled: boolean, actor: Actor): Promise<StoreView> {
    return inTransaction(this.pool, async (client) => {
      const was = (await client.query<{ enabled: boolean }>('SELECT enabled FROM central_admin.stores WHERE id = $1 FOR UPDATE', [storeId])).rows[0];
      if (!was) throw notFound('store', storeId);
      await client.query('UPDATE central_admin.stores SET enabled = $2, updated_at = now() WHERE id = $1', [storeId, enabled]);
      await recordAudit(client, actor, { action: enabled ? 'enable_store' : 'disable_store', entityType: 'store', entityId: storeId,
        before: { enabled: was.enabled }, after: { enabled } });
      await notifyChange(client, storeId);
      return this.one(client, storeId);
    });
  }

  private async one(client: PoolClient, storeId: string): Promise<StoreView> {
    return toView((await client.query<StoreRow>(`${selectStores} WHERE s.id = $1`, [storeId])).rows[0]!);
  }
}

async function notifyChange(client: PoolClient, storeId: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [storesChannel, storeId]);
}
