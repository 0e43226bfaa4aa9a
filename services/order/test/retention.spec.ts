import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { streams } from '@kiosk/contracts';
import { cashOrder, publishedSeq, startHarness, type OrderHarness } from './support.js';

/**
 * Retention against real Postgres: orders placed through the API, then aged by moving their business day back
 * (as 40 days would), and central's receipt recorded as the central consumer records it.
 */
describe('order service: retention of old orders central has', function () {
  this.timeout(60_000);
  let h: OrderHarness;
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

  const place = async () => {
    const placed = await h.post(cashOrder());
    expect(placed.status).to.equal(201);
    const id = placed.body.globalId!;
    return { id, seq: await publishedSeq(h, id) };
  };
  const age = (id: string, days: number) => h.db.query(`UPDATE orders.orders SET business_day = $2, created_at = now() - make_interval(days => $3) WHERE global_id = $1`, [id, daysAgo(days), days]);
  const markSynced = (id: string) => h.db.query(`UPDATE orders.orders SET sync_status = 'synced', synced_at = now() WHERE global_id = $1`, [id]);
  const receipt = (seq: number) => h.db.query(
    `INSERT INTO orders.sync_receipts (stream, committed_seq, committed_at, orders_committed) VALUES ($1, $2, now(), 0)
     ON CONFLICT (stream) DO UPDATE SET committed_seq = EXCLUDED.committed_seq`, [streams.sales(h.storeId), seq]);
  const rowsOf = async (id: string) => {
    const { rows } = await h.db.query<{ orders: number; lines: number; payments: number; events: number }>(
      `SELECT (SELECT count(*) FROM orders.orders WHERE global_id = $1)::int AS orders, (SELECT count(*) FROM orders.order_lines WHERE global_id = $1)::int AS lines,
              (SELECT count(*) FROM orders.payments WHERE global_id = $1)::int AS payments, (SELECT count(*) FROM orders.outbox WHERE correlation_id = $1::text)::int AS events`, [id]);
    return rows[0]!;
  };
  const metric = async () => {
    const text = await (await fetch(`${h.service.url}/metrics`)).text();
    const m = /retention_pruned_rows_total\{[^}]*table="orders"[^}]*\} (\d+)/.exec(text);
    return m ? Number(m[1]) : 0;
  };

  before(async () => { h = await startHarness({ env: { RETENTION_DAYS: '30' } }); });
  after(async () => { await h?.close(); });

  it('prunes only old orders that are synced and covered by the receipt, with their lines, payments and events', async () => {
    const oldSynced = await place();
    const oldUnsynced = await place();
    const oldSyncedUncovered = await place();
    const recentSynced = await place();
    for (const o of [oldSynced, oldUnsynced, oldSyncedUncovered]) await age(o.id, 40);
    for (const o of [oldSynced, oldSyncedUncovered, recentSynced]) await markSynced(o.id);
    // Central's receipt will cover every sequence so far; the third order's payment event sits above it (a refund
    // central has not got yet).
    const mark = Math.max(oldSynced.seq, oldUnsynced.seq, oldSyncedUncovered.seq, recentSynced.seq);
    await h.db.query('UPDATE orders.outbox SET published_seq = $2 WHERE correlation_id = $1 AND published_seq = $3', [oldSyncedUncovered.id, mark + 1_000, oldSyncedUncovered.seq]);
    const oldEvent = randomUUID();
    const uncoveredEvent = randomUUID();
    await h.db.query(
      `INSERT INTO orders.outbox (event_id, subject, event_type, payload, created_at, published_at, published_seq)
       VALUES ($1, 'x', 'day.closed', '\\x00', now() - interval '40 days', now() - interval '40 days', $3),
              ($2, 'x', 'day.closed', '\\x00', now() - interval '40 days', now() - interval '40 days', $4)`, [oldEvent, uncoveredEvent, mark - 1_000, mark + 2_000]);

    expect(await h.service.retention.runOnce(), 'no receipt yet: nothing is covered').to.deep.equal({ orders: 0, outbox: 0 });
    expect((await rowsOf(oldSynced.id)).orders).to.equal(1);

    await receipt(mark);
    const before = await metric();
    expect(await h.service.retention.runOnce()).to.deep.equal({ orders: 1, outbox: 1 });
    expect(await metric()).to.equal(before + 1);

    expect(await rowsOf(oldSynced.id)).to.deep.equal({ orders: 0, lines: 0, payments: 0, events: 0 });
    expect(await rowsOf(oldUnsynced.id), 'unsynced kept').to.deep.equal({ orders: 1, lines: 2, payments: 1, events: 2 });
    expect(await rowsOf(oldSyncedUncovered.id), 'event above the receipt kept').to.deep.equal({ orders: 1, lines: 2, payments: 1, events: 2 });
    expect(await rowsOf(recentSynced.id), 'recent kept').to.deep.equal({ orders: 1, lines: 2, payments: 1, events: 2 });
    const events = await h.db.query<{ event_id: string }>('SELECT event_id FROM orders.outbox WHERE event_id = ANY($1::uuid[])', [[oldEvent, uncoveredEvent]]);
    expect(events.rows.map((r) => r.event_id)).to.deep.equal([uncoveredEvent]);

    expect(await h.service.retention.runOnce(), 'a second pass finds nothing more').to.deep.equal({ orders: 0, outbox: 0 });

    // The kitchen's question: which of these orders' tickets may go (gone, or old and synced; never unsynced or recent).
    const ask = (body: unknown) => fetch(`${h.service.url}/internal/retention/prunable`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await ask({ globalIds: [oldSynced.id, oldUnsynced.id, oldSyncedUncovered.id, recentSynced.id] });
    expect(answer.status).to.equal(200);
    expect(((await answer.json()) as { prunable: string[] }).prunable.sort()).to.deep.equal([oldSynced.id, oldSyncedUncovered.id].sort());
    for (const bad of [{ globalIds: ['not-a-uuid'] }, { globalIds: [] }, { globalIds: Array.from({ length: 501 }, () => randomUUID()) }, { ids: [oldSynced.id] }]) {
      const res = await ask(bad);
      expect(res.status, JSON.stringify(bad).slice(0, 60)).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('validation_failed');
    }
    // The pruned order's number and its day are not handed out again: a new order still gets 201.
    expect((await h.post(cashOrder())).status).to.equal(201);
  });
});
