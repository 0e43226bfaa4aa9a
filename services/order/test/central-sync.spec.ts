import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { create, pb, streams, subjects, toBinary } from '@kiosk/contracts';
import { businessDay } from '../src/domain/numbering.js';
import { cashOrder, publishedSeq, startHarness, waitUntil, type OrderHarness } from './support.js';

/**
 * The order service consuming its store's CENTRAL_<ID> stream. On a box the uplink sources that stream from
 * central; here the test declares it with the central subjects and publishes what central-ingest would.
 */
describe('order service: receipts and decisions from central', function () {
  this.timeout(60_000);
  let h: OrderHarness;
  let nc: NatsConnection;
  let js: JetStreamClient;

  const orderRow = async (globalId: string) => (await h.db.query<{ sync_status: string; synced_at: Date | null; central_order_number: string | null; price_override: boolean; version: number }>(
    'SELECT sync_status, synced_at, central_order_number, price_override, version FROM orders.orders WHERE global_id = $1', [globalId])).rows[0]!;
  const health = async () => (await (await fetch(`${h.service.url}/health`)).json()) as { pending_sync: number; last_sync: string | null };
  const sendReceipt = (committedSeq: number, committedAt: string, stream = streams.sales(h.storeId), streamStart = 0) => js.publish(subjects.receipt(h.storeId), toBinary(pb.SyncReceiptSchema,
    create(pb.SyncReceiptSchema, { storeId: h.storeId, stream, committedSeq: BigInt(committedSeq), committedAt, ordersCommitted: 1n, streamStart: BigInt(streamStart) })),
  { msgID: `receipt:${stream}:${streamStart}:${committedSeq}` });
  const sendDecision = (decision: pb.Decision['decision'], eventId = randomUUID()) => js.publish(subjects.decision(h.storeId), toBinary(pb.DecisionSchema,
    create(pb.DecisionSchema, { eventId, storeId: h.storeId, decidedAt: new Date().toISOString(), reason: 'test', decision })));

  before(async () => {
    h = await startHarness();
    nc = await connect({ servers: h.tb.nats.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: streams.central(h.storeId), subjects: [subjects.centralForStore(h.storeId)], storage: StorageType.File, retention: RetentionPolicy.Limits });
    js = jetstream(nc);
  });
  after(async () => {
    await nc?.close();
    await h?.close();
  });

  it('marks synced exactly the orders whose events central committed, with the receipt time, and counts the rest as pending', async () => {
    const first = await h.post(cashOrder());
    const second = await h.post(cashOrder());
    const firstSeq = await publishedSeq(h, first.body.globalId!);
    const secondSeq = await publishedSeq(h, second.body.globalId!);
    expect(secondSeq).to.be.greaterThan(firstSeq);
    expect((await health()).pending_sync).to.equal(2);

    const committedAt = '2026-11-25T10:00:00.000Z';
    await sendReceipt(firstSeq, committedAt);
    await waitUntil(async () => (await orderRow(first.body.globalId!)).sync_status === 'synced', 20_000, 'first order synced');
    expect((await orderRow(first.body.globalId!)).synced_at!.toISOString()).to.equal(committedAt);
    expect((await orderRow(second.body.globalId!)).sync_status).to.equal('pending');
    expect(await health()).to.include({ pending_sync: 1, last_sync: committedAt });
  });

  it('does not mark an order whose payment event is above the committed sequence', async () => {
    const placed = await h.post(cashOrder());
    const last = await publishedSeq(h, placed.body.globalId!);
    await sendReceipt(last - 1, new Date().toISOString());
    await sendReceipt(last - 1, new Date().toISOString(), streams.kitchen(h.storeId));
    // The kitchen receipt arrives after the sales one: once it is recorded, the sales one was applied.
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM orders.sync_receipts WHERE stream = $1', [streams.kitchen(h.storeId)])).rowCount === 1);
    expect((await orderRow(placed.body.globalId!)).sync_status).to.equal('pending');
    await sendReceipt(last, new Date().toISOString());
    await waitUntil(async () => (await health()).pending_sync === 0, 20_000, 'nothing pending');
  });

  it('ignores a late, older receipt: last_sync and synced orders never move back', async () => {
    const before = await health();
    await sendReceipt(1, '2020-01-01T00:00:00.000Z');
    const marker = randomUUID();
    await sendDecision({ case: 'reviewRequested', value: create(pb.ReviewRequestedSchema, { reviewId: marker, kind: 'inventory', subjectId: 'p-tea', summary: 'marker' }) });
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM orders.reviews WHERE review_id = $1', [marker])).rowCount === 1);
    expect(await health()).to.deep.include({ last_sync: before.last_sync, pending_sync: 0 });
  });

  it('keeps the store number of a renamed order, stores the central number and flags a price override, once each', async () => {
    const placed = await h.post(cashOrder());
    const { globalId, orderNumber } = placed.body as { globalId: string; orderNumber: string };
    const renamedId = randomUUID();
    const rename = { case: 'orderRenamed' as const, value: create(pb.OrderRenamedSchema, { globalId, oldNumber: orderNumber, newNumber: `${orderNumber}-S9` }) };
    await sendDecision(rename, renamedId);
    await sendDecision(rename, renamedId);
    await sendDecision({ case: 'priceOverridden', value: create(pb.PriceOverriddenSchema, { globalId, productId: 'p-tea', paidUnitPrice: 10n, centralUnitPrice: 12n }) });
    await waitUntil(async () => (await orderRow(globalId)).price_override, 20_000, 'price override applied');
    const row = await orderRow(globalId);
    expect(row.central_order_number).to.equal(`${orderNumber}-S9`);
    expect(row.version, 'one rename and one override, the repeat ignored').to.equal(3);
    expect((await h.get(`/api/orders/${globalId}`)).body.orderNumber, 'the store keeps its number').to.equal(orderNumber);
    const { rows } = await h.db.query<{ kind: string }>('SELECT kind FROM orders.decisions WHERE global_id = $1 ORDER BY applied_at', [globalId]);
    expect(rows.map((r) => r.kind)).to.deep.equal(['order_renamed', 'price_overridden']);
  });

  it('moves the numbering past a collision and records a review item', async () => {
    const today = businessDay(new Date(), h.service.ctx.config.STORE_TIME_ZONE);
    await sendDecision({ case: 'numberingMoved', value: create(pb.NumberingMovedSchema, { businessDay: today, nextSequence: 500n }) });
    await sendDecision({ case: 'reviewRequested', value: create(pb.ReviewRequestedSchema, { reviewId: 'rev-1', kind: 'availability', subjectId: 'p-burger', summary: 'sold out centrally' }) });
    await waitUntil(async () => (await h.db.query("SELECT 1 FROM orders.decisions WHERE kind = 'numbering_moved'")).rowCount === 1, 20_000, 'numbering moved');
    const next = await h.post(cashOrder());
    expect(next.body.orderNumber).to.match(/500$/);
    const { rows } = await h.db.query('SELECT kind, subject_id, status FROM orders.reviews WHERE review_id = $1', ['rev-1']);
    expect(rows).to.deep.equal([{ kind: 'availability', subject_id: 'p-burger', status: 'open' }]);
  });

  it('ignores a receipt that counts in another box\'s stream (the dead box a replacement took over from)', async () => {
    const jsm = await jetstreamManager(nc);
    const ownStart = (await jsm.streams.info(streams.sales(h.storeId))).config.first_seq;
    expect(ownStart, 'the sales stream starts at the time it was created').to.be.greaterThan(Date.parse('2026-01-01'));
    const placed = await h.post(cashOrder());
    const seq = await publishedSeq(h, placed.body.globalId!);
    // The dead box's stream started earlier; its count passed this order's sequence long ago.
    await sendReceipt(seq + 1_000, new Date().toISOString(), streams.sales(h.storeId), ownStart - 86_400_000);
    const marker = randomUUID();
    await sendDecision({ case: 'reviewRequested', value: create(pb.ReviewRequestedSchema, { reviewId: marker, kind: 'inventory', subjectId: 'p-tea', summary: 'marker' }) });
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM orders.reviews WHERE review_id = $1', [marker])).rowCount === 1);
    expect((await orderRow(placed.body.globalId!)).sync_status, 'another stream\'s receipt marks nothing').to.equal('pending');

    await sendReceipt(seq, new Date().toISOString(), streams.sales(h.storeId), ownStart);
    await waitUntil(async () => (await orderRow(placed.body.globalId!)).sync_status === 'synced', 20_000, 'this stream\'s receipt marks it');
  });
  it('marks an order synced when central\'s receipt came back before the relay wrote down its sequences', async () => {
    const jsm = await jetstreamManager(nc);
    const sales = await jsm.streams.info(streams.sales(h.storeId));
    const salesSeq = async () => Number((await h.db.query<{ committed_seq: string }>(
      'SELECT committed_seq FROM orders.sync_receipts WHERE stream = $1', [streams.sales(h.storeId)])).rows[0]?.committed_seq ?? 0);
    // The store stream stops taking the relay's publishes: the order's events stay in the outbox, sequences unknown.
    await jsm.streams.update(sales.config.name, { ...sales.config, subjects: [`paused.${h.storeId}.>`] });
    let globalId: string;
    try {
      globalId = (await h.post(cashOrder())).body.globalId!;
      // Central's receipt already covers the sequences those events are about to get (as when the relay's
      // first PubAcks travelled to central and back before its last one came in).
      const covering = sales.state.last_seq + 10;
      await sendReceipt(covering, new Date().toISOString());
      await waitUntil(async () => (await salesSeq()) === covering, 20_000, 'the receipt applied');
      expect((await orderRow(globalId)).sync_status, 'nothing to mark while the sequences are unknown').to.equal('pending');
    } finally {
      await jsm.streams.update(sales.config.name, sales.config);
    }
    await waitUntil(async () => (await orderRow(globalId)).sync_status === 'synced', 20_000, 'marked synced once the relay recorded the sequences');
    expect((await health()).pending_sync).to.equal(0);
  });
});
