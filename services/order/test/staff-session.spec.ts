import { expect } from 'chai';
import { staffMigrationsFolder } from '@kiosk/stack';
import { ConfigError, DeviceRegistry, applyMigrations, createLogger, loadConfig } from '@kiosk/kit';
import { orderConfig } from '../src/index.js';
import { orderEnv, startHarness, type OrderHarness } from './support.js';

describe("order service: the kiosk's staff settings PIN is checked by the box", function () {
  this.timeout(60_000);
  let h: OrderHarness;
  before(async () => {
    h = await startHarness({ env: { STAFF_PIN: '2580' } });
    // The staff schema belongs to the kitchen service, which migrates it on a real box.
    await applyMigrations(h.db, { schema: 'staff', migrationsFolder: staffMigrationsFolder, logger: createLogger({ service: 'test', storeId: h.storeId, level: 'error' }) });
  });
  after(async () => { await h?.close(); });

  const open = (body: unknown) => fetch(`${h.service.url}/api/kiosk/staff-session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  it('answers 401 to a wrong PIN and a short kiosk-staff session to the right one', async () => {
    const wrong = await open({ kioskId: 'kiosk-1', pin: '1234' });
    expect(wrong.status).to.equal(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).to.equal('invalid_pin');

    const right = await open({ kioskId: 'kiosk-1', pin: '2580' });
    expect(right.status).to.equal(201);
    const session = (await right.json()) as { token: string; expiresAt: string };
    const minutes = (Date.parse(session.expiresAt) - Date.now()) / 60_000;
    expect(minutes).to.be.within(10, 16);
    const device = await new DeviceRegistry(h.db).authenticate(session.token);
    expect(device).to.deep.include({ role: 'kiosk-staff', name: 'kiosk-1' });
  });

  it('refuses a malformed request with 400 and counts no attempt', async () => {
    const attempts = async () => Number((await h.db.query<{ n: string }>('SELECT coalesce(sum(failures), 0) AS n FROM staff.pin_attempts')).rows[0]!.n);
    const before = await attempts();
    expect((await open({ kioskId: 'kiosk 1!', pin: '0000' })).status).to.equal(400);
    expect((await open({ pin: '0000' })).status).to.equal(400);
    expect(await attempts()).to.equal(before);
    expect((await open({ kioskId: 'kiosk-2', pin: '0000' })).status, 'a well-formed wrong PIN does count').to.equal(401);
    expect(await attempts()).to.equal(before + 2);
  });

  it('refuses to start in production mode with the demo staff PIN unless DEMO_MODE=1', () => {
    const env = { ...orderEnv({ tb: h.tb, storeId: h.storeId, databaseUrl: h.databaseUrl, catalogUrl: h.catalogUrl }), NODE_ENV: 'production', STAFF_PIN: '1234', MANAGER_PIN: '2468' };
    expect(() => loadConfig(orderConfig, env)).to.throw(ConfigError, /STAFF_PIN: is a demo PIN/);
    expect(loadConfig(orderConfig, { ...env, DEMO_MODE: '1' }).STAFF_PIN).to.equal('1234');
    expect(loadConfig(orderConfig, { ...env, STAFF_PIN: '2580' }).STAFF_PIN).to.equal('2580');
  });
});
