import { expect } from 'chai';
import pg from 'pg';
import { testbed, type Testbed } from '@kiosk/stack';
import type { RunningKitchen } from '../src/index.js';
import { TicketRetentionRepo } from '../src/adapters/ticket-retention.repo.js';
import { FakeOrderPublisher, eventually, startKitchen } from './support.js';

/** The ticket log's guard and the retention delete, against real Postgres (retention itself: ops/stack/test/retention.spec.ts). */
describe('kitchen retention: the ticket log stays append-only except for retention of tickets off the rail', function () {
  this.timeout(60_000);
  let tb: Testbed;
  let kitchen: RunningKitchen;
  let orders: FakeOrderPublisher;
  let db: pg.Pool;

  before(async () => {
    tb = await testbed();
    const storeId = tb.freshStoreId('ret');
    const databaseUrl = await tb.freshDatabase('kitchen');
    kitchen = await startKitchen(tb, { storeId, databaseUrl, env: { RETENTION_DAYS: '0' } });
    orders = await FakeOrderPublisher.connect(tb, storeId);
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  });
  after(async () => {
    await db?.end();
    await kitchen?.close();
    await orders?.close();
  });

  const ticket = async () => {
    const order = orders.order();
    await orders.publish(order);
    return eventually(`ticket of ${order.globalId}`, async () =>
      (await db.query<{ id: string }>('SELECT id FROM kitchen.tickets WHERE global_id = $1', [order.globalId])).rows[0]?.id);
  };
  const eventsOf = async (id: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kitchen.ticket_events WHERE ticket_id = $1', [id])).rows[0]!.n;

  it('refuses to delete or change the log outside retention, and deletes only served or cancelled tickets with their log', async () => {
    const open = await ticket();
    const served = await ticket();
    await db.query(`UPDATE kitchen.tickets SET status = 'served' WHERE id = $1`, [served]);
    expect(await eventsOf(served)).to.be.greaterThan(0);

    for (const sql of ['DELETE FROM kitchen.ticket_events WHERE ticket_id = $1', `UPDATE kitchen.ticket_events SET actor = 'x' WHERE ticket_id = $1`]) {
      const err = await db.query(sql, [served]).then(() => null, (e: Error) => e);
      expect(err?.message, sql).to.equal('kitchen.ticket_events is append-only');
    }

    const repo = new TicketRetentionRepo(kitchen.ctx.pool);
    expect(await repo.delete([open]), 'an open ticket is never pruned').to.equal(0);
    expect(await eventsOf(open)).to.be.greaterThan(0);
    expect(await repo.delete([served, open])).to.equal(1);
    expect(await eventsOf(served)).to.equal(0);
    expect((await db.query('SELECT 1 FROM kitchen.tickets WHERE id = $1', [served])).rowCount).to.equal(0);
    // The retention setting was local to that transaction: the log is append-only again.
    const err = await db.query('DELETE FROM kitchen.ticket_events WHERE ticket_id = $1', [open]).then(() => null, (e: Error) => e);
    expect(err?.message).to.equal('kitchen.ticket_events is append-only');
  });
});
