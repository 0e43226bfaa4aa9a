import { conflict, dbOf, enqueueEvents, inTransaction, notFound, unprocessable, type Pool, type PoolClient } from '@kiosk/kit';
import type { CatalogView } from '@kiosk/contracts';
import { previewOf, type CategoryInput, type ProductInput, type StoreSettingsInput } from '../domain/catalog.js';
import {
  existenceRefusal, planAvailability, planCategoryChange, planProductChange, planStorePrice, planStoreSettings, stampsAfter,
  type CatalogChange, type ProductWrite, type Stamp, type WriteMode,
} from '../domain/catalog-changes.js';
import type { AuditEntry } from '../domain/audit.js';
import { CatalogRepo } from '../adapters/catalog.repo.js';
import { adminOutbox, outboxEventOf } from '../adapters/catalog-events.js';
import { recordAudit, type Actor } from '../adapters/audit.repo.js';

/** One catalog write's transaction: the catalog's tables, and where its changes and its audit line go with it. */
export class CatalogTransaction {
  readonly catalog: CatalogRepo;
  private readonly db;

  constructor(private readonly client: PoolClient) {
    this.db = dbOf(client);
    this.catalog = new CatalogRepo(this.db);
  }

  /** `count` stamps in catalog order, under the clock row's lock (held until the transaction ends). */
  async stamps(count: number): Promise<Stamp[]> {
    const stamps = stampsAfter(await this.catalog.lockedClockVersion(), new Date(), count);
    if (stamps.length > 0) await this.catalog.setClockVersion(stamps.at(-1)!.version);
    return stamps;
  }

  /** Queues the changes for the stores (outbox) and writes the audit line, both committed with the change. */
  async record(changes: CatalogChange[], actor: Actor, audit: AuditEntry): Promise<void> {
    await enqueueEvents(this.client, adminOutbox, changes.map(outboxEventOf));
    await recordAudit(this.db, actor, audit);
  }
}

/**
 * A store's settings as one versioned, audited catalog change to it, inside the caller's transaction (adding a
 * store writes its first settings in the transaction that adds it).
 */
export async function changeStoreSettings(tx: CatalogTransaction, storeId: string, settings: StoreSettingsInput, actor: Actor) {
  const before = await tx.catalog.lockedStoreSettings(storeId);
  const [stamp] = await tx.stamps(1);
  const plan = planStoreSettings(storeId, before, settings, stamp!);
  await tx.catalog.writeStoreSettings(plan.row);
  await tx.record(plan.changes, actor, plan.audit);
  return plan.answer;
}

/** Central's catalog: the state the stores converge on. Each write is one transaction with its events and audit line. */
export class CatalogService {
  private readonly reads: CatalogRepo;

  constructor(private readonly pool: Pool) {
    this.reads = new CatalogRepo(dbOf(pool));
  }

  private write<T>(fn: (tx: CatalogTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => fn(new CatalogTransaction(client)));
  }

  async snapshot() {
    const [cats, prods, settings] = await Promise.all([this.reads.categories(), this.reads.products(), this.reads.allStoreSettings()]);
    return {
      categories: cats.map((c) => ({ id: c.id, name: c.name, sortOrder: c.sortOrder, imageUrl: c.imageUrl, version: c.version })),
      products: prods,
      storeSettings: settings.map((s) => ({ storeId: s.storeId, ...s.settings, version: s.version })),
    };
  }

  /** One store's menu as its kiosk will show it: central's catalog with that store's prices and sold-out flags. */
  async storePreview(storeId: string): Promise<CatalogView & { settingsFromCentral: boolean }> {
    const [snap, prices, avail, version] = await Promise.all([
      this.snapshot(), this.reads.storePricesAt(storeId), this.reads.storeAvailabilityAt(storeId), this.reads.clockVersion(),
    ]);
    const own = snap.storeSettings.find((x) => x.storeId === storeId) as (StoreSettingsInput & { storeId: string }) | undefined;
    const price = new Map(prices.map((r) => [r.productId, r.price]));
    const available = new Map(avail.map((r) => [r.productId, r.available]));
    return previewOf({ storeId, version, settings: own, categories: snap.categories, products: snap.products, price, available });
  }

