import { setTimeout as sleep } from 'node:timers/promises';
import { createHash, randomUUID } from 'node:crypto';
import type { Testbed } from '@kiosk/stack';
import { consumers, create, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { connectNats, createLogger, loadConfig, publishEvent, type Nats } from '@kiosk/kit';
import { catalogConfig, startCatalogService } from '../src/index.js';

export async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    // A check that throws (stream not created yet) counts as "not yet".
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A catalog service in this process against the testbed's real servers. */
export async function startCatalog(tb: Testbed, opts: { storeId: string; databaseUrl: string; redisUrl?: string }) {
  const config = loadConfig(catalogConfig, {
    SERVICE_NAME: 'catalog', STORE_ID: opts.storeId, HTTP_PORT: '0', DATABASE_URL: opts.databaseUrl, NATS_URL: tb.nats.url,
    REDIS_URL: opts.redisUrl ?? tb.redis.url, LOG_LEVEL: 'error',
  });
  return startCatalogService(config);
}

export const testNats = (tb: Testbed): Promise<Nats> =>
  connectNats({ servers: tb.nats.url, name: `catalog-test-${randomUUID().slice(0, 4)}`, logger: createLogger({ service: 'catalog-test', storeId: 'test', level: 'error' }) });

type Entity = pb.CatalogChanged['entity'];
export interface TestChange { version: number; updatedAt?: string; origin?: string; eventId?: string; deleted?: boolean; entity: Entity }

/** Publishes one CatalogChanged through the real stream, like central or the seed would. */
export async function publishChange(nats: Nats, storeId: string, c: TestChange, msgId?: string) {
  const eventId = c.eventId ?? randomUUID();
  const message = create(pb.CatalogChangedSchema, {
    eventId, version: BigInt(c.version), updatedAt: c.updatedAt ?? '2026-03-01T10:00:00.000Z', origin: c.origin ?? 'central',
    deleted: c.deleted ?? false, entity: c.entity,
  });
  const id = c.entity.case === 'availability' ? c.entity.value.productId : c.entity.case === 'settings' ? c.entity.value.storeId
    : c.entity.case === 'media' ? c.entity.value.sha256 : c.entity.value?.id ?? 'x';
  await publishEvent(nats.js, {
    subject: subjects.catalogForStore(storeId, c.entity.case ?? 'unknown', id), eventId: msgId ?? eventId,
    eventType: pb.CatalogChangedSchema.typeName, payload: toBinary(pb.CatalogChangedSchema, message),
  });
}

export const categoryEntity = (id: string, name = id, sortOrder = 1): Entity =>
  ({ case: 'category', value: create(pb.CategorySchema, { id, name, sortOrder, imageUrl: `/media/categories/${id}.svg` }) });

export const productEntity = (id: string, categoryId: string, price: number, name = id): Entity => ({
  case: 'product',
  value: create(pb.ProductSchema, {
    id, categoryId, name, description: '', imageUrl: `/media/products/${id}.svg`, price: BigInt(price), available: true, station: 'wok', sortOrder: 1,
    optionGroups: [{ id: 'ukuran', name: 'Ukuran', min: 1, max: 1, options: [
      { id: 'regular', name: 'Regular', priceDelta: 0n, available: true }, { id: 'large', name: 'Large', priceDelta: 5000n, available: true }] }],
  }),
});

export const mediaEntity = (bytes: Uint8Array, contentType = 'image/png', sha256 = createHash('sha256').update(bytes).digest('hex')): Entity =>
  ({ case: 'media', value: create(pb.MediaSchema, { sha256, contentType, data: bytes }) });

/** True once the durable consumer has handled (acked or terminated) everything in the stream. */
export async function caughtUp(nats: Nats, storeId: string): Promise<boolean> {
  const stream = await nats.jsm.streams.info(streams.catalog(storeId));
  const consumer = await nats.jsm.consumers.info(streams.catalog(storeId), consumers.catalogApply).catch(() => null);
  return !!consumer && consumer.num_pending === 0 && consumer.num_ack_pending === 0 && consumer.delivered.stream_seq >= stream.state.last_seq;
}
