import { createHash } from 'node:crypto';
import { isMediaType, sniffImageType, type OfflineCardSettings } from '@kiosk/contracts';
import type { EntityClock } from './clock.js';

/**
 * One catalog change as plain data (decoded from a `CatalogChanged` event by the adapters). The domain decides
 * which entity it touches and whether it is sane enough to apply.
 */
export interface CategoryData { id: string; name: string; sortOrder: number; imageUrl: string }
export interface OptionData { id: string; name: string; priceDelta: number; available: boolean }
export interface OptionGroupData { id: string; name: string; min: number; max: number; options: OptionData[] }
export interface ProductData {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  imageUrl: string;
  price: number;
  available: boolean;
  station: string;
  sortOrder: number;
  optionGroups: OptionGroupData[];
}
export interface AvailabilityData { productId: string; optionId: string; available: boolean }
export interface SettingsData {
  storeId: string;
  storeName: string;
  currency: string;
  taxRateBps: number;
  serviceChargeBps: number;
  locale: string;
  timeZone: string;
  /** Central's offline card rules for the store (minor units), or null for the order service's defaults. */
  offlineCard?: OfflineCardSettings | null;
}

/** An image uploaded at central: its name is the SHA-256 of `bytes`, its type what the bytes say they are. */
export interface MediaData { sha256: string; contentType: string; bytes: Uint8Array }

export type CatalogEntity =
  | { kind: 'category'; value: CategoryData }
  | { kind: 'product'; value: ProductData }
  | { kind: 'settings'; value: SettingsData }
  | { kind: 'availability'; value: AvailabilityData }
  | { kind: 'media'; value: MediaData };

export interface CatalogChange {
  clock: EntityClock;
  deleted: boolean;
  entity: CatalogEntity;
}

/**
 * The LWW key of the entity a change touches. Availability has its own key (`availability:<product>[:<option>]`)
 * so a "sold out" from the store and a product edit from central never overwrite each other; the view ANDs them.
 */
export function entityKey(entity: CatalogEntity): string {
  switch (entity.kind) {
    case 'category':
      return `category:${entity.value.id}`;
    case 'product':
      return `product:${entity.value.id}`;
    case 'settings':
      return `settings:${entity.value.storeId}`;
    case 'availability':
      return `availability:${entity.value.productId}${entity.value.optionId ? `:${entity.value.optionId}` : ''}`;
    case 'media':
      return `media:${entity.value.sha256}`;
  }
}

/**
 * What makes a change unusable (empty when it is fine). A deleted change only needs its id; an upsert must
 * describe an entity the kiosk and the order service can price.
 */
export function problemsOf(change: CatalogChange): string[] {
  const p: string[] = [];
  if (!Number.isSafeInteger(change.clock.version) || change.clock.version < 0) p.push('version must be a non-negative integer');
  const { entity } = change;
  if (entity.kind === 'media') return [...p, ...mediaProblems(entity.value)];
  const id = entity.kind === 'availability' ? entity.value.productId : entity.kind === 'settings' ? 'settings' : entity.value.id;
  if (!id) p.push(`${entity.kind} without an id`);
  // Postgres stores no NUL character: a change carrying one could never apply, and would be retried for ever.
  if (JSON.stringify([entity.value, change.clock]).includes('\\u0000')) p.push('a text contains a NUL character');
  if (change.deleted) return p;
  if (entity.kind === 'product') p.push(...productProblems(entity.value));
  if (entity.kind === 'category' && !entity.value.name) p.push('category without a name');
  if (entity.kind === 'settings') p.push(...settingsProblems(entity.value));
  return p;
}

function productProblems(product: ProductData): string[] {
  const p: string[] = [];
  if (!product.name) p.push('product without a name');
  if (!product.categoryId) p.push('product without a category');
  if (!isMoney(product.price)) p.push('price must be a non-negative integer in minor units');
  const optionIds = new Set<string>();
  for (const group of product.optionGroups) {
    if (group.min < 0 || group.max < group.min || group.max > group.options.length) {
      p.push(`option group ${group.id}: need 0 <= min <= max <= number of options`);
    }
    for (const option of group.options) {
      // Options are addressed by product and option id (availability, order lines): unique within a product.
      if (optionIds.has(option.id)) p.push(`option ${option.id} appears twice in product ${product.id}`);
      optionIds.add(option.id);
      if (!Number.isSafeInteger(option.priceDelta)) p.push(`option ${option.id}: priceDelta must be an integer`);
      // A discount option may make an item free, never pay the customer: money stays non-negative.
      else if (product.price + option.priceDelta < 0) p.push(`option ${option.id}: priceDelta must not take the price below 0`);
    }
  }
  return p;
}

/**
 * An image is served under its name for a year as immutable, so it must be exactly what the name says: the
 * bytes hash to it, and they are the accepted type they claim (checked again here: the store trusts no label).
 */
function mediaProblems(m: MediaData): string[] {
  const p: string[] = [];
  if (!/^[0-9a-f]{64}$/.test(m.sha256)) p.push('media without a SHA-256 name');
  else if (createHash('sha256').update(m.bytes).digest('hex') !== m.sha256) p.push(`media ${m.sha256}: the bytes do not hash to its name`);
  if (!isMediaType(m.contentType) || sniffImageType(m.bytes) !== m.contentType) p.push(`media ${m.sha256}: not a ${m.contentType || 'known'} image by its bytes`);
  return p;
}

function settingsProblems(s: SettingsData): string[] {
  const p: string[] = [];
  if (!/^[A-Z]{3}$/.test(s.currency)) p.push('currency must be an ISO 4217 code');
  // The business day, receipts and the kiosk's clock all format with it: an unknown zone would throw there.
  if (!isTimeZone(s.timeZone)) p.push('timeZone must be an IANA time zone (e.g. Asia/Jakarta)');
  for (const [name, bps] of [['taxRateBps', s.taxRateBps], ['serviceChargeBps', s.serviceChargeBps]] as const) {
    if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) p.push(`${name} must be 0..10000 basis points`);
  }
  const o = s.offlineCard;
  if (o && (!isMoney(o.perPaymentLimit) || !isMoney(o.totalLimit) || !Number.isInteger(o.expiryHours) || o.expiryHours < 1 || o.expiryHours > 168)) {
    p.push('offlineCard needs whole non-negative limits and 1..168 expiry hours');
  }
  return p;
}

const isMoney = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** True for a time zone this runtime knows (what Intl and the receipts will accept). */
export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
