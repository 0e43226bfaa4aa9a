import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { headers as natsHeaders, connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { create, fromBinary, headers, hubStreams, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { dbOf, ensureStream, storeStreams, type PoolClient, type RunningService } from '@kiosk/kit';
import { testbed } from '@kiosk/stack';
import { startCentralIngestService, type CentralIngestConfig } from '../src/index.js';
import { rollUpKitchen, type KitchenRow } from '../src/adapters/rollups.js';
import { advanceReceipt } from '../src/adapters/sales.repo.js';

/** Two ingest replicas in-process on one database and one durable consumer per stream (the testbed's NATS). */
describe('central-ingest replicas sharing one durable consumer', function () {
  this.timeout(60_000);
  let replicas: RunningService<CentralIngestConfig>[] = [];
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let db: pg.Client;
  let storeId: string;

  const orderEvent = (n: number) => create(pb.OrderCreatedSchema, {
    eventId: randomUUID(), globalId: randomUUID(), storeId, kioskId: 'k1', orderNumber: `T-${String(n).padStart(3, '0')}`, businessDay: '2026-11-25',
    mode: pb.OrderMode.TAKEAWAY, currency: 'IDR', subtotal: 10_000n, total: 10_000n, daySequence: BigInt(n), createdAt: new Date().toISOString(),
    lines: [{ productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 10_000n, lineTotal: 10_000n }],
    payment: { paymentId: randomUUID(), method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.PENDING, amount: 10_000n, currency: 'IDR' },
  });

  before(async () => {
    const tb = await testbed();
    storeId = tb.freshStoreId('ci');
    const databaseUrl = await tb.freshDatabase('central');
    nc = await connect({ servers: tb.nats.url });
    jsm = await jetstreamManager(nc);
    // The hub's per-store streams, on one server: same names and subjects as hub-streams.ts, one replica.
    const box = storeStreams(storeId);
    await ensureStream(jsm, box.sales);
    await ensureStream(jsm, box.kitchen);
    await ensureStream(jsm, { name: streams.telemetry(storeId), subjects: [subjects.telemetryAll(storeId)] });
    await ensureStream(jsm, { name: hubStreams.centralToStore(storeId), subjects: [subjects.centralForStore(storeId)] });
    const config = (port: number): CentralIngestConfig => ({
      SERVICE_NAME: 'central-ingest', STORE_ID: 'central', HTTP_HOST: '127.0.0.1', HTTP_PORT: port, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl,
      NATS_URL: tb.nats.url, SHUTDOWN_GRACE_SECONDS: 5, CENTRAL_STORES: [storeId], INGEST_BATCH: 16, STORE_LIST_POLL_MS: 2_000, DEMO_MODE: '1', TRUST_PROXY: 'loopback', CENTRAL_REPORT_TIME_ZONE: 'Asia/Jakarta',
    });
    replicas = await Promise.all([startCentralIngestService(config(0)), startCentralIngestService(config(0))]);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await Promise.all(replicas.map((r) => r.close()));
    await nc?.close();
  });

  it('commits every order once when each is delivered twice, and receipts the whole stream', async () => {
    const js = jetstream(nc);
    const events = Array.from({ length: 60 }, (_, i) => orderEvent(i + 1));
    // Each order twice under different message ids (so JetStream's dedupe keeps both): the store sequences
    // follow the stream's, as the uplink stamps them.
    let seq = 0;
    for (const e of [...events, ...events]) {
      const h = natsHeaders();
      h.set(headers.storeSeq, String(++seq));
      await js.publish(subjects.orderCreated(storeId), toBinary(pb.OrderCreatedSchema, e), { msgID: randomUUID(), headers: h });
    }
    const count = async () => (await db.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT global_id)::int AS d FROM central.orders WHERE store_id = $1', [storeId])).rows[0]!;
    const deadline = Date.now() + 30_000;
    while ((await count()).n < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await count()).to.deep.equal({ n: 60, d: 60 });

    // The highest receipt sent, as the store applies them (it keeps the highest): two replicas may publish theirs
    // in either order, so the last message can be the lower one.
    const receiptSeq = async () => {
      const stream = hubStreams.centralToStore(storeId);
      const { state } = await jsm.streams.info(stream);
      let highest = 0;
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (m?.subject === subjects.receipt(storeId)) highest = Math.max(highest, Number(fromBinary(pb.SyncReceiptSchema, m.data).committedSeq));
      }
      return highest;
    };
    while ((await receiptSeq()) < 120 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await receiptSeq()).to.equal(120);
    const payments = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM central.payments p JOIN central.orders o USING (global_id) WHERE o.store_id = $1', [storeId]);
    expect(payments.rows[0]!.n).to.equal(60);
    // Both replicas took part? Not asserted: which replica fetches what is JetStream's business, not a rule.
  });

  it('moves the receipt mark up to a replacement box\'s stream start, and never back for the dead box\'s late events', async () => {
    const store = `${storeId}-replaced`;
    const stream = streams.sales(store);
    /** One batch's sequences committed and the mark advanced, as commitSales does, from a stream started at `start`. */
    const commit = async (seqs: number[], start: number) => {
      await db.query('BEGIN');
      await db.query('INSERT INTO central.stream_seqs (store_id, stream, store_seq) SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING', [store, stream, seqs]);
      const mark = await advanceReceipt(db as unknown as PoolClient, store, stream, 0, start);
      await db.query('COMMIT');
      return mark;
    };
    expect(await commit([1_000, 1_001, 1_002], 1_000)).to.include({ committedSeq: 1_002, streamStart: 1_000 });
    // The box dies with 1,003 and 1,004 never sent. Its replacement's stream starts at 5,000; its second event
    // arrives first (another replica holds the first): nothing of the new stream is receipted yet.
    expect(await commit([5_001], 5_000)).to.include({ committedSeq: 4_999, streamStart: 5_000 });
    expect(await commit([5_000], 5_000)).to.include({ committedSeq: 5_001, streamStart: 5_000 });
    // A late event of the dead box is committed, but moves neither the start nor the mark.
    expect(await commit([1_003], 1_000)).to.include({ committedSeq: 5_001, streamStart: 5_000 });
    // An uplink that does not say where its stream started leaves the start as it is.
    expect(await commit([5_002], 0)).to.include({ committedSeq: 5_002, streamStart: 5_000 });
  });

  it('keeps the report rollups equal to the orders central holds, counting each order once and each payment at its latest status', async () => {
    const js = jetstream(nc);
    // Approve the first ten orders' payments (a PaymentRecorded each, one of them twice).
    const held = (await db.query<{ global_id: string; payment_id: string; amount: number }>(
      `SELECT o.global_id, p.payment_id, p.amount FROM central.orders o JOIN central.payments p USING (global_id) WHERE o.store_id = $1 ORDER BY o.order_number LIMIT 10`, [storeId])).rows;
    let seq = 1000;
    for (const p of [...held, held[0]!]) {
      const e = create(pb.PaymentRecordedSchema, { eventId: randomUUID(), storeId, globalId: p.global_id, recordedAt: new Date().toISOString(),
        payment: { paymentId: p.payment_id, method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.APPROVED, amount: BigInt(p.amount), currency: 'IDR' } });
      const h = natsHeaders();
      h.set(headers.storeSeq, String(++seq));
      await js.publish(subjects.paymentRecorded(storeId), toBinary(pb.PaymentRecordedSchema, e), { msgID: randomUUID(), headers: h });
    }
    // A payment that reaches central before its order (another batch, another replica) still counts once.
    const early = orderEvent(500);
    const approval = create(pb.PaymentRecordedSchema, { eventId: randomUUID(), storeId, globalId: early.globalId, recordedAt: new Date().toISOString(),
      payment: { paymentId: early.payment!.paymentId, method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.APPROVED, amount: 10_000n, currency: 'IDR' } });
    for (const [subject, data] of [[subjects.paymentRecorded(storeId), toBinary(pb.PaymentRecordedSchema, approval)], [subjects.orderCreated(storeId), toBinary(pb.OrderCreatedSchema, early)]] as const) {
      const h = natsHeaders();
      h.set(headers.storeSeq, String(++seq));
      await js.publish(subject, data, { msgID: randomUUID(), headers: h });
    }
    const approvedRows = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM central.payments p JOIN central.orders o USING (global_id) WHERE o.store_id = $1 AND p.status = 'approved'`, [storeId])).rows[0]!.n;
    const deadline = Date.now() + 30_000;
    const orderCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM central.orders WHERE store_id = $1', [storeId])).rows[0]!.n;
    while (((await approvedRows()) < 11 || (await orderCount()) < 61) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await approvedRows()).to.equal(11);
    expect(await orderCount()).to.equal(61);

    const one = async <T>(sql: string) => (await db.query<T & Record<string, unknown>>(sql, [storeId])).rows;
    const [orders] = await one<{ n: number; gross: number; tax: number; sc: number }>(
      'SELECT count(*)::int AS n, sum(total)::bigint AS gross, sum(tax)::bigint AS tax, sum(service_charge)::bigint AS sc FROM central.orders WHERE store_id = $1');
    const [sales] = await one<{ n: number; gross: number; tax: number; sc: number }>(
      'SELECT sum(orders)::int AS n, sum(gross)::bigint AS gross, sum(tax)::bigint AS tax, sum(service_charge)::bigint AS sc FROM central.sales_hourly WHERE store_id = $1');
    expect(sales).to.deep.equal(orders);
    const [lines] = await one<{ q: number; r: number }>('SELECT sum(l.quantity)::bigint AS q, sum(l.line_total)::bigint AS r FROM central.order_lines l JOIN central.orders o USING (global_id) WHERE o.store_id = $1');
    const [products] = await one<{ q: number; r: number }>('SELECT sum(quantity)::bigint AS q, sum(revenue)::bigint AS r FROM central.product_daily WHERE store_id = $1');
    expect(products).to.deep.equal(lines);
    const payments = await one<{ status: string; count: number; amount: number }>(
      'SELECT status, sum(count)::int AS count, sum(amount)::bigint AS amount FROM central.payment_daily WHERE store_id = $1 GROUP BY status ORDER BY status');
    expect(payments).to.deep.equal([{ status: 'approved', count: 11, amount: 110_000 }, { status: 'pending', count: 50, amount: 500_000 }]);
    const [awaiting] = await one<{ n: number }>('SELECT count(*)::int AS n FROM central.awaiting_payment WHERE store_id = $1');
    expect(awaiting!.n).to.equal(50);
  });

  it('keeps the prep-time histogram equal to the tickets it counts, through late, repeated and corrected kitchen events', async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 3, 0, s)).toISOString();
    const event = (ticket: string, status: string, second: number, globalId = `order-of-${ticket}`): KitchenRow => ({ storeId, ticketId: ticket, globalId, status, changedAt: at(second) });
    const client = dbOf(db);
    // t1: 42 s; t2: 700 s, its start arriving after its ready; t3: ready twice (the first counts); t4: started only.
    await rollUpKitchen(client, [event('t1', 'preparing', 0), event('t1', 'ready', 42), event('t2', 'ready', 700), event('t3', 'preparing', 0), event('t3', 'ready', 90)]);
    await rollUpKitchen(client, [event('t2', 'preparing', 0), event('t3', 'ready', 300), event('t4', 'preparing', 10)]);
    // Tickets whose order had not arrived: their business day comes with the order (rollUpOrders' update).
    await db.query(`UPDATE central.ticket_prep SET business_day = '2026-11-25' WHERE store_id = $1 AND business_day IS NULL AND ticket_id IN ('t1', 't2', 't3', 't4')`, [storeId]);
    // A correction: an earlier start of t1 (least() wins): 42 s becomes 52 s.
    await rollUpKitchen(client, [event('t1', 'preparing', -10)]);

    const histogram = (await db.query<{ within_seconds: number; tickets: number }>(
      'SELECT within_seconds, tickets::int AS tickets FROM central.prep_histogram WHERE store_id = $1 AND tickets <> 0 ORDER BY 1', [storeId])).rows;
    expect(histogram).to.deep.equal([{ within_seconds: 55, tickets: 1 }, { within_seconds: 95, tickets: 1 }, { within_seconds: 720, tickets: 1 }]);
    const recomputed = (await db.query<{ within_seconds: number; tickets: number }>(
      `SELECT central.prep_within_seconds(prep_seconds) AS within_seconds, count(*)::int AS tickets FROM central.ticket_prep
        WHERE store_id = $1 AND business_day IS NOT NULL AND prep_seconds IS NOT NULL GROUP BY 1 ORDER BY 1`, [storeId])).rows;
    expect(histogram, 'the histogram is what ticket_prep holds, bucketed').to.deep.equal(recomputed);
  });
});
