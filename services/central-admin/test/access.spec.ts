import { expect } from 'chai';
import pg from 'pg';
import type { Express } from 'express';
import { ConfigError, expressRoutes } from '@kiosk/kit';
import { testbed } from '@kiosk/stack';
import { access, roles, type Role } from '../src/domain/access.js';
import { Caller, startAdmin, type Running } from './support.js';

interface OpenApi { paths: Record<string, Record<string, { description: string; security?: unknown[] }>> }

/** A concrete URL for a route template: ids that exist or not, the guard answers before any lookup. */
const concrete = (path: string) => path.replace('{id}', '1').replace('{storeId}', 's1').replace('{globalId}', '00000000-0000-4000-8000-000000000000');

describe('central-admin: who may call what', function () {
  this.timeout(120_000);
  let running: Running;
  let databaseUrl: string;
  let owner: Caller;
  const byRole = new Map<Role, Caller>();
  let doc: OpenApi;

  before(async () => {
    ({ running, databaseUrl } = await startAdmin());
    owner = await Caller.signIn(running.url, 'owner', 'owner-demo');
    for (const r of roles) {
      const made = await owner.call('POST', '/api/admin/tokens', { name: `test-${r}`, role: r });
      expect(made.status, JSON.stringify(made.body)).to.equal(201);
      byRole.set(r, new Caller(running.url, made.body.token as string));
    }
    doc = (await owner.call('GET', '/api/openapi.json')).body as unknown as OpenApi;
  });

  after(async () => {
    await running?.close();
  });

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));

  it('describes every express route of the API in the OpenAPI document', () => {
    const documented = new Set(operations().map((o) => `${o.method.toLowerCase()} ${o.path}`));
    // Every method + path express serves from central-admin's API router (not /health, /metrics).
    const served = expressRoutes(running.server.listeners('request')[0] as Express).filter((r) => r.includes(' /api/')).map((r) => r.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));
    expect(served.length).to.be.greaterThan(10);
    for (const r of served) expect(documented.has(r), `${r} missing from openapi.json`).to.equal(true);
  });

  it('refuses every route but sign-in to an anonymous caller with 401 unauthenticated', async () => {
    const anonymous = new Caller(running.url);
    for (const { method, path, op } of operations()) {
      if (op.security && op.security.length === 0) continue;
      const r = await anonymous.call(method, concrete(path), method === 'GET' ? undefined : {});
      expect(r.status, `${method} ${path}`).to.equal(401);
      expect((r.body.error as { code: string }).code).to.equal('unauthenticated');
    }
  });

  it('refuses every route to each role it is not meant for with 403 forbidden', async () => {
    let refused = 0;
    for (const { method, path, op } of operations()) {
      const allowed = op.description.replace(/^Roles: /, '').replace(/\.$/, '').split(', ');
      if (allowed[0] === 'anyone') continue;
      for (const r of roles.filter((x) => !allowed.includes(x))) {
        const res = await byRole.get(r)!.call(method, concrete(path), method === 'GET' ? undefined : {});
        expect(res.status, `${r}: ${method} ${path}`).to.equal(403);
        expect((res.body.error as { code: string }).code).to.equal('forbidden');
        refused++;
      }
    }
    expect(refused).to.be.greaterThan(20);
    // The table the document was made from says the same: finance never writes the catalog, menu never reads the audit log.
    expect(access.catalogWrite).to.not.include('finance');
    expect(access.audit).to.not.include('menu');
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and refuses a session write without the CSRF token', async () => {
    const res = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner', password: 'owner-demo' }) });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^kiosk_session=/);
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Strict/i);
    expect(cookie).to.match(/Path=\//);
    const users = (await owner.call('GET', '/api/admin/users')).body.users as unknown[];
    const forged = await owner.call('POST', '/api/admin/users', { username: 'mallory', displayName: 'M', role: 'owner', password: 'a-long-password' }, { csrf: false });
    expect(forged.status).to.equal(403);
    expect((forged.body.error as { code: string }).code).to.equal('csrf_failed');
    expect((await owner.call('GET', '/api/admin/users')).body.users).to.have.length(users.length);
  });

  it('signs a person in and out, and a session signed out is refused', async () => {
    const made = await owner.call('POST', '/api/admin/users', { username: 'rina', displayName: 'Rina', role: 'finance', password: 'rina-password-1' });
    expect(made.status).to.equal(201);
    const rina = await Caller.signIn(running.url, 'rina', 'rina-password-1');
    const me = await rina.call('GET', '/api/auth/me');
    expect(me.body.user).to.include({ username: 'rina', displayName: 'Rina', role: 'finance' });
    expect((await rina.call('POST', '/api/auth/logout')).status).to.equal(204);
    expect((await rina.call('GET', '/api/auth/me')).status).to.equal(401);
  });

  it('locks an account after repeated wrong passwords and says for how long, even for the right password', async () => {
    await owner.call('POST', '/api/admin/users', { username: 'budi', displayName: 'Budi', role: 'menu', password: 'budi-password-1' });
    const guesser = new Caller(running.url);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await guesser.call('POST', '/api/auth/login', { username: 'budi', password: `wrong-${i}` })).status);
    expect(answers.slice(0, 4)).to.deep.equal([401, 401, 401, 401]);
    expect(answers[4]).to.equal(429);
    const locked = await guesser.call('POST', '/api/auth/login', { username: 'budi', password: 'budi-password-1' });
    expect(locked.status).to.equal(429);
    const err = locked.body.error as { code: string; message: string; details: { retryAfterSeconds: number } };
    expect(err.code).to.equal('too_many_attempts');
    expect(err.message).to.match(/try again in \d+ (minutes|seconds)/);
    expect(Number(locked.headers.get('retry-after'))).to.equal(err.details.retryAfterSeconds).and.to.be.greaterThan(0);
  });

  it('stops accepting a revoked API token', async () => {
    const made = await owner.call('POST', '/api/admin/tokens', { name: 'to-revoke', role: 'it' });
    const script = new Caller(running.url, made.body.token as string);
    expect((await script.call('GET', '/api/admin/catalog')).status).to.equal(200);
    expect((await owner.call('DELETE', `/api/admin/tokens/${made.body.id as number}`)).status).to.equal(204);
    expect((await script.call('GET', '/api/admin/catalog')).status).to.equal(401);
  });

  it('refuses a bad user with a 400 and changes nothing', async () => {
    const before = ((await owner.call('GET', '/api/admin/users')).body.users as unknown[]).length;
    const bad = await owner.call('POST', '/api/admin/users', { username: 'X Y', displayName: '', role: 'boss', password: 'short' });
    expect(bad.status).to.equal(400);
    expect((bad.body.error as { code: string }).code).to.equal('validation_failed');
    expect(((await owner.call('GET', '/api/admin/users')).body.users as unknown[]).length).to.equal(before);
  });

  it("previews a store's menu with its own price and sold-out flag, while other stores keep central's", async () => {
    const menu = byRole.get('menu')!;
    expect((await menu.call('POST', '/api/admin/categories', { id: 'drinks', name: 'Drinks' })).status).to.equal(201);
    expect((await menu.call('POST', '/api/admin/products', { id: 'teh-manis', categoryId: 'drinks', name: 'Teh manis', price: 8000 })).status).to.equal(201);
    expect((await menu.call('PUT', '/api/admin/products/teh-manis/price', { price: 9000 })).status).to.equal(200);
    expect((await menu.call('PUT', '/api/admin/products/teh-manis/price', { price: 7500, storeId: 's2' })).status).to.equal(200);
    expect((await menu.call('PUT', '/api/admin/products/teh-manis/availability', { available: false, storeId: 's1' })).status).to.equal(200);
    const settings = { storeName: 'Kiosk S2', currency: 'IDR', taxRateBps: 1000, serviceChargeBps: 500, locale: 'id-ID', timeZone: 'Asia/Jakarta' };
    const offlineCard = { perPaymentLimit: 300_000, totalLimit: 2_000_000, expiryHours: 24 };
    const inverted = await menu.call('PUT', '/api/admin/stores/s2/settings', { ...settings, offlineCard: { ...offlineCard, perPaymentLimit: 2_000_001 } });
    expect(inverted.status).to.equal(400);
    expect((await menu.call('PUT', '/api/admin/stores/s2/settings', { ...settings, offlineCard })).status).to.equal(200);
    const preview = async (storeId: string) => ((await menu.call('GET', `/api/admin/catalog/preview?storeId=${storeId}`)).body as { products: { id: string; price: number; available: boolean }[]; settings: { storeName: string; offlineCard?: unknown } });
    const [s1, s2] = [await preview('s1'), await preview('s2')];
    expect(s1.products.find((p) => p.id === 'teh-manis')).to.include({ price: 9000, available: false });
    expect(s2.products.find((p) => p.id === 'teh-manis')).to.include({ price: 7500, available: true });
    expect(s2.settings.storeName).to.equal('Kiosk S2');
    expect(s2.settings.offlineCard).to.deep.equal(offlineCard);
    expect((await byRole.get('finance')!.call('PUT', '/api/admin/products/teh-manis/price', { price: 1 })).status).to.equal(403);
  });

  it('holds every write made by these tests in the audit log, with who, from where and what changed', async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const users = (await db.query<{ id: number; username: string }>('SELECT id, username FROM central_admin.users')).rows;
      const tokens = (await db.query<{ id: number; revoked_at: Date | null }>('SELECT id, revoked_at FROM central_admin.api_tokens')).rows;
      const { entries } = (await owner.call('GET', '/api/admin/audit?limit=500')).body as { entries: { actor: string; action: string; entityType: string; entityId: string; ip: string; userAgent: string; before: unknown; after: unknown }[] };
      const has = (entityType: string, action: string, entityId: string) => entries.some((e) => e.entityType === entityType && e.action === action && e.entityId === entityId);
      for (const u of users.filter((x) => x.username !== 'owner')) expect(has('user', 'create', String(u.id)), `user ${u.username}`).to.equal(true);
      for (const t of tokens) expect(has('api_token', 'create', String(t.id)), `token ${t.id}`).to.equal(true);
      for (const t of tokens.filter((x) => x.revoked_at)) expect(has('api_token', 'revoke', String(t.id))).to.equal(true);
      expect(entries.filter((e) => e.action === 'sign_in_failed').length).to.be.at.least(5);
      expect(has('category', 'create', 'drinks') && has('product', 'create', 'teh-manis')).to.equal(true);
      expect(entries.find((e) => e.action === 'set_price' && e.entityId === 'teh-manis')).to.deep.include({ actor: 'token:test-menu', before: { price: 8000 }, after: { price: 9000 } });
      expect(has('price', 'set_store_price', 's2/teh-manis') && has('availability', 'set_availability', 's1/teh-manis') && has('store_settings', 'set_settings', 's2')).to.equal(true);
      expect(entries.some((e) => e.action === 'sign_out')).to.equal(true);
      const created = entries.find((e) => e.entityType === 'user' && e.action === 'create' && e.actor === 'owner')!;
      expect(created.ip).to.be.a('string').and.not.equal('');
      expect(created.userAgent).to.equal('central-admin-test');
      expect(created.after).to.have.property('username');
      expect(JSON.stringify(entries)).to.not.match(/password_hash|scrypt\$/);
    } finally {
      await db.end();
    }
  });
});

describe('central-admin outside demo mode', function () {
  this.timeout(60_000);

  it('refuses to start while no user exists', async () => {
    const err = await startAdmin({ DEMO_MODE: '0' }).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as Error).message).to.match(/create-user/);
  });

  it("refuses the demo owner's password once the service is not in demo mode", async () => {
    const db = await (await testbed()).freshDatabase('admin');
    const demo = await startAdmin({}, db);
    await demo.running.close();
    const prod = await startAdmin({ DEMO_MODE: '0' }, db);
    try {
      const r = await new Caller(prod.running.url).call('POST', '/api/auth/login', { username: 'owner', password: 'owner-demo' });
      expect(r.status).to.equal(401);
    } finally {
      await prod.running.close();
    }
  });
});
