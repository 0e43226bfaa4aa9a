import { fileURLToPath } from 'node:url';
import { applyMigrations, createLogger, DeviceRegistry } from '@kiosk/kit';
import type { OrderHarness } from './support.js';

export interface CounterReply { status: number; text: string; body: Record<string, unknown> & { error?: { code: string } } }
export interface CounterClient {
  token: string;
  post(path: string, body: unknown): Promise<CounterReply>;
  get(path: string): Promise<CounterReply>;
}

/**
 * Pairs a counter screen on the harness's box. The staff schema (paired screens, the PIN throttle) is migrated
 * by the kitchen service on a real box; here its migrations are applied to the test database first.
 */
export async function pairCounter(h: OrderHarness, name = 'till-1'): Promise<CounterClient> {
  await applyMigrations(h.db, {
    schema: 'staff', migrationsFolder: fileURLToPath(new URL('../../kitchen/drizzle-staff', import.meta.url)), logger: createLogger({ service: 'test', storeId: h.storeId, level: 'warn' }),
  });
  const device = await new DeviceRegistry(h.db).issue({ name, role: 'counter', pairedFrom: 'test' });
  return counterClient(h.service.url, device.token);
}

export function counterClient(base: string, token: string): CounterClient {
  const call = async (path: string, init: RequestInit = {}): Promise<CounterReply> => {
    const res = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    const text = await res.text();
    let body = {};
    try { body = JSON.parse(text) as object; } catch { body = {}; }
    return { status: res.status, text, body: body as CounterReply['body'] };
  };
  return {
    token,
    post: (path, body) => call(path, { method: 'POST', body: JSON.stringify(body) }),
    get: (path) => call(path),
  };
}
