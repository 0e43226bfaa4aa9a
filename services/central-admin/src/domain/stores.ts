import { z } from 'zod';
import { hubStreams } from '@kiosk/contracts';
import { storeSettingsRequest } from './catalog.js';
import type { AuditEntry } from './audit.js';

/** A store id as every subject, stream and account name takes it (the contracts' store id pattern). */
export const storeIdField = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lower-case letters, digits and -, up to 31');

/** A new store: its id for good, its address, and the settings its kiosks and receipts use from the start. */
export const createStoreRequest = z.strictObject({
  id: storeIdField,
  address: z.string().max(300).default(''),
  settings: storeSettingsRequest,
});
export type CreateStoreInput = z.infer<typeof createStoreRequest>;

export const storeEnabledRequest = z.strictObject({ enabled: z.boolean() });

/** The user a store's leaf node signs in to the hub as (bound to that store's account there). */
export const leafUserOf = (storeId: string) => `leaf_${storeId}`;

/** The hub stream a store's catalog comes down from (its UPLINK_CATALOG_SOURCE). */
export const catalogSourceOf = hubStreams.catalogToStore;

export interface StoreView {
  id: string; name: string; address: string; enabled: boolean; leafUser: string; createdAt: string; updatedAt: string;
  /** Its settings as central last published them (null for a store listed before settings were set). */
  settings: Record<string, unknown> | null;
}

/** What a store box is configured with, shown once: central keeps only the password's bcrypt hash. */
export interface LeafCredentials { user: string; password: string; catalogSource: string }

/** The audit line of a store added with these settings. */
export const storeAddedAudit = (input: CreateStoreInput, leafUser: string): AuditEntry => ({
  action: 'create_store', entityType: 'store', entityId: input.id, before: null,
  after: { id: input.id, name: input.settings.storeName, address: input.address, enabled: true, leafUser },
});

/** The audit line of a store enabled or disabled. */
export const storeEnabledAudit = (storeId: string, was: boolean, enabled: boolean): AuditEntry => ({
  action: enabled ? 'enable_store' : 'disable_store', entityType: 'store', entityId: storeId, before: { enabled: was }, after: { enabled },
});
