import { randomUUID } from 'node:crypto';
import { create, fromBinary, pb, subjects, toBinary } from '@kiosk/contracts';
import type { AvailabilityData, CatalogChange, CatalogEntity } from '../domain/catalog-change.js';

/** The protobuf type name carried in the `Kiosk-Event-Type` header. */
export const catalogChangedType = pb.CatalogChangedSchema.typeName;

/** Decodes a `CatalogChanged` payload into plain domain data; throws on bytes that are not one. */
export function decodeChange(payload: Uint8Array): CatalogChange {
  const e = fromBinary(pb.CatalogChangedSchema, payload);
  return {
    clock: { version: Number(e.version), updatedAt: e.updatedAt, origin: e.origin, eventId: e.eventId },
    deleted: e.deleted,
    entity: entityOf(e.entity),
  };
}

function entityOf(entity: pb.CatalogChanged['entity']): CatalogEntity {
  switch (entity.case) {
    case 'category':
      return { kind: 'category', value: { id: entity.value.id, name: entity.value.name, sortOrder: entity.value.sortOrder, imageUrl: entity.value.imageUrl } };
    case 'product': {
      const p = entity.value;
      return {
        kind: 'product',
        value: {
          id: p.id, categoryId: p.categoryId, name: p.name, description: p.description, imageUrl: p.imageUrl, price: Number(p.price),
          available: p.available, station: p.station, sortOrder: p.sortOrder,
          optionGroups: p.optionGroups.map((g) => ({
            id: g.id, name: g.name, min: g.min, max: g.max,
            options: g.options.map((o) => ({ id: o.id, name: o.name, priceDelta: Number(o.priceDelta), available: o.available })),
          })),
        },
      };
    }
    case 'settings': {
      const s = entity.value;
      return {
        kind: 'settings',
        value: {
          storeId: s.storeId, storeName: s.storeName, currency: s.currency, taxRateBps: s.taxRateBps, serviceChargeBps: s.serviceChargeBps, locale: s.locale, timeZone: s.timeZone,
          offlineCard: s.offlineCard
            ? { perPaymentLimit: Number(s.offlineCard.perPaymentLimit), totalLimit: Number(s.offlineCard.totalLimit), expiryHours: s.offlineCard.expiryHours || 24 }
            : null,
        },
      };
    }
    case 'availability':
      return { kind: 'availability', value: { productId: entity.value.productId, optionId: entity.value.optionId, available: entity.value.available } };
    case 'media':
      return { kind: 'media', value: { sha256: entity.value.sha256, contentType: entity.value.contentType, bytes: entity.value.data } };
    default:
      throw new Error('CatalogChanged without an entity');
  }
}

/**
 * A manager's sold-out / back change made on this box. Its clock is the wall clock in ms with the store as
 * origin, so a later tap always beats an earlier one and a central edit with a bigger version still wins.
 */
export function availabilityEvent(storeId: string, a: AvailabilityData, now = new Date()) {
  const eventId = randomUUID();
  const version = BigInt(now.getTime());
  const id = a.optionId ? `${a.productId}:${a.optionId}` : a.productId;
  const message = create(pb.CatalogChangedSchema, {
    eventId, version, updatedAt: now.toISOString(), origin: storeId, deleted: false,
    entity: { case: 'availability', value: create(pb.AvailabilitySchema, a) },
  });
  return {
    subject: subjects.catalogForStore(storeId, 'availability', id),
    eventId,
    eventType: catalogChangedType,
    payload: toBinary(pb.CatalogChangedSchema, message),
    version: Number(version),
  };
}
