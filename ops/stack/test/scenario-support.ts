import { expect } from 'chai';
import { jetstreamManager } from '@nats-io/jetstream';
import { streams, type HealthView, type ProductView } from '@kiosk/contracts';
import type { Central, StoreBox } from '../src/index.js';
import { centralSend, centralSql, getJson, sendJson, storeCatalog } from './central-support.js';
import { client, until } from './link-support.js';

/** The store gateway's /health (the sync service's answer). */
export type BoxHealth = HealthView;
export const boxHealth = async (box: StoreBox) => (await getJson<BoxHealth>(`${box.gatewayUrl}/health`)).body;

/** Pairs a kitchen display through the gateway (staff PIN of the native stack) and returns its bearer token. */
export async function pairKitchen(box: StoreBox): Promise<string> {
  const paired = await sendJson('POST', `${box.gatewayUrl}/api/devices/pair`, { pin: '1234', name: 'scenario', role: 'kitchen' });
  expect(paired.status, JSON.stringify(paired.body)).to.equal(201);
  return paired.body.token as string;
}

export interface Ticket { id: string; globalId: string; status: string; version: number }
export async function tickets(box: StoreBox, token: string): Promise<Ticket[]> {
  const res = await fetch(`${box.gatewayUrl}/api/kitchen/tickets`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { tickets: Ticket[] }).tickets;
}

/** One bump as a kitchen display sends it. */
export async function bump(box: StoreBox, token: string, ticketId: string, action: 'start' | 'ready' | 'serve'): Promise<void> {
  const res = await fetch(`${box.gatewayUrl}/api/kitchen/tickets/${ticketId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(res.status, await res.clone().text()).to.equal(200);
}

/** A product a kiosk can order without choosing options, once the box's menu has one (the seed may still be arriving). */
export async function simpleProduct(box: StoreBox, timeoutMs = 30_000): Promise<ProductView> {
  const simple = (p: ProductView) => p.available && p.optionGroups.every((g) => g.min === 0);
  let product: ProductView | undefined;
  await until('a product without required options on the box', async () => {
    product = (await storeCatalog(box)).products.find(simple);
    return product !== undefined;
  }, timeoutMs);
  return product!;
}

/** A product without required options, registered at central too (so central can change its price). */
export async function productKnownCentrally(central: Central, box: StoreBox): Promise<ProductView> {
  const product = await simpleProduct(box);
  const catalog = await storeCatalog(box);
  const category = catalog.categories.find((c) => c.id === product.categoryId)!;
  expect((await centralSend(central, 'POST', `/api/admin/categories`, category)).status).to.equal(201);
  expect((await centralSend(central, 'POST', `/api/admin/products`, product)).status).to.equal(201);
  return product;
}

/**
 * What a store that does not level shows, for the failure message: its health, its orders at the store and at
 * central, the state of the streams that come down (is the source hearing from central?), the ends of the
 * uplink's, order service's, central-ingest's and hub nodes' logs.
 */
export async function levellingDiagnosis(central: Central, box: StoreBox): Promise<string> {
  const count = async (url: string, sql: string, params: unknown[] = []) =>
    (await centralSql<{ n: number }>(url, sql, params).catch(() => [{ n: -1 }]))[0]!.n;
  const nc = await client(box.natsUrl).catch(() => null);
  const sources: string[] = [];
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const name of [streams.central(box.storeId), streams.catalog(box.storeId)]) {
      const info = await jsm.streams.info(name).catch((err: unknown) => String(err));
      sources.push(typeof info === 'string' ? `${name}: ${info}` : `${name}: ${info.state.messages} messages, last seq ${info.state.last_seq}, sources ${JSON.stringify((info.sources ?? []).map((src) => ({ name: src.name, lag: src.lag, activeMs: Math.round(src.active / 1e6) })))}`);
    }
    await nc.close();
  }
  // The figures first (the failure's brief repeats a message's first lines), the logs after.
  return [
    `orders at the store ${await count(box.databaseUrl, 'SELECT count(*)::int AS n FROM orders.orders')}, unsynced ${await count(box.databaseUrl, `SELECT count(*)::int AS n FROM orders.orders WHERE sync_status <> 'synced'`)}, at central ${await count(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE store_id = $1', [box.storeId])}`,
    `receipts: central's mark ${JSON.stringify(await centralSql(central.databaseUrl, 'SELECT stream, committed_seq FROM central.receipt_marks WHERE store_id = $1', [box.storeId]).catch(String))}, the store's ${JSON.stringify(await centralSql(box.databaseUrl, 'SELECT stream, committed_seq FROM orders.sync_receipts').catch(String))}, store outbox unpublished ${await count(box.databaseUrl, 'SELECT count(*)::int AS n FROM orders.outbox WHERE published_seq IS NULL')}`,
    ...sources,
    `health ${JSON.stringify(await boxHealth(box).catch((err: unknown) => String(err)))}`,
    `uplink:\n${box.uplink?.logTail(15) ?? ''}`,
    `order:\n${box.services.order.logTail(10)}`,
    ...central.ingest.map((p) => `${p.name}:\n${p.logTail(15)}`),
    ...central.hub.nodes.map((n) => `${n.name}:\n${n.proc.logTail(6)}`),
  ].join('\n');
}

/** `until`, with the store's levelling diagnosis in the error when it never holds. */
export function untilLevelled(central: Central, box: StoreBox, what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  return until(what, probe, timeoutMs).catch(async (err: unknown) => { throw new Error(`${String(err)}\n${await levellingDiagnosis(central, box)}`); });
}
