import { z } from 'zod';

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

export const optionGroupInput = z.strictObject({
  id, name: z.string().min(1).max(80), min: z.number().int().min(0).max(20), max: z.number().int().min(1).max(20),
  options: z.array(z.strictObject({ id, name: z.string().min(1).max(80), priceDelta: z.number().int().min(-1_000_000_000).max(1_000_000_000), available: z.boolean().default(true) })).min(1).max(50),
}).refine((g) => g.min <= g.max, { message: 'min must not exceed max' });

export const productFields = z.strictObject({
  categoryId: id,
  name: z.string().min(1).max(120),
  description: z.string().max(2000).default(''),
  imageUrl: z.string().max(500).default(''),
  price: money,
  available: z.boolean().default(true),
  station: z.string().max(40).default(''),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  optionGroups: z.array(optionGroupInput).max(20).default([]),
});
export const createProductRequest = productFields.extend({ id });
export type ProductInput = z.infer<typeof createProductRequest>;

export const categoryFields = z.strictObject({
  name: z.string().min(1).max(80), sortOrder: z.number().int().min(0).max(100_000).default(0), imageUrl: z.string().max(500).default(''),
});
export const createCategoryRequest = categoryFields.extend({ id });
export type CategoryInput = z.infer<typeof createCategoryRequest>;

export const priceRequest = z.strictObject({ price: money });
export const availabilityRequest = z.strictObject({
  available: z.boolean(),
  /** Sold out at one store only; without it, everywhere. */
  storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/).optional(),
});

export const storeSettingsRequest = z.strictObject({
  storeName: z.string().min(1).max(120),
  currency: z.string().regex(/^[A-Z]{3}$/),
  taxRateBps: z.number().int().min(0).max(10_000),
  serviceChargeBps: z.number().int().min(0).max(10_000),
  locale: z.string().min(2).max(20),
  timeZone: z.string().min(1).max(60),
});
export type StoreSettingsInput = z.infer<typeof storeSettingsRequest>;

export const idParam = z.object({ id });
export const storeParam = z.object({ storeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/) });
