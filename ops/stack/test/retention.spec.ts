import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import pg from 'pg';
import { streams } from '@kiosk/contracts';
import type { ProductView } from '@kiosk/contracts/api';
import { startStoreBox, type StoreBox } from '../src/index.js';
import { until } from './link-support.js';
import { simpleProduct } from './scenario-support.js';

/**
 * Retention on a real box: orders placed through the gateway and cooked, then aged by 40 days in the database
 * (business day and times moved back) with central's receipt covering them. The order and kitchen services
 * prune at start: only the old order central has goes, with its lines, payment, events, ticket and ticket
 * events; the old unconfirmed order and the recent one stay whole. The kitchen's outbox loses only the old
 * events its kitchen receipt covers.
 */
describe('retention on a store box: old rows go only once central has them', function () {
  this.timeout(180_000);
  let box: StoreBox;
  let db: pg.Pool;
  let product: ProductView;

  before(async () => {
    box = await startStoreBox({ storeId: 'r1', env: { RETENTION_DAYS: '30' } });
    db = new pg.Pool({ connectionString: box.databaseUrl, max: 2 });
    product = await simpleProduct(box, 60_000);
  });
  after(async () => {
    await db?.end();
    await box?.stop();
  });

  const place = async () => {
    const globalId = randomUUID();
    const res = await fetch(`${box.gatewayUrl}/api/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId, kioskId: 'k1', mode: 'dine_in', lines: [{ productId: product.id, quantity: 1, optionIds: [] }], payment: { method: 'cash' } }),
    });
    expect(res.status).to.equal(201);
    return globalId;
  };
  const rowsOf = async (id: string) => (await db.query<{ orders: number; lines: number; events: number; tickets: number; ticketEvents: number }>(
    `SELECT (SELECT count(*) FROM orders.orders WHERE global_id = $1)::int AS orders, (SELECT count(*) FROM orders.order_lines WHERE global_id = $1)::int AS lines,
            (SELECT count(*) FROM orders.outbox WHERE correlation_id = $1::text)::int AS events,
            (SELECT count(*) FROM kitchen.tickets WHERE global_id = $1)::int AS tickets,
            (SELECT count(*) FROM kitchen.ticket_events e JOIN kitchen.tickets t ON t.id = e.ticket_id WHERE t.global_id = $1)::int AS "ticketEvents"`, [id])).rows[0]!;
  const pruned = async (service: 'order' | 'kitchen', table: string) => {
    const text = await (await fetch(`${box.serviceUrl(service)}/metrics`)).text();
    const m = new RegExp(`retention_pruned_rows_total\\{[^}]*table="${table}"[^}]*\\} (\\d+)`).exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('prunes the old order central confirmed and its ticket, and keeps the unconfirmed and the recent ones', async () => {
    const [oldSynced, oldPending, recentSynced] = [await place(), await place(), await place()];
    const all = [oldSynced, oldPending, recentSynced];
    await until('events published and tickets made', async () => (await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM orders.outbox WHERE correlation_id = ANY($1::text[]) AND published_seq IS NOT NULL)
            + (SELECT count(*) FROM kitchen.tickets WHERE global_id = ANY($1::uuid[])) AS n`, [all])).rows[0]!.n == 9, 30_000);
    await db.query(`UPDATE kitchen.tickets SET status = 'served', served_at = now() WHERE global_id = ANY($1::uuid[])`, [all]);
    const aged = [oldSynced, oldPending];
    await db.query(`UPDATE orders.orders SET business_day = business_day - 40, created_at = created_at - interval '40 days' WHERE global_id = ANY($1::uuid[])`, [aged]);
    await db.query(`UPDATE kitchen.tickets SET created_at = created_at - interval '40 days' WHERE global_id = ANY($1::uuid[])`, [aged]);
    await db.query(`UPDATE orders.orders SET sync_status = 'synced', synced_at = now() WHERE global_id = ANY($1::uuid[])`, [[oldSynced, recentSynced]]);
    await db.query(
      `INSERT INTO orders.sync_receipts (stream, committed_seq, committed_at, orders_committed)
       SELECT $1, max(published_seq), now(), 3 FROM orders.outbox
       ON CONFLICT (stream) DO UPDATE SET committed_seq = EXCLUDED.committed_seq`, [streams.sales(box.storeId)]);
    // The kitchen's own events: central's kitchen receipt covers those of the first order only.
    const kitchenEvents = async (id: string) => (await db.query<{ seq: number | null }>(
      'SELECT published_seq AS seq FROM kitchen.outbox WHERE correlation_id = $1::text', [id])).rows.map((r) => r.seq);
    await until('kitchen events published', async () => (await Promise.all(all.map(kitchenEvents))).every((seqs) => seqs.length > 0 && seqs.every((q) => q !== null)), 30_000);
    const kitchenMark = Math.max(...(await kitchenEvents(oldSynced)) as number[]);
    expect(Math.min(...(await kitchenEvents(oldPending)) as number[]), 'the second order\'s events above the mark').to.be.greaterThan(kitchenMark);
    await db.query(`UPDATE kitchen.outbox SET created_at = created_at - interval '40 days' WHERE correlation_id = ANY($1::text[])`, [aged]);
    await db.query(
      `INSERT INTO orders.sync_receipts (stream, committed_seq, committed_at, orders_committed) VALUES ($1, $2, now(), 0)
       ON CONFLICT (stream) DO UPDATE SET committed_seq = EXCLUDED.committed_seq`, [streams.kitchen(box.storeId), kitchenMark]);
    const before = { old: await rowsOf(oldSynced), pending: await rowsOf(oldPending), recent: await rowsOf(recentSynced) };
    expect(before.old.ticketEvents, 'the ticket has events to prune').to.be.greaterThan(0);

    // Both services prune at start (and daily after).
    for (const s of ['order', 'kitchen'] as const) {
      await box.stopService(s);
      await box.startService(s);
    }
    await until('the kitchen pruned one ticket', async () => (await pruned('kitchen', 'tickets')) === 1, 30_000).catch((e: unknown) => {
      console.log(readFileSync(`${box.baseDir}/logs/kitchen.log`, 'utf8').split('\n').filter((l) => /retention|warn|error/i.test(l)).slice(-20).map((l) => `LOG ${l}`).join('\n'));
      throw e;
    });
    expect(await pruned('order', 'orders')).to.equal(1);
    await until('the kitchen pruned the old events central has', async () => (await kitchenEvents(oldSynced)).length === 0, 30_000);
    expect(await pruned('kitchen', 'outbox')).to.be.greaterThan(0);
    expect((await kitchenEvents(oldPending)).length, 'old, but above central\'s kitchen mark: kept').to.be.greaterThan(0);
    expect((await kitchenEvents(recentSynced)).length, 'recent: kept').to.be.greaterThan(0);

    expect(await rowsOf(oldSynced)).to.deep.equal({ orders: 0, lines: 0, events: 0, tickets: 0, ticketEvents: 0 });
    expect(await rowsOf(oldPending), 'unconfirmed by central: kept whole').to.deep.equal(before.pending);
    expect(await rowsOf(recentSynced), 'recent: kept whole').to.deep.equal(before.recent);
    // The box goes on taking orders.
    await place();
  });
});