  async upsertCategory(c: CategoryInput, mode: WriteMode, actor: Actor) {
    return this.write(async (tx) => {
      const before = await tx.catalog.lockedCategory(c.id);
      refuse(existenceRefusal(mode, before !== null), 'category', c.id);
      const [stamp] = await tx.stamps(1);
      const plan = planCategoryChange(before, c, mode, stamp!);
      await tx.catalog.writeCategory(plan.row);
      await tx.record(plan.changes, actor, plan.audit);
      return plan.row;
    });
  }

  async createProduct(p: ProductInput, actor: Actor) {
    return this.write(async (tx) => {
      refuse(existenceRefusal('create', (await tx.catalog.lockedProduct(p.id)) !== null), 'product', p.id);
      await requireCategory(tx, p.categoryId);
      return writeProduct(tx, { action: 'create', product: p }, actor);
    });
  }

  async replaceProduct(p: ProductInput, actor: Actor) {
    return this.write(async (tx) => {
      const before = await tx.catalog.lockedProduct(p.id);
      if (!before) throw notFound('product', p.id);
      await requireCategory(tx, p.categoryId);
      return writeProduct(tx, { action: 'update', before, product: p }, actor);
    });
  }

  /** The product's price everywhere, or one store's own price for it (`storeId`). */
  async setPrice(id: string, price: number, actor: Actor, storeId?: string) {
    return this.write(async (tx) => {
      const before = await tx.catalog.lockedProduct(id);
      if (!before) throw notFound('product', id);
      if (!storeId) return writeProduct(tx, { action: 'set_price', before, price }, actor);
      const was = await tx.catalog.lockedStorePrice(storeId, id);
      const [stamp] = await tx.stamps(1);
      const plan = planStorePrice(before, storeId, was, price, stamp!);
      await tx.catalog.writeStorePrice(plan.row);
      await tx.record(plan.changes, actor, plan.audit);
      return plan.answer;
    });
  }

  /** Sold out / back: everywhere (central's product changes), or at one store only (its own subject). */
  async setAvailability(id: string, available: boolean, actor: Actor, storeId?: string) {
    return this.write(async (tx) => {
      const product = await tx.catalog.lockedProduct(id);
      if (!product) throw notFound('product', id);
      const [stamp] = await tx.stamps(1);
      const atStore = storeId ? { storeId, wasAtStore: await tx.catalog.storeAvailability(storeId, id) } : undefined;
      const plan = planAvailability(product, available, stamp!, atStore);
      if (plan.product) await tx.catalog.setProductAvailability(id, available, stamp!);
      if (plan.storeRow) await tx.catalog.writeStoreAvailability(plan.storeRow);
      await tx.record(plan.changes, actor, plan.audit);
      return plan.answer;
    });
  }

  async setStoreSettings(storeId: string, settings: StoreSettingsInput, actor: Actor) {
    return this.write((tx) => changeStoreSettings(tx, storeId, settings, actor));
  }
}

/** A product write with its price history and every store override republished after it. */
async function writeProduct(tx: CatalogTransaction, write: ProductWrite, actor: Actor) {
  const product = write.action === 'set_price' ? write.before : write.product;
  const overrides = await tx.catalog.storePricesOf(product.id);
  const plan = planProductChange(write, overrides, await tx.stamps(1 + overrides.length));
  await tx.catalog.writeProduct(plan.row);
  if (plan.priceHistory) await tx.catalog.addPriceHistory(plan.priceHistory);
  for (const o of plan.republished) await tx.catalog.restampStorePrice(o.storeId, o.productId, o.stamp);
  await tx.record(plan.changes, actor, plan.audit);
  return plan.row;
}

async function requireCategory(tx: CatalogTransaction, categoryId: string): Promise<void> {
  if (!(await tx.catalog.categoryExists(categoryId))) throw unprocessable('unknown_category', `category ${categoryId} does not exist at central`, { categoryId });
}

function refuse(refusal: ReturnType<typeof existenceRefusal>, entity: 'category' | 'product', id: string): void {
  if (refusal === 'already_exists') throw conflict('already_exists', `${entity} ${id} already exists`, { id });
  if (refusal === 'not_found') throw notFound(entity, id);
}
