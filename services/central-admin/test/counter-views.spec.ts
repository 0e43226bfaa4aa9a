import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { create, headers, hubStreams, pb, streams, subjects, toBinary, type CentralOrderView, type ZReportView } from '@kiosk/contracts';
import { ensureStream, storeStreams, type RunningService } from '@kiosk/kit';
import { testbed } from '@kiosk/stack';
import { startCentralIngestService, type CentralIngestConfig } from '@kiosk/central-ingest';
import { Caller, startAdmin, type Running } from './support.js';

/** Counter money reaching central: settlements, voids/refunds and Z reports, each applied once by central-ingest and shown by central's API. */
describe('central: payments settled at the counter, refunds and Z reports', function () {
  this.timeout(60_000);
  let ingest: RunningService<CentralIngestConfig>;
  let admin: Running;
  let finance: Caller;
  let nc: NatsConnection;
  let storeId: string;
  let seq = 0;

  async function publish(subject: string, payload: Uint8Array, msgId = randomUUID()): Promise<void> {
    const h = natsHeaders();
    h.set(headers.storeSeq, String(++seq));
    await jetstream(nc).publish(subject, payload, { msgID: msgId, headers: h });
  }

  async function until<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await probe().catch(() => null);
      if (v !== null) return v;
      if (Date.now() > deadline) throw new Error(`${what} not reached`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    const tb = await testbed();
    storeId = tb.freshStoreId('cz');
    const databaseUrl = await tb.freshDatabase('central');
    nc = await connect({ servers: tb.nats.url });
    const jsm = await jetstreamManager(nc);
    const box = storeStreams(storeId);
    await ensureStream(jsm, box.sales);
    await ensureStream(jsm, box.kitchen);
    await ensureStream(jsm, { name: streams.telemetry(storeId), subjects: [subjects.telemetryAll(storeId)] });
    await ensureStream(jsm, { name: hubStreams.centralToStore(storeId), subjects: [subjects.centralForStore(storeId)] });
    // central-admin first: its migrations make the catalog tables that central-ingest's price rule reads.
    admin = (await startAdmin({ CENTRAL_STORES: [storeId] }, databaseUrl)).running;
    finance = await Caller.signIn(admin.url, 'owner', 'owner-demo');
    ingest = await startCentralIngestService({
      SERVICE_NAME: 'central-ingest', STORE_ID: 'central', HTTP_HOST: '127.0.0.1', HTTP_PORT: 0, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl,
      NATS_URL: tb.nats.url, SHUTDOWN_GRACE_SECONDS: 5, CENTRAL_STORES: [storeId], INGEST_BATCH: 16, STORE_LIST_POLL_MS: 2_000, DEMO_MODE: '1', TRUST_PROXY: 'loopback',
      CENTRAL_REPORT_TIME_ZONE: 'Asia/Jakarta',
    });
  });

  after(async () => {
    await ingest?.close();
    await admin?.close();
    await nc?.close();
  });

  it('shows an order settled at the counter as paid, with its refund, and keeps each event once', async () => {
    const globalId = randomUUID();
    const paymentId = randomUUID();
    const payment = (status: pb.PaymentStatus, method: pb.PaymentMethod, amount: bigint) => create(pb.PaymentSchema, { paymentId, method, status, amount, currency: 'IDR' });
    await publish(subjects.orderCreated(storeId), toBinary(pb.OrderCreatedSchema, create(pb.OrderCreatedSchema, {
      eventId: randomUUID(), globalId, storeId, kioskId: 'k1', orderNumber: 'Z-001', businessDay: '2026-11-26', mode: pb.OrderMode.TAKEAWAY,
      currency: 'IDR', subtotal: 20_000n, total: 20_000n, daySequence: 1n, createdAt: new Date().toISOString(),
      lines: [{ productId: 'tea', name: 'Tea', quantity: 2, unitPrice: 10_000n, lineTotal: 20_000n }],
      payment: payment(pb.PaymentStatus.PENDING, pb.PaymentMethod.CASH, 20_000n),
    })));
    const settlementId = randomUUID();
    const settled = toBinary(pb.PaymentRecordedSchema, create(pb.PaymentRecordedSchema, {
      eventId: settlementId, globalId, storeId, recordedAt: new Date().toISOString(), payment: payment(pb.PaymentStatus.APPROVED, pb.PaymentMethod.QRIS, 20_000n),
    }));
    const reversalId = randomUUID();
    const refund = toBinary(pb.PaymentReversedSchema, create(pb.PaymentReversedSchema, {
      eventId: reversalId, globalId, storeId, kind: pb.ReversalKind.REFUND, amount: 10_000n, currency: 'IDR', reason: 'cold tea', approvedBy: 'manager-pin',
      requestedBy: 'counter:till', reversedAt: new Date().toISOString(), businessDay: '2026-11-26', method: pb.PaymentMethod.QRIS,
      lines: [{ lineNo: 1, quantity: 1, amount: 10_000n }],
    }));
    // Each delivered twice under different message ids: central must keep one of each.
    for (let i = 0; i < 2; i++) {
      await publish(subjects.paymentRecorded(storeId), settled);
      await publish(subjects.paymentReversed(storeId), refund);
    }
    const order = await until(async () => {
      const res = await finance.call('GET', `/api/orders/${globalId}`);
      const body = res.status === 200 ? res.body as unknown as CentralOrderView : null;
      return body && body.reversals?.length ? body : null;
    }, 'order with its refund at central');
    expect(order.status).to.equal('paid');
    expect(order.payment).to.deep.include({ method: 'qris', status: 'approved', amount: 20_000 });
    expect(order.reversals).to.have.length(1);
    expect(order.reversals![0]).to.deep.include({ reversalId, kind: 'refund', amount: 10_000, reason: 'cold tea' });
    // The refund (received twice) reduces the store's sales of its day once, to the rupiah.
    const sales = (await finance.call('GET', `/api/reports/sales?storeId=${storeId}&from=2026-11-26&to=2026-11-26`)).body as unknown as {
      rows: { gross: number; refunds: number; refundsAmount: number; sales: number }[]; totals: { gross: number; refunds: number; refundsAmount: number; sales: number };
    };
    expect(sales.totals).to.deep.include({ gross: 20_000, refunds: 1, refundsAmount: 10_000, sales: 10_000 });
    const csv = await finance.call('GET', `/api/reports/sales?storeId=${storeId}&from=2026-11-26&to=2026-11-26&format=csv`);
    expect(String(csv.body.text).split('\r\n')[0]).to.include('refunds,refundsAmount,sales');
  });

  it('records a card approved offline and declined by the acquirer later as one conflict for accounting', async () => {
    const globalId = randomUUID();
    const paymentId = randomUUID();
    await publish(subjects.orderCreated(storeId), toBinary(pb.OrderCreatedSchema, create(pb.OrderCreatedSchema, {
      eventId: randomUUID(), globalId, storeId, kioskId: 'k7', orderNumber: 'Z-077', businessDay: '2026-11-26', mode: pb.OrderMode.TAKEAWAY,
      currency: 'IDR', subtotal: 43_000n, total: 43_000n, daySequence: 77n, createdAt: new Date().toISOString(),
      lines: [{ productId: 'burger', name: 'Burger', quantity: 1, unitPrice: 43_000n, lineTotal: 43_000n }],
      payment: create(pb.PaymentSchema, { paymentId, method: pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED, amount: 43_000n, currency: 'IDR', reference: 'OFF-1' }),
    })));
    const failed = (eventId: string) => toBinary(pb.OfflineCardFailedSchema, create(pb.OfflineCardFailedSchema, {
      eventId, globalId, storeId, paymentId, amount: 43_000n, currency: 'IDR', outcome: 'declined', reason: 'insufficient funds',
      offlineReference: 'OFF-1', terminalId: 'k7', approvedAt: new Date(Date.now() - 60_000).toISOString(), failedAt: new Date().toISOString(),
    }));
    // Sent twice (a store retry under a new event id, and a redelivery): one conflict.
    await publish(subjects.offlineCardFailed(storeId), failed(randomUUID()));
    await publish(subjects.offlineCardFailed(storeId), failed(randomUUID()));
    const found = await until(async () => {
      const body = (await finance.call('GET', `/api/conflicts?kind=offline_card_declined&globalId=${globalId}`)).body as unknown as { conflicts: { kind: string; details: Record<string, unknown>; businessDay: string; status: string }[] };
      return body.conflicts.length > 0 ? body.conflicts : null;
    }, 'offline card conflict at central');
    await new Promise((r) => setTimeout(r, 500));
    const again = (await finance.call('GET', `/api/conflicts?kind=offline_card_declined&globalId=${globalId}`)).body as unknown as { conflicts: unknown[] };
    expect(again.conflicts).to.have.length(1);
    expect(found[0]).to.deep.include({ kind: 'offline_card_declined', businessDay: '2026-11-26', status: 'open' });
    expect(found[0]!.details).to.deep.include({ paymentId, amount: 43_000, outcome: 'declined', reason: 'insufficient funds' });
  });

  it('takes a card declined or expired after its offline approval out of the approved payments, whichever arrives first', async () => {
    const day = '2026-11-20';
    const cardOrder = (globalId: string, paymentId: string, n: number, amount: bigint) => toBinary(pb.OrderCreatedSchema, create(pb.OrderCreatedSchema, {
      eventId: randomUUID(), globalId, storeId, kioskId: 'k8', orderNumber: `Y-${n}`, businessDay: day, mode: pb.OrderMode.TAKEAWAY,
      currency: 'IDR', subtotal: amount, total: amount, daySequence: BigInt(n), createdAt: new Date().toISOString(),
      lines: [{ productId: 'burger', name: 'Burger', quantity: 1, unitPrice: amount, lineTotal: amount }],
      payment: create(pb.PaymentSchema, { paymentId, method: pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED, amount, currency: 'IDR', reference: `OFF-${n}` }),
    }));
    const failed = (globalId: string, paymentId: string, amount: bigint, outcome: 'declined' | 'expired') => toBinary(pb.OfflineCardFailedSchema, create(pb.OfflineCardFailedSchema, {
      eventId: randomUUID(), globalId, storeId, paymentId, amount, currency: 'IDR', outcome, reason: outcome === 'declined' ? 'do not honour' : 'not forwarded before its expiry',
      offlineReference: 'OFF-x', terminalId: 'k8', approvedAt: new Date(Date.now() - 90_000_000).toISOString(), failedAt: new Date().toISOString(),
    }));
    const [kept, declined, expired] = [{ g: randomUUID(), p: randomUUID() }, { g: randomUUID(), p: randomUUID() }, { g: randomUUID(), p: randomUUID() }];
    await publish(subjects.orderCreated(storeId), cardOrder(kept.g, kept.p, 101, 10_000n));
    await publish(subjects.orderCreated(storeId), cardOrder(declined.g, declined.p, 102, 20_000n));
    await publish(subjects.offlineCardFailed(storeId), failed(declined.g, declined.p, 20_000n, 'declined'));
    // The expiry reaches central before its order (another batch): the order then counts at the failed status at once.
    await publish(subjects.offlineCardFailed(storeId), failed(expired.g, expired.p, 40_000n, 'expired'));
    await publish(subjects.orderCreated(storeId), cardOrder(expired.g, expired.p, 103, 40_000n));

    type PaymentsReport = { rows: { method: string; status: string; count: number; amount: number }[] };
    const report = await until(async () => {
      const body = (await finance.call('GET', `/api/reports/payments?storeId=${storeId}&from=${day}&to=${day}`)).body as unknown as PaymentsReport;
      return body.rows.reduce((n, r) => n + Number(r.count), 0) === 3 && body.rows.some((r) => r.status === 'offline_expired') ? body : null;
    }, 'payments report with the three cards');
    expect(report.rows.map((r) => [r.method, r.status, Number(r.count), Number(r.amount)])).to.deep.equal([
      ['card', 'approved', 1, 10_000], ['card', 'offline_declined', 1, 20_000], ['card', 'offline_expired', 1, 40_000]]);

    const conflicts = async (kind: string, globalId: string) =>
      ((await finance.call('GET', `/api/conflicts?kind=${kind}&globalId=${globalId}`)).body as unknown as { conflicts: { kind: string; details: Record<string, unknown> }[] }).conflicts;
    expect((await conflicts('offline_card_expired', expired.g)).map((c) => c.details.outcome)).to.deep.equal(['expired']);
    expect(await conflicts('offline_card_declined', expired.g)).to.have.length(0);
    expect((await conflicts('offline_card_declined', declined.g)).map((c) => c.details.outcome)).to.deep.equal(['declined']);
    const order = (await finance.call('GET', `/api/orders/${declined.g}`)).body as unknown as CentralOrderView;
    expect(order.payment).to.deep.include({ method: 'card', status: 'offline_declined', amount: 20_000 });
  });

  it('shows each store\'s offline cards still to forward, from its heartbeat', async () => {
    await publish(subjects.heartbeat(storeId), toBinary(pb.HeartbeatSchema, create(pb.HeartbeatSchema, {
      storeId, sentAt: new Date().toISOString(), linkUp: false, pendingUpload: 4n, offlineCardsPending: 3n, offlineCardsPendingAmount: 150_000n, databaseUp: true,
    })));
    const store = await until(async () => {
      const body = (await finance.call('GET', '/api/stores')).body as unknown as { stores: { storeId: string; offlineCardsPending: number | null; offlineCardsPendingAmount: number | null }[] };
      const s = body.stores.find((x) => x.storeId === storeId);
      return s && s.offlineCardsPending !== null ? s : null;
    }, 'heartbeat at central');
    expect(store).to.deep.include({ offlineCardsPending: 3, offlineCardsPendingAmount: 150_000 });
  });

  it('answers a figure the store could not read as unknown (null), and a real 0 as 0', async () => {
    const stores = async () => ((await finance.call('GET', '/api/stores')).body as unknown as { stores: { storeId: string; pendingUpload: number | null; offlineCardsPending: number | null; lastHeartbeatAt: string | null }[] })
      .stores.find((x) => x.storeId === storeId);
    const sentAt = new Date(Date.now() + 1_000).toISOString();
    await publish(subjects.heartbeat(storeId), toBinary(pb.HeartbeatSchema, create(pb.HeartbeatSchema, { storeId, sentAt, offlineCardsPendingAmount: 0n, databaseUp: true })));
    const store = await until(async () => {
      const s = await stores();
      return s && s.lastHeartbeatAt && Date.parse(s.lastHeartbeatAt) === Date.parse(sentAt) ? s : null;
    }, 'the heartbeat without figures at central');
    expect(store).to.deep.include({ pendingUpload: null, offlineCardsPending: null, offlineCardsPendingAmount: 0 });
  });

  it('stores a store\'s Z report once and answers it by store and day', async () => {
    const report: ZReportView = {
      storeId, businessDay: '2026-11-26', closedAt: new Date().toISOString(), closedBy: 'counter:till:1', currency: 'IDR',
      orders: 3, paidOrders: 2, unpaidOrders: 1, voidedOrders: 0, netSales: 36_364, tax: 3_636, serviceCharge: 0, grossSales: 40_000,
      byMethod: [{ method: 'cash', count: 1, amount: 20_000 }, { method: 'qris', count: 0, amount: 0 }, { method: 'card', count: 1, amount: 20_000 }],
      cashRounding: 0, voids: 0, voidsAmount: 0, refunds: 1, refundsAmount: 5_000,
      drawer: { float: 100_000, cashIn: 0, cashOut: 10_000, expected: 110_000, counted: 109_500, overShort: -500 }, unpaidOrderNumbers: ['A-003'],
    };
    const n = BigInt;
    const event = (eventId: string) => toBinary(pb.DayClosedSchema, create(pb.DayClosedSchema, {
      eventId, storeId, businessDay: report.businessDay, closedAt: report.closedAt, closedBy: report.closedBy, currency: 'IDR',
      orders: 3n, paidOrders: 2n, unpaidOrders: 1n, voidedOrders: 0n, netSales: 36_364n, tax: 3_636n, serviceCharge: 0n, grossSales: 40_000n,
      byMethod: report.byMethod.map((m) => ({ method: { cash: pb.PaymentMethod.CASH, qris: pb.PaymentMethod.QRIS, card: pb.PaymentMethod.CARD }[m.method], count: n(m.count), amount: n(m.amount) })),
      cashRounding: 0n, voids: 0n, voidsAmount: 0n, refunds: 1n, refundsAmount: 5_000n,
      drawerFloat: 100_000n, drawerCashIn: 0n, drawerCashOut: 10_000n, drawerExpected: 110_000n, drawerCounted: 109_500n, drawerOverShort: -500n,
      unpaidOrderNumbers: ['A-003'],
    }));
    await publish(subjects.dayClosed(storeId), event(randomUUID()));
    await publish(subjects.dayClosed(storeId), event(randomUUID()));
    const found = await until(async () => {
      const body = (await finance.call('GET', `/api/z-reports?storeId=${storeId}&day=2026-11-26`)).body as unknown as { zReports: ZReportView[] };
      return body.zReports.length > 0 ? body.zReports : null;
    }, 'Z report at central');
    await new Promise((r) => setTimeout(r, 500));
    const again = (await finance.call('GET', `/api/z-reports?storeId=${storeId}`)).body as unknown as { zReports: ZReportView[] };
    expect(again.zReports).to.have.length(1);
    expect(found[0]).to.deep.equal(report);
    expect((await finance.call('GET', '/api/z-reports?day=26-11-2026')).status).to.equal(400);
    expect((await new Caller(admin.url).call('GET', `/api/z-reports?storeId=${storeId}`)).status).to.equal(401);
  });
});
