/**
 * Publishes the demo menu to the store's catalog stream as CatalogChanged events (origin `seed`, version 1).
 * Event ids and timestamps are fixed, so a second run is a no-op: JetStream drops the repeats inside its
 * duplicate window, and after it the catalog service's LWW sees equal clocks and ignores them.
 * Exits 0 only once every event has its PubAck.
 *
 *   STORE_ID=s1 NATS_URL=nats://127.0.0.1:4222 node --import tsx services/catalog/src/cli/seed.ts
 */
import { z } from 'zod';
import { catalogOrigins, create, pb, subjects, toBinary } from '@kiosk/contracts';
import { ConfigError, createLogger, connectNats, ensureStream, loadConfig, publishEvent, storeStreams } from '@kiosk/kit';
import { storeIdPattern } from '@kiosk/contracts';
import { catalogChangedType } from '../adapters/catalog-events.js';
import { demoCategories, demoProducts, demoSettings } from './demo-menu.js';

/** A fixed edit time: the same clock on every run is what makes re-seeding change nothing. */
const SEEDED_AT = '2026-01-01T00:00:00.000Z';

type Entity = pb.CatalogChanged['entity'];

export function seedEvents(storeId: string) {
  const entities: { kind: string; id: string; entity: Entity }[] = [
    { kind: 'settings', id: storeId, entity: { case: 'settings', value: create(pb.StoreSettingsSchema, demoSettings(storeId)) } },
    ...demoCategories.map(({ id, name, sortOrder, imageUrl }) => ({
      kind: 'category', id, entity: { case: 'category', value: create(pb.CategorySchema, { id, name, sortOrder, imageUrl }) } as Entity,
    })),
    ...demoProducts.map((p) => ({
      kind: 'product', id: p.id,
      entity: {
        case: 'product',
        value: create(pb.ProductSchema, {
          ...p, price: BigInt(p.price),
          optionGroups: p.optionGroups.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o, priceDelta: BigInt(o.priceDelta) })) })),
        }),
      } as Entity,
    })),
  ];
  return entities.map(({ kind, id, entity }) => {
    const eventId = `seed:${kind}:${id}:v1`;
    const message = create(pb.CatalogChangedSchema, { eventId, version: 1n, updatedAt: SEEDED_AT, origin: catalogOrigins.seed, deleted: false, entity });
    return { subject: subjects.catalogForStore(storeId, kind, id), eventId, eventType: catalogChangedType, payload: toBinary(pb.CatalogChangedSchema, message) };
  });
}

const seedConfig = z.object({
  STORE_ID: z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes'),
  NATS_URL: z.string().min(1),
});

async function main() {
  const config = loadConfig(seedConfig);
  const logger = createLogger({ service: 'catalog-seed', storeId: config.STORE_ID, level: 'warn' });
  const nats = await connectNats({ servers: config.NATS_URL, name: `${config.STORE_ID}-catalog-seed`, logger });
  try {
    await ensureStream(nats.jsm, storeStreams(config.STORE_ID).catalog);
    const events = seedEvents(config.STORE_ID);
    const acks = await Promise.all(events.map((e) => publishEvent(nats.js, e, { timeoutMs: 10_000 })));
    const fresh = acks.filter((a) => !a.duplicate).length;
    console.log(`seeded ${events.length} catalog events for store ${config.STORE_ID} (${fresh} new, ${events.length - fresh} already there)`);
  } finally {
    await nats.nc.drain();
  }
}

// connectNats waits for a server that is not up yet; a seed that never gets there must fail, not hang a demo.
setTimeout(() => {
  console.error('seed failed: no PubAck for every event within 60 s');
  process.exit(1);
}, 60_000).unref();

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
});
