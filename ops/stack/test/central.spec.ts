import { expect } from 'chai';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { create, fromBinary, pb, streams, subjects, toBinary, type CentralConflictsView, type CentralOrderView, type CentralStoresView, type ProductView } from '@kiosk/contracts';
import { linkDown, linkUp, startCentral, startStoreBox, type Central, type StoreBox } from '../src/index.js';
import { centralChangeAtStoreMs, client, until } from './link-support.js';
import { bump, pairKitchen, tickets } from './scenario-support.js';
import { centralGet, centralSend, centralSql, placeOrder, storeCatalog, streamMessages } from './central-support.js';

/** Central (hub, Postgres, admin, two ingest replicas, gateway) with stores s1 and s2 attached as leaf nodes. */
describe('central: orders reach central Postgres exactly once, with the conflict rules and receipts back to the store', function () {
  this.timeout(300_000);
  let central: Central;
  let s1: StoreBox;
  let s2: StoreBox;
  let hubNc: NatsConnection;
  let s1Nc: NatsConnection;
  let s2Nc: NatsConnection;
  let s1Jsm: JetStreamManager;
  let product: ProductView;

  const orderRows = (globalId: string) => centralSql<{ n: number }>(central.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE global_id = $1', [globalId]).then((r) => r[0]!.n);
  const centralOrder = (globalId: string) => centralGet<CentralOrderView>(central, `/api/orders/${globalId}`);
  const committed = (globalId: string) => until(`order ${globalId} at central`, async () => (await orderRows(globalId)) === 1, 30_000);
  const decisionsFor = async (nc: NatsConnection, storeId: string) => (await streamMessages(nc, streams.central(storeId)))
    .filter((m) => m.subject === subjects.decision(storeId)).map((m) => fromBinary(pb.DecisionSchema, m.data));

  before(async function () {
    central = await startCentral({ stores: ['s1', 's2'] });
    [s1, s2] = await Promise.all([
      startStoreBox({ storeId: 's1', hub: central.hub.leafFor('s1') }),
      startStoreBox({ storeId: 's2', hub: central.hub.leafFor('s2') }),
    ]);
    [hubNc, s1Nc, s2Nc] = await Promise.all([central.hub.connect(), client(s1.natsUrl), client(s2.natsUrl)]);
    s1Jsm = await jetstreamManager(s1Nc);
    product = (await storeCatalog(s1)).products.find((p) => p.available && p.optionGroups.every((g) => g.min === 0))!;
    expect(product, 'a product without required options in the demo menu').to.exist;
  });

  after(async function () {
    await Promise.all([hubNc?.close(), s1Nc?.close(), s2Nc?.close()]);
    await Promise.all([s1?.stop(), s2?.stop()]);
    await central?.stop();
  });

  it('commits an order placed on a store once at central, with its lines, payment, store and sync time', async () => {
    const placed = await placeOrder(s1, product, 'card');
    await committed(placed.globalId);
    const { status, body } = await centralOrder(placed.globalId);
    expect(status).to.equal(200);
    expect(body).to.include({ globalId: placed.globalId, storeId: 's1', orderNumber: placed.orderNumber, priceOverride: false });
    expect(body.syncedAt).to.be.a('string');
    expect(body.lines).to.have.length(1);
    expect(body.lines[0]).to.include({ productId: product.id, quantity: 2 });
    // The chosen options as a JSON array (not a string holding one), as the store sent them.
    expect(body.lines[0]!.options).to.deep.equal([]);
    expect(body.payment).to.include({ method: 'card' });
  });

  it('keeps one row per order when the same order event is delivered to central twice', async () => {
    const placed = await placeOrder(s1, product);
    await committed(placed.globalId);
    const stored = await s1Jsm.streams.getMessage(streams.sales('s1'), { last_by_subj: subjects.orderCreated('s1') });
    expect(fromBinary(pb.OrderCreatedSchema, stored!.data).globalId).to.equal(placed.globalId);
    // A redelivery JetStream's dedupe cannot catch (a new message id): only ingest's globalId key stands between.
    await jetstream(hubNc).publish(subjects.orderCreated('s1'), stored!.data, { msgID: `replay-${placed.globalId}` });
    const marker = await placeOrder(s1, product);
    await committed(marker.globalId);
    expect(await orderRows(placed.globalId)).to.equal(1);
  });

  it("sends the store a receipt for what central committed, into the store's CENTRAL stream", async () => {
    const placed = await placeOrder(s1, product);
    await committed(placed.globalId);
    const lastSales = (await s1Jsm.streams.info(streams.sales('s1'))).state.last_seq;
    // Receipts for the sales and the kitchen stream share one subject, so read them all, not just the last.
    let receipt: pb.SyncReceipt | undefined;
    await until('receipt at the store', async () => {
      receipt = (await streamMessages(s1Nc, streams.central('s1')))
        .filter((m) => m.subject === subjects.receipt('s1')).map((m) => fromBinary(pb.SyncReceiptSchema, m.data))
        .filter((r) => r.stream === streams.sales('s1')).at(-1);
      return receipt !== undefined && Number(receipt.committedSeq) >= lastSales;
    });
    const rows = await centralSql<{ n: number }>(central.databaseUrl, `SELECT count(*)::int AS n FROM central.orders WHERE store_id = 's1'`);
    expect(Number(receipt!.ordersCommitted)).to.equal(rows[0]!.n);
  });

  it("shows each store's sync status from its heartbeat", async () => {
    const hb = create(pb.HeartbeatSchema, { storeId: 's1', sentAt: new Date().toISOString(), linkUp: true, pendingUpload: 0n, version: 'test' });
    await jetstream(s1Nc).publish(subjects.heartbeat('s1'), toBinary(pb.HeartbeatSchema, hb));
    let stores: CentralStoresView['stores'] = [];
    await until('heartbeat at central', async () => {
      stores = (await centralGet<CentralStoresView>(central, `/api/stores`)).body.stores;
      return stores.find((s) => s.storeId === 's1')?.link === 'online';
    });
    const one = stores.find((s) => s.storeId === 's1')!;
    expect(one.lastHeartbeatAt).to.equal(hb.sentAt);
    expect(one.ordersCommitted).to.be.at.least(4);
    expect(one.lastReceiptSeq).to.be.at.least(4);
    expect(stores.find((s) => s.storeId === 's2')?.link).to.equal('unknown');
  });

  it('keeps the paid price of an order placed at an old price during a cut, flags it for accounting, and brings the new price down', async () => {
    const category = (await storeCatalog(s1)).categories.find((c) => c.id === product.categoryId)!;
    expect((await centralSend(central, 'POST', `/api/admin/categories`, category)).status).to.equal(201);
    const created = await centralSend(central, 'POST', `/api/admin/products`, product);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);

    await linkDown(s1);
    const newPrice = product.price + 1_000;
    expect((await centralSend(central, 'PUT', `/api/admin/products/${product.id}/price`, { price: newPrice })).status).to.equal(200);
    const placed = await placeOrder(s1, product);
    expect(placed.lines[0]!.unitPrice, 'the store still sells at the old price').to.equal(product.price);
    const restored = performance.now();
    await linkUp(s1);

    await committed(placed.globalId);
    console.log(`      order taken during the cut committed at central ${Math.round(performance.now() - restored)} ms after link-up`);
    const { body } = await centralOrder(placed.globalId);
    expect(body.priceOverride).to.equal(true);
    expect(body.lines[0]!.unitPrice).to.equal(product.price);
    const { body: conflicts } = await centralGet<CentralConflictsView>(central, `/api/conflicts?kind=price_override&globalId=${placed.globalId}`);
    expect(conflicts.conflicts).to.have.length(1);
    expect(conflicts.conflicts[0]).to.include({ storeId: 's1', reviewStatus: 'accounting_review' });
    expect(conflicts.conflicts[0]!.details).to.include({ productId: product.id, paidUnitPrice: product.price, centralUnitPrice: newPrice });
    await until('new price at the store', async () => (await storeCatalog(s1)).products.find((p) => p.id === product.id)?.price === newPrice, centralChangeAtStoreMs);
    const later = await placeOrder(s1, { ...product, price: newPrice });
    expect(later.lines[0]!.unitPrice, 'later orders use the new price').to.equal(newPrice);
  });

  it('resolves the price override with a note: recorded once, audited, and recorded at the store as a decision', async () => {
    const { body: open } = await centralGet<{ conflicts: { id: number; globalId: string; status: string }[] }>(central, '/api/conflicts?kind=price_override&status=open');
    const target = open.conflicts[0]!;
    expect(target.status).to.equal('open');
    const resolved = await centralSend(central, 'POST', `/api/conflicts/${target.id}/resolve`, { decision: 'adjust', note: 'refund the difference', amount: 1000 });
    expect(resolved.status, JSON.stringify(resolved.body)).to.equal(200);
    expect(resolved.body).to.include({ status: 'resolved', reviewStatus: 'resolved', decision: 'adjust', resolvedBy: 'owner', resolutionNote: 'refund the difference' });
    expect((await centralSend(central, 'POST', `/api/conflicts/${target.id}/resolve`, { decision: 'accept' })).status, 'a second decision').to.equal(409);
    const { body: audit } = await centralGet<{ entries: { action: string; entityId: string; actor: string }[] }>(central, '/api/admin/audit?entityType=conflict');
    expect(audit.entries.filter((e) => e.action === 'resolve' && e.entityId === String(target.id))).to.have.length(1);
    let atStore: { details: { note: string; decision: string } }[] = [];
    await until('the decision recorded at s1', async () => {
      atStore = await centralSql(s1.databaseUrl, `SELECT details FROM orders.decisions WHERE kind = 'review_resolved' AND global_id = $1`, [target.globalId]);
      return atStore.length === 1;
    }, 30_000);
    expect(atStore[0]!.details).to.include({ decision: 'adjust', note: 'refund the difference' });
  });

  it('keeps both orders when two stores use the same number on the same day, renames the later arrival and tells its store', async () => {
    const heldAtCentral = await centralSql<{ display_number: string; business_day: string }>(central.databaseUrl, `SELECT display_number, business_day FROM central.orders WHERE store_id = 's1'`);
    const s2Product = (await storeCatalog(s2)).products.find((p) => p.id === product.id)!;
    const placed = await placeOrder(s2, s2Product);
    expect(heldAtCentral.map((r) => r.display_number), 's1 already holds this number at central').to.include(placed.orderNumber);
    await committed(placed.globalId);

    const { body } = await centralOrder(placed.globalId);
    expect(body.storeId).to.equal('s2');
    expect(body.orderNumber).to.equal(`${placed.orderNumber}-S2`);
    expect(body.storeOrderNumber).to.equal(placed.orderNumber);
    const { body: conflicts } = await centralGet<CentralConflictsView>(central, `/api/conflicts?kind=order_number_collision&globalId=${placed.globalId}`);
    expect(conflicts.conflicts).to.have.length(1);
    expect(conflicts.conflicts[0]!.details).to.include({ orderNumber: placed.orderNumber, renamedTo: `${placed.orderNumber}-S2`, heldByStore: 's1' });

    let decisions: pb.Decision[] = [];
    await until('decisions at s2', async () => {
      decisions = await decisionsFor(s2Nc, 's2');
      return decisions.some((d) => d.decision.case === 'numberingMoved');
    });
    const renamed = decisions.find((d) => d.decision.case === 'orderRenamed')!.decision.value as pb.OrderRenamed;
    expect(renamed).to.include({ globalId: placed.globalId, oldNumber: placed.orderNumber, newNumber: `${placed.orderNumber}-S2` });
    const moved = decisions.find((d) => d.decision.case === 'numberingMoved')!.decision.value as pb.NumberingMoved;
    expect(Number(moved.nextSequence)).to.be.greaterThan(heldAtCentral.length);
    expect(await orderRows(placed.globalId)).to.equal(1);
  });

  it('answers bad admin input with a 4xx in the contract shape and writes nothing', async () => {
    const before = (await centralGet<{ products: unknown[] }>(central, `/api/admin/catalog`)).body.products.length;
    const bad = await centralSend(central, 'POST', `/api/admin/products`, { id: 'Bad Id', price: -1 });
    expect(bad.status).to.equal(400);
    expect(bad.body).to.have.nested.property('error.code', 'validation_failed');
    const noCategory = await centralSend(central, 'POST', `/api/admin/products`, { ...product, id: 'orphan-1', categoryId: 'nope' });
    expect(noCategory.status).to.equal(422);
    expect((await centralSend(central, 'PUT', `/api/admin/products/missing-1/price`, { price: 5 })).status).to.equal(404);
    expect((await centralGet<{ products: unknown[] }>(central, `/api/admin/catalog`)).body.products.length).to.equal(before);
    expect((await centralGet(central, `/api/orders/not-a-uuid`)).status).to.equal(400);
  });
  it("reports exactly the orders placed through a store's API: sales, products, payments, awaiting payment and kitchen times", async () => {
    const report = async (name: string, day: string) => (await centralGet<{ rows: Partial<Record<string, number>>[]; totals: { orders: number; gross: number; quantity: number; revenue: number; count: number; amount: number } }>(central, `/api/reports/${name}?from=${day}&to=${day}&storeId=s1`)).body;
    const first = await placeOrder(s1, product, 'card');
    await committed(first.globalId);
    const day = (await centralOrder(first.globalId)).body.businessDay;
    const [sales0, products0, payments0] = [await report('sales', day), await report('products', day), await report('payments', day)];
    const placed = [await placeOrder(s1, product, 'cash'), await placeOrder(s1, product, 'card'), await placeOrder(s1, product, 'cash')] as unknown as { globalId: string; total: number; orderNumber: string }[];
    for (const o of placed) await committed(o.globalId);
    const sum = placed.reduce((a, o) => a + o.total, 0);
    const sales = await report('sales', day);
    expect(sales.totals.orders - sales0.totals.orders).to.equal(3);
    expect(sales.totals.gross - sales0.totals.gross, 'gross, to the rupiah').to.equal(sum);
    const products = await report('products', day);
    expect(products.totals.quantity - products0.totals.quantity).to.equal(6);
    expect(products.totals.revenue - products0.totals.revenue).to.be.at.most(sum);
    const paymentRows = () => centralSql<{ global_id: string; status: string; method: string; amount: number }>(central.databaseUrl,
      'SELECT global_id::text, status, method, amount FROM central.payments WHERE global_id = ANY($1::uuid[])', [placed.map((o) => o.globalId)]);
    await until('every payment at central', async () => new Set((await paymentRows()).map((p) => p.global_id)).size === 3, 30_000);
    const payments = await report('payments', day);
    expect(payments.totals.count - payments0.totals.count, JSON.stringify({ before: payments0, after: payments, rows: await paymentRows() })).to.equal(3);
    expect((await report('payments', day)).totals.amount - payments0.totals.amount).to.equal(sum);
    const awaiting = (await report('awaiting-payment', day)).rows as unknown as { globalId: string }[];
    expect(awaiting.map((r) => r.globalId)).to.include.members(placed.filter((_, i) => i !== 1).map((o) => o.globalId));
    const csv = await (await central.api())(`/api/reports/sales?from=${day}&to=${day}&storeId=s1&format=csv`);
    expect(csv.headers.get('content-type')).to.match(/text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).to.equal('storeId,bucket,currency,orders,gross,tax,serviceCharge,net,refunds,refundsAmount,sales,avgTicket');

    const token = await pairKitchen(s1);
    const ticket = (await tickets(s1, token)).find((t) => t.globalId === placed[0]!.globalId)!;
    await bump(s1, token, ticket.id, 'start');
    await bump(s1, token, ticket.id, 'ready');
    await until('kitchen prep time at central', async () => ((await report('kitchen', day)).rows[0]?.tickets ?? 0) >= 1, 30_000);
    expect((await report('kitchen', day)).rows[0]?.p50PrepSeconds).to.be.a('number');
  });
});
