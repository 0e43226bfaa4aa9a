import { expect } from 'chai';
import pg from 'pg';
import { staffMigrationsFolder, testbed } from '@kiosk/stack';
import { AppError, PinGuard, applyMigrations, createLogger, type PinCheck } from '../src/index.js';

const logger = createLogger({ service: 'kit-test', storeId: 'test', level: 'error' });

describe('PIN guard against real Postgres', function () {
  let pool: pg.Pool;
  let guard: PinGuard;

  before(async () => {
    const tb = await testbed();
    pool = new pg.Pool({ connectionString: await tb.freshDatabase('pins'), max: 8 });
    await applyMigrations(pool, { schema: 'staff', migrationsFolder: staffMigrationsFolder, logger });
    guard = new PinGuard({ pool, logger });
  });
  after(async () => { await pool?.end(); });

  const attempt = (over: Partial<PinCheck>): Promise<number> => guard.check({
    surface: 'test', client: '10.0.0.1', given: '0000', expected: '1234', wrong: () => new AppError(401, 'invalid_pin', 'wrong'), ...over,
  }).then(() => 200, (err: AppError) => err.status);

  it('counts concurrent wrong PINs one by one: exactly five get the wrong-PIN answer, the rest 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => attempt({ client: '10.0.0.2' })));
    expect(statuses.filter((s) => s === 401)).to.have.length(5);
    expect(statuses.filter((s) => s === 429)).to.have.length(15);
  });

  it('locks a device wherever it tries from, and lets another client and device in with the right PIN', async () => {
    for (let i = 0; i < 5; i++) await attempt({ client: `10.0.1.${i}`, device: 'kiosk:k9' });
    expect(await attempt({ client: '10.0.1.99', device: 'kiosk:k9', given: '1234' })).to.equal(429);
    expect(await attempt({ client: '10.0.2.1', device: 'kiosk:k10', given: '1234' })).to.equal(200);
  });

  it('forgets the failures of a key after the right PIN', async () => {
    for (let i = 0; i < 4; i++) await attempt({ client: '10.0.3.1' });
    expect(await attempt({ client: '10.0.3.1', given: '1234' })).to.equal(200);
    const { rows } = await pool.query('SELECT 1 FROM staff.pin_attempts WHERE key = $1', ['client:10.0.3.1']);
    expect(rows).to.have.length(0);
  });
});
