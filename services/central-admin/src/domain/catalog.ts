import { z } from 'zod';
import { noControlCharacters, noLineBreaks } from '@kiosk/contracts';
import type { CatalogView } from '@kiosk/contracts';

/**
 * Central's catalog rules, as plain data. Every change gets a version from one clock: strictly greater than
 * the last one and never below the wall clock in milliseconds, so a central change outranks anything a store
 * wrote with a small counter (the seed's version 1, a store's local sold-out flag) under last-write-wins by
 * (version, updatedAt, origin), and a later central change always outranks an earlier one.
 */
export function nextVersion(last: number, nowMs: number): number {
  return Math.max(last + 1, nowMs);
}

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and -');
const money = z.number().int().min(0).max(1_000_000_000_000);
// Names and texts reach store Postgres (which refuses NUL), receipts and kitchen screens: no control characters.
const controlMessage = 'must not contain control characters';
const name = (max: number) => z.string().min(1).max(max).refine(noLineBreaks, controlMessage);
const text = (max: number) => z.string().max(max).refine(noControlCharacters, controlMessage);

export const optionGroupInput = z.strictObject({
  id, name: name(80), min: z.number().int().min(0).max(20), max: z.number().int().min(1).max(20),
  options: z.array(z.strictObject({ id, name: name(80), priceDelta: z.number().int().min(-1_000_000_000).max(1_000_000_000), available: z.boolean().default(true) })).min(1).max(50),
}).refine((g) => g.min <= g.max, { message: 'min must not exceed max' });

const productShape = z.strictObject({
  categoryId: id,
  name: name(120),
  description: text(2000).default(''),
  imageUrl: text(500).default(''),
  price: money,
  available: z.boolean().default(true),
  station: text(40).default(''),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  optionGroups: z.array(optionGroupInput).max(20).default([]),
});

/** Money stays non-negative: an option may discount an item down to free, never below (a negative total). */
function optionsKeepPriceNonNegative(p: { price: number; optionGroups: { options: { id: string; priceDelta: number }[] }[] }, ctx: z.RefinementCtx) {
  p.optionGroups.forEach((g, gi) => g.options.forEach((o, oi) => {
    if (p.price + o.priceDelta < 0) {
      ctx.addIssue({ code: 'custom', path: ['optionGroups', gi, 'options', oi, 'priceDelta'], message: `must not take the price (${p.price}) below 0` });
    }
  }));
}

export const productFields = productShape.superRefine(optionsKeepPriceNonNegative);
export const createProductRequest = productShape.extend({ id }).superRefine(optionsKeepPriceNonNegative);
export type ProductInput = z.infer<typeof createProductRequest>;

export const categoryFields = z.strictObject({
  name: name(80), sortOrder: z.number().int().min(0).max(100_000).default(0), imageUrl: text(500).default(''),
});
export const createCategoryRequest = categoryFields.extend({ id });
export type CategoryInput = z.infer<typeof createCategoryRequest>;

export const priceRequest = z.strictObject({
  price: money,
  /** This store's own price for the product; without it, the price everywhere. */
  storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/).optional(),
});
export const previewQuery = z.object({ storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/) });
export const availabilityRequest = z.strictObject({
  available: z.boolean(),
  /** Sold out at one store only; without it, everywhere. */
  storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/).optional(),
});

export const storeSettingsRequest = z.strictObject({
  storeName: name(120),
  currency: z.string().regex(/^[A-Z]{3}$/),
  taxRateBps: z.number().int().min(0).max(10_000),
  serviceChargeBps: z.number().int().min(0).max(10_000),
  locale: z.string().min(2).max(20).refine(isLocale, 'a BCP 47 locale, e.g. id-ID'),
  /** The stores' business day, receipts and kiosks format with it: an unknown zone is refused here. */
  timeZone: z.string().min(1).max(60).refine(isTimeZone, 'an IANA time zone, e.g. Asia/Jakarta'),
  /** Cards the store may approve while its acquirer is unreachable (minor units; 0 = none); absent: the store's defaults. */
  offlineCard: z.strictObject({
    perPaymentLimit: z.number().int().min(0).max(1_000_000_000_000),
    totalLimit: z.number().int().min(0).max(1_000_000_000_000),
    expiryHours: z.number().int().min(1).max(168).default(24),
  }).refine((o) => o.perPaymentLimit <= o.totalLimit, { message: 'perPaymentLimit must not exceed totalLimit', path: ['perPaymentLimit'] }).optional(),
});
export type StoreSettingsInput = z.infer<typeof storeSettingsRequest>;

export const idParam = z.object({ id });
export const storeParam = z.object({ storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/) });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

/** What a store's kiosk shows: central's products with the store's own prices and sold-out flags applied. */
export function previewOf(c: {
  storeId: string; version: number; settings: StoreSettingsInput | undefined;
  categories: CategoryInput[]; products: ProductInput[]; price: ReadonlyMap<string, number>; available: ReadonlyMap<string, boolean>;
}): CatalogView & { settingsFromCentral: boolean } {
  const s = c.settings;
  return {
    storeId: c.storeId, version: c.version, currency: s?.currency ?? 'IDR', settingsFromCentral: s !== undefined,
    settings: s
      ? { storeName: s.storeName, taxRateBps: s.taxRateBps, serviceChargeBps: s.serviceChargeBps, locale: s.locale, timeZone: s.timeZone, ...(s.offlineCard ? { offlineCard: s.offlineCard } : {}) }
      : { storeName: c.storeId, taxRateBps: 0, serviceChargeBps: 0, locale: 'id-ID', timeZone: 'Asia/Jakarta' },
    categories: c.categories.map(({ id, name, sortOrder, imageUrl }) => ({ id, name, sortOrder, imageUrl })),
    products: c.products.map((p) => ({
      id: p.id, categoryId: p.categoryId, name: p.name, description: p.description, imageUrl: p.imageUrl,
      price: c.price.get(p.id) ?? p.price, available: c.available.get(p.id) ?? p.available, station: p.station, sortOrder: p.sortOrder,
      optionGroups: p.optionGroups,
    })),
  };
}
