import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import pg from 'pg';
import type { CatalogView } from '@kiosk/contracts';
import { bundleService, repoRoot, startStoreBox, type StoreBox } from '../src/index.js';
import { call, hammer, joinKitchen, pairScreen, serviceLog, type Reply } from './attack-support.js';

const run = promisify(execFile);

/**
 * The store box as an attacker on the store Wi-Fi sees it: every request goes through the nginx gateway of a
 * real box, each "tablet" from its own loopback address (127.0.0.x). Each surface here was a way in before
 * (unthrottled or in-memory PINs, a header PIN, a client-chosen card outcome, NUL in a note, tokens that never
 * expired or could not be revoked).
 */
describe('attacks on a store box through its gateway', function () {
  this.timeout(300_000);
  let box: StoreBox;
  let db: pg.Pool;
  let productId: string;
  let display: { token: string; deviceId: string };

  before(async function () {
    box = await startStoreBox();
    db = new pg.Pool({ connectionString: box.databaseUrl, max: 2 });
    const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
    productId = catalog.products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!.id;
    display = await pairScreen(box, '127.0.0.2');
  });

  after(async () => {
    await db?.end();
    await box?.stop();
  });

  const orderRows = async () => Number((await db.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM orders.orders) + (SELECT count(*) FROM orders.payments) + (SELECT count(*) FROM orders.outbox) AS n')).rows[0]!.n);
  const order = (over: Record<string, unknown> = {}) => ({
    globalId: randomUUID(), kioskId: 'attack-kiosk', mode: 'takeaway', lines: [{ productId, quantity: 1, optionIds: [] }], payment: { method: 'cash' }, ...over,
  });

  /** 20 wrong PINs in a row: five answered with the surface's own refusal, every later one 429 with the wait. */
  function expectLockedOut(result: { statuses: number[]; last: Reply }, wrongStatus: number) {
    expect(result.statuses.slice(0, 5)).to.deep.equal([wrongStatus, wrongStatus, wrongStatus, wrongStatus, wrongStatus]);
    expect(result.statuses.slice(5)).to.deep.equal(new Array(15).fill(429));
    const { last } = result;
    expect(last.body.error?.code).to.equal('too_many_attempts');
    const seconds = last.body.error?.details?.retryAfterSeconds as number;
    expect(seconds).to.be.a('number').and.greaterThan(0);
    expect(Number(last.headers['retry-after'])).to.equal(seconds);
  }

  /** The service logged the refusals of `surface` for `client` (a lockout is visible to whoever reads the logs). */
  async function expectLogged(service: string, surface: string, client: string) {
    for (let i = 0; ; i++) {
      const lines = serviceLog(box, service).filter((l) => l.surface === surface && l.client === client);
      if (lines.some((l) => l.message === 'PIN attempt refused: locked out') && lines.some((l) => l.message === 'wrong PIN')) return;
      if (i > 50) expect.fail(`${service} did not log the lockout of ${surface} for ${client}`);
      await sleep(100);
    }
  }

  describe('guessing PINs', () => {
    it('locks out pairing after wrong staff PINs (429, Retry-After), logs it, and ignores a forged X-Forwarded-For', async () => {
      const guess = (pin: string, headers?: Record<string, string>) =>
        call(box, { method: 'POST', path: '/api/devices/pair', from: '127.0.0.11', headers, body: { pin, name: 'guesser', role: 'kitchen' } });
      expectLockedOut(await hammer(20, (i) => guess(String(1000 + i))), 401);
      expect((await guess('1234')).status, 'the right PIN while locked').to.equal(429);
      expect((await guess('1234', { 'x-forwarded-for': '10.9.8.7' })).status, 'a forged client address').to.equal(429);
      await expectLogged('kitchen', 'device_pairing', '127.0.0.11');
      expect((await call(box, { method: 'POST', path: '/api/devices/pair', from: '127.0.0.12', body: { pin: '1234', name: 'staff', role: 'kitchen' } })).status,
        'another tablet').to.equal(201);
    });

    it('locks out ticket cancel after wrong manager PINs, for that client and for that device from anywhere', async () => {
      const canceller = await pairScreen(box, '127.0.0.13');
      const cancel = (from: string) => call(box, {
        method: 'POST', path: `/api/kitchen/tickets/${randomUUID()}/cancel`, from,
        headers: { authorization: `Bearer ${canceller.token}` }, body: { managerPin: '0000' },
      });
      expectLockedOut(await hammer(20, () => cancel('127.0.0.13')), 403);
      expect((await cancel('127.0.0.14')).status, 'the same device from another address').to.equal(429);
      await expectLogged('kitchen', 'ticket_cancel', '127.0.0.13');
    });

    it('locks out revoking devices after wrong manager PINs', async () => {
      const revoker = await pairScreen(box, '127.0.0.15');
      const victim = await pairScreen(box, '127.0.0.15');
      const revoke = () => call(box, {
        method: 'POST', path: `/api/devices/${victim.deviceId}/revoke`, from: '127.0.0.16',
        headers: { authorization: `Bearer ${revoker.token}` }, body: { managerPin: '9999' },
      });
      expectLockedOut(await hammer(20, revoke), 403);
      await expectLogged('kitchen', 'device_revoke', '127.0.0.16');
    });

    it("locks out the kiosk's staff settings PIN, checked by the box, per client and per kiosk", async () => {
      const open = (from: string, kioskId: string, pin: string) => call(box, { method: 'POST', path: '/api/kiosk/staff-session', from, body: { kioskId, pin } });
      expectLockedOut(await hammer(20, (i) => open('127.0.0.17', 'kiosk-7', String(5000 + i))), 401);
      expect((await open('127.0.0.18', 'kiosk-7', '1234')).status, 'the same kiosk from another address').to.equal(429);
      const other = await open('127.0.0.19', 'kiosk-8', '1234');
      expect(other.status).to.equal(201);
      expect(other.body).to.include.keys('token', 'expiresAt');
      await expectLogged('order', 'kiosk_staff_session', '127.0.0.17');
    });

    it('keeps every lockout across a restart of the services', async () => {
      await box.stopService('kitchen');
      await box.startService('kitchen');
      await box.stopService('order');
      await box.startService('order');
      expect((await call(box, { method: 'POST', path: '/api/devices/pair', from: '127.0.0.11', body: { pin: '1234', name: 'x', role: 'kitchen' } })).status).to.equal(429);
      expect((await call(box, { method: 'POST', path: '/api/kiosk/staff-session', from: '127.0.0.17', body: { kioskId: 'kiosk-7', pin: '1234' } })).status).to.equal(429);
    });

    it('marks nothing sold out with a header PIN: only a paired screen may', async () => {
      const mark = (headers: Record<string, string>) => call(box, {
        method: 'POST', path: '/api/catalog/availability', from: '127.0.0.20', headers, body: { productId, available: true },
      });
      expect((await mark({ 'x-staff-pin': '1234' })).status).to.equal(401);
      const session = await call(box, { method: 'POST', path: '/api/kiosk/staff-session', from: '127.0.0.20', body: { kioskId: 'kiosk-20', pin: '1234' } });
      expect((await mark({ authorization: `Bearer ${session.body.token as string}` })).status, 'a kiosk staff session').to.equal(403);
      expect((await mark({ authorization: `Bearer ${display.token}` })).status).to.equal(202);
    });

    it('refuses to start a service with the demo PINs in production mode', async () => {
      const bundle = await bundleService('kitchen');
      const env = { PATH: process.env.PATH ?? '', ...box.serviceEnv('kitchen'), HTTP_PORT: '0', NODE_ENV: 'production', DEMO_MODE: '0' };
      const failed = await run(process.execPath, [bundle], { cwd: repoRoot, env, timeout: 30_000 }).then(() => null, (err: { code?: number; stderr?: string }) => err);
      expect(failed, 'the kitchen service started with the demo PINs').to.not.equal(null);
      expect(failed!.code).to.equal(1);
      expect(failed!.stderr).to.contain('STAFF_PIN').and.to.contain('demo PIN');
    });
  });

  describe('steering the card terminal', () => {
    it('refuses a client-chosen card outcome with 400 (unknown field) and writes nothing', async () => {
      const before = await orderRows();
      for (const simulate of ['approve', 'decline', 'timeout']) {
        const res = await call(box, { method: 'POST', path: '/api/orders', from: '127.0.0.30', body: order({ payment: { method: 'card', simulate } }) });
        expect(res.status).to.equal(400);
        expect(res.body.error?.code).to.equal('validation_failed');
        expect(JSON.stringify(res.body.error?.details)).to.contain('simulate');
      }
      expect(await orderRows()).to.equal(before);
      // Nor can a tablet reach the simulator's test-only control: the gateway does not route it.
      const control = await call(box, { method: 'PUT', path: '/internal/payment-simulator', from: '127.0.0.30', body: { outcome: 'approve' } });
      expect(control.status).to.not.equal(200);
    });
  });

  describe('input that used to reach a 500', () => {
    it('refuses a NUL in a note or a name with 400 and writes nothing', async () => {
      const before = await orderRows();
      for (const over of [{ notes: 'no chili\u0000' }, { customerName: 'Budi\u0000' }, { lines: [{ productId, quantity: 1, optionIds: [], notes: '\u0000' }] }]) {
        const body = order(over);
        const res = await call(box, { method: 'POST', path: '/api/orders', from: '127.0.0.31', body });
        expect(res.status, JSON.stringify(over)).to.equal(400);
        expect((await call(box, { method: 'GET', path: `/api/orders/${body.globalId}`, from: '127.0.0.31' })).status).to.equal(404);
      }
      const pairing = await call(box, { method: 'POST', path: '/api/devices/pair', from: '127.0.0.32', body: { pin: '1234', name: 'grill\u0000', role: 'kitchen' } });
      expect(pairing.status).to.equal(400);
      expect(await orderRows()).to.equal(before);
    });
  });

  describe('stolen or stale device tokens', () => {
    it('answers 401 to an expired token on HTTP and refuses it on socket join', async () => {
      const stale = await pairScreen(box, '127.0.0.40');
      await db.query("UPDATE staff.devices SET expires_at = now() - interval '1 second' WHERE id = $1", [stale.deviceId]);
      const res = await call(box, { method: 'GET', path: '/api/kitchen/tickets', from: '127.0.0.40', headers: { authorization: `Bearer ${stale.token}` } });
      expect(res.status).to.equal(401);
      const { answer, socket } = await joinKitchen(box, stale.token);
      socket.disconnect();
      expect(answer).to.deep.include({ ok: false });
      expect(answer.error?.code).to.equal('unauthorized');
    });

    it('answers 401 to a revoked token on HTTP and on socket join, and drops its live socket', async () => {
      const lost = await pairScreen(box, '127.0.0.41');
      const live = await joinKitchen(box, lost.token);
      expect(live.answer.ok).to.equal(true);
      const dropped = new Promise<string>((resolve) => live.socket.once('disconnect', resolve));
      const revoked = await call(box, {
        method: 'POST', path: `/api/devices/${lost.deviceId}/revoke`, from: '127.0.0.42',
        headers: { authorization: `Bearer ${display.token}` }, body: { managerPin: '4321' },
      });
      expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
      expect(await dropped).to.equal('io server disconnect');
      const res = await call(box, { method: 'GET', path: '/api/kitchen/tickets', from: '127.0.0.41', headers: { authorization: `Bearer ${lost.token}` } });
      expect(res.status).to.equal(401);
      const again = await joinKitchen(box, lost.token);
      again.socket.disconnect();
      expect(again.answer.error?.code).to.equal('unauthorized');
    });
  });
});
