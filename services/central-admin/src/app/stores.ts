import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { conflict, dbOf, inTransaction, notFound, type Pool } from '@kiosk/kit';
import { catalogSourceOf, leafUserOf, storeAddedAudit, storeEnabledAudit, type CreateStoreInput, type LeafCredentials, type StoreView } from '../domain/stores.js';
import { StoresRepo } from '../adapters/stores.repo.js';
import { recordAudit, type Actor } from '../adapters/audit.repo.js';
import { CatalogTransaction, changeStoreSettings } from './catalog.js';

/** The chain's stores: adding one issues its leaf credentials and publishes its settings, disabling one locks its link. */
export class StoresService {
  private readonly reads: StoresRepo;

  constructor(private readonly pool: Pool) {
    this.reads = new StoresRepo(dbOf(pool));
  }

  list(): Promise<StoreView[]> {
    return this.reads.list();
  }

  /** The ids of every store, enabled or not (a disabled store's data at central is still shown). */
  ids(): Promise<string[]> {
    return this.reads.ids();
  }

  /** Adds a store with its settings (published to it) and a new leaf password, returned once and kept only as a hash. */
  async create(input: CreateStoreInput, actor: Actor): Promise<{ store: StoreView; leaf: LeafCredentials }> {
    const password = randomBytes(18).toString('base64url');
    // bcrypt, what nats-server checks a leaf's password against (it takes the hash in place of the password). Cost
    // 4: the password is 144 random bits, and the hub pays the cost on every leaf login (a fleet reconnecting at once).
    const hash = await bcrypt.hash(password, 4);
    const user = leafUserOf(input.id);
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      const stores = new StoresRepo(db);
      const added = await stores.add({ id: input.id, name: input.settings.storeName, address: input.address, leafUser: user, leafPasswordHash: hash });
      if (!added) throw conflict('store_exists', `store ${input.id} already exists`, { storeId: input.id });
      await changeStoreSettings(new CatalogTransaction(client), input.id, input.settings, actor);
      await recordAudit(db, actor, storeAddedAudit(input, user));
      await stores.notifyChange(input.id);
      return { store: (await stores.one(input.id))!, leaf: { user, password, catalogSource: catalogSourceOf(input.id) } };
    });
  }

  /** Enables or disables a store: a disabled store's leaf login is refused (and its open link closed) by the hub. */
  async setEnabled(storeId: string, enabled: boolean, actor: Actor): Promise<StoreView> {
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      const stores = new StoresRepo(db);
      const was = await stores.lockedEnabled(storeId);
      if (was === null) throw notFound('store', storeId);
      await stores.setEnabled(storeId, enabled);
      await recordAudit(db, actor, storeEnabledAudit(storeId, was, enabled));
      await stores.notifyChange(storeId);
      return (await stores.one(storeId))!;
    });
  }
}
