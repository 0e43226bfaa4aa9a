import { randomUUID } from 'node:crypto';
import { catalogOrigins, create, pb, subjects, toBinary } from '@kiosk/contracts';
import type { OutboxEvent } from '@kiosk/kit';
import type { CategoryInput, ProductInput, StoreSettingsInput } from '../domain/catalog.js';
import type { CatalogChange } from '../domain/catalog-changes.js';

export const adminOutbox = { table: 'central_admin.outbox', channel: 'central_admin_outbox' } as const;
export const catalogChangedType = 'kiosk.events.v1.CatalogChanged';

type Entity = pb.CatalogChanged['entity'];

/** One versioned change as an outbox event: global subject, or one store's when `storeId` is given. */
export function catalogEvent(c: { kind: string; id: string; version: number; updatedAt: string; entity: Entity; storeId?: string }): OutboxEvent {
  const eventId = randomUUID();
  const msg = create(pb.CatalogChangedSchema, { eventId, version: BigInt(c.version), updatedAt: c.updatedAt, origin: catalogOrigins.central, deleted: false, entity: c.entity });
  const subject = c.storeId ? subjects.catalogForStore(c.storeId, c.kind, c.id) : subjects.catalogGlobal(c.kind, c.id);
  return { eventId, subject, eventType: catalogChangedType, payload: toBinary(pb.CatalogChangedSchema, msg) };
}

export const productEntity = (p: ProductInput): Entity => ({
  case: 'product',
  value: create(pb.ProductSchema, {
    ...p, price: BigInt(p.price),
    optionGroups: p.optionGroups.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o, priceDelta: BigInt(o.priceDelta) })) })),
  }),
});

export const categoryEntity = (c: CategoryInput): Entity => ({ case: 'category', value: create(pb.CategorySchema, c) });

export const availabilityEntity = (productId: string, available: boolean): Entity =>
  ({ case: 'availability', value: create(pb.AvailabilitySchema, { productId, optionId: '', available }) });

export const settingsEntity = (storeId: string, s: StoreSettingsInput): Entity =>
  ({ case: 'settings', value: create(pb.StoreSettingsSchema, {
    storeId, ...s,
    offlineCard: s.offlineCard && { perPaymentLimit: BigInt(s.offlineCard.perPaymentLimit), totalLimit: BigInt(s.offlineCard.totalLimit), expiryHours: s.offlineCard.expiryHours },
  }) });

export const mediaEntity = (m: { sha256: string; contentType: string; bytes: Uint8Array }): Entity =>
  ({ case: 'media', value: create(pb.MediaSchema, { sha256: m.sha256, contentType: m.contentType, data: m.bytes }) });

/** A planned catalog change as the outbox event that carries it to the stores. */
export function outboxEventOf(c: CatalogChange): OutboxEvent {
  const stamped = { kind: c.kind, id: c.id, ...c.stamp, storeId: 'storeId' in c ? c.storeId : undefined };
  switch (c.kind) {
    case 'category': return catalogEvent({ ...stamped, entity: categoryEntity(c.category) });
    case 'product': return catalogEvent({ ...stamped, entity: productEntity(c.product) });
    case 'availability': return catalogEvent({ ...stamped, entity: availabilityEntity(c.id, c.available) });
    case 'settings': return catalogEvent({ ...stamped, entity: settingsEntity(c.storeId, c.settings) });
    case 'media': return catalogEvent({ ...stamped, entity: mediaEntity(c.image) });
  }
}
