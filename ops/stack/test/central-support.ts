import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { CatalogView, ProductView } from '@kiosk/contracts';
import type { Central, CentralApi, StoreBox } from '../src/index.js';

/** One real order through the store's gateway, as a kiosk places it. */
export async function placeOrder(box: StoreBox, product: ProductView, method: 'cash' | 'card' = 'cash'): Promise<{ globalId: string; orderNumber: string; lines: { unitPrice: number }[] }> {
  const optionIds = product.optionGroups.filter((g) => g.min > 0).map((g) => g.options.find((o) => o.available)!.id);
  const globalId = randomUUID();
  const res = await fetch(`${box.gatewayUrl}/api/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ globalId, kioskId: 'central-test', mode: 'takeaway', lines: [{ productId: product.id, quantity: 2, optionIds }], payment: { method } }),
  });
  expect(res.status, await res.clone().text()).to.be.oneOf([200, 201]);
  return (await res.json()) as { globalId: string; orderNumber: string; lines: { unitPrice: number }[] };
}

export async function storeCatalog(box: StoreBox): Promise<CatalogView> {
  return (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
}

/** Every message of a stream with its subject and data (an ordered consumer: acks nothing, changes nothing). */
export async function streamMessages(nc: NatsConnection, stream: string): Promise<{ subject: string; data: Uint8Array }[]> {
  const jsm = await jetstreamManager(nc);
  if ((await jsm.streams.info(stream)).state.messages === 0) return [];
  const consumer = await jsm.jetstream().consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const out: { subject: string; data: Uint8Array }[] = [];
  const iter = await consumer.consume();
  for await (const m of iter) {
    out.push({ subject: m.subject, data: m.data });
    if (m.info.pending === 0) break;
  }
  await iter.close();
  return out;
}

/** A read-only look into central Postgres (what the tests count). */
export async function centralSql<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

export async function sendJson(method: string, url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const signedIn = new WeakMap<Central, Promise<CentralApi>>();
/** Central's API signed in as the demo owner (one session per central, made on first use). */
const apiOf = (central: Central): Promise<CentralApi> => {
  let api = signedIn.get(central);
  if (!api) {
    api = central.api();
    signedIn.set(central, api);
  }
  return api;
};

/** GET on central's API, signed in. */
export async function centralGet<T>(central: Central, path: string): Promise<{ status: number; body: T }> {
  const res = await (await apiOf(central))(path);
  return { status: res.status, body: (await res.json()) as T };
}

/** A write on central's API, signed in (session cookie + CSRF token). */
export async function centralSend(central: Central, method: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await (await apiOf(central))(path, { method, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
