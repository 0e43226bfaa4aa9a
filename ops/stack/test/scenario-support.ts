import { expect } from 'chai';
import type { ProductView } from '@kiosk/contracts';
import type { Central, StoreBox } from '../src/index.js';
import { getJson, sendJson, storeCatalog } from './central-support.js';
import { until } from './link-support.js';

/** The store gateway's /health (the sync service's answer). */
export interface BoxHealth { status: string; link: string; pending_sync: number | null; last_sync: string | null; db_size_bytes: number | null }
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

/** A product without required options, registered at central too (so central can change its price). */
export async function productKnownCentrally(central: Central, box: StoreBox): Promise<ProductView> {
  // The box answers once the first products of the seed are in; the rest of the menu may still be arriving.
  const simple = (p: ProductView) => p.available && p.optionGroups.every((g) => g.min === 0);
  let catalog = await storeCatalog(box);
  await until('a product without required options in the demo menu', async () => {
    catalog = await storeCatalog(box);
    return catalog.products.some(simple);
  });
  const product = catalog.products.find(simple)!;
  const category = catalog.categories.find((c) => c.id === product.categoryId)!;
  expect((await sendJson('POST', `${central.gatewayUrl}/api/admin/categories`, category)).status).to.equal(201);
  expect((await sendJson('POST', `${central.gatewayUrl}/api/admin/products`, product)).status).to.equal(201);
  return product;
}
