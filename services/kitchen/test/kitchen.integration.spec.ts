import { expect } from 'chai';
import { consumers, streams, type DeviceListView, type PairDeviceView, type PickupEvent, type PickupView, type TicketView, type TicketsView } from '@kiosk/contracts';
import { testbed, type Testbed } from '@kiosk/stack';
import type { Socket } from 'socket.io-client';
import type { RunningKitchen } from '../src/index.js';
import { FakeOrderPublisher, api, collect, eventually, joinedSocket, pair, pairedToken, startKitchen } from './support.js';

describe('kitchen service against real Postgres, NATS and Redis', function () {
  this.timeout(60_000);
  let tb: Testbed;
  let storeId: string;
  let databaseUrl: string;
  let kitchen: RunningKitchen;
  let orders: FakeOrderPublisher;
  let token: string;
  let display: ReturnType<typeof api>;
  const sockets: Socket[] = [];

  before(async () => {
    tb = await testbed();
    storeId = tb.freshStoreId('kit');
    databaseUrl = await tb.freshDatabase('kitchen');
    kitchen = await startKitchen(tb, { storeId, databaseUrl });
    orders = await FakeOrderPublisher.connect(tb, storeId);
    token = await pairedToken(kitchen.url);
    display = api(kitchen.url, token);
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await kitchen?.close();
    await orders?.close();
  });

  const socket = async (room: 'kitchen' | 'pickup', withToken?: string, url = kitchen.url) => {
    const joined = await joinedSocket(url, room, withToken);
    sockets.push(joined.socket);
    return joined;
  };
  const ticketOf = (globalId: string) => eventually(`ticket of ${globalId}`, async () => {
    const { body } = await display.get('/api/kitchen/tickets');
    return (body as unknown as TicketsView).tickets.find((t) => t.globalId === globalId);
  });
  const newTicket = async () => {
    const order = orders.order();
    await orders.publish(order);
    return ticketOf(order.globalId);
  };
  const logRows = async (ticketId: string) =>
    (await kitchen.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kitchen.ticket_events WHERE ticket_id = $1', [ticketId])).rows[0]!.n;
  const consumerCaughtUpTo = (seq: number) => eventually(`consumer ack floor ${seq}`, async () => {
    const info = await orders.jsm.consumers.info(streams.sales(storeId), consumers.kitchenOrders);
    return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 ? true : undefined;
  });

  it('turns one order published twice under different msg ids into exactly one ticket and pushes it to a paired display', async () => {
    const { socket: kds, answer } = await socket('kitchen', token);
    expect(answer.ok).to.equal(true);
    const pushed = collect<TicketView>(kds, 'ticket');
    const order = orders.order({ customerName: 'Wayan' });
    await orders.publish(order, order.eventId);
    const second = await orders.publish(order, `${order.eventId}-redelivered`);
    expect(second.duplicate).to.equal(false);
    const ticket = await ticketOf(order.globalId);
    await consumerCaughtUpTo(second.seq);

    const { rows } = await kitchen.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kitchen.tickets WHERE global_id = $1', [order.globalId]);
    expect(rows[0]!.n).to.equal(1);
    expect(ticket).to.include({ status: 'new', version: 1, orderNumber: order.orderNumber, customerName: 'Wayan', mode: 'dine_in' });
    expect(ticket.lines).to.deep.equal([
      { productId: 'nasi-goreng', name: 'Nasi goreng', quantity: 1, options: ['Extra spicy'], notes: 'no egg', station: 'wok', done: false },
      { productId: 'es-teh', name: 'Es teh', quantity: 2, options: [], station: 'drinks', done: false },
    ]);
    await eventually('socket push', async () => (pushed.some((t) => t.globalId === order.globalId) ? true : undefined));
    expect(pushed.filter((t) => t.globalId === order.globalId)).to.have.length(1);
    expect(pushed.find((t) => t.globalId === order.globalId)).to.deep.equal(ticket);
  });

  it('pairs a display only with the staff PIN and keeps kitchen routes and the kitchen room closed without a token', async () => {
    const wrong = await pair(kitchen.url, '0000');
    expect(wrong.status).to.equal(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).to.equal('invalid_pin');
    const right = await pair(kitchen.url);
    expect(right.status).to.equal(201);
    expect(await right.json()).to.include.keys('token', 'deviceId', 'name', 'role', 'expiresAt');

    const noToken = await fetch(`${kitchen.url}/api/kitchen/tickets`);
    expect(noToken.status).to.equal(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
    expect((await api(kitchen.url, 'not-a-token').get('/api/kitchen/stats')).status).to.equal(401);
    const { rows } = await kitchen.ctx.pool.query<{ token_hash: string }>('SELECT token_hash FROM staff.devices');
    expect(rows.map((r) => r.token_hash)).to.not.include(token);

    const refused = await socket('kitchen');
    expect(refused.answer).to.deep.include({ ok: false });
    expect(refused.answer.error?.code).to.equal('unauthorized');
    expect((await socket('pickup')).answer.ok).to.equal(true);
  });

  it('lets exactly one of several concurrent bumps with the same expectedVersion win and answers the others 409 with the current ticket', async () => {
    const ticket = await newTicket();
    const answers = await Promise.all(Array.from({ length: 8 }, () => display.post(`/api/kitchen/tickets/${ticket.id}/start`, { expectedVersion: 1 })));
    expect(answers.filter((a) => a.status === 200)).to.have.length(1);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers).to.have.length(7);
    for (const l of losers) {
      expect(l.status).to.equal(409);
      expect(l.body.error?.code).to.equal('version_conflict');
      expect(l.body.error?.details?.ticket).to.include({ version: 2, status: 'preparing' });
    }
    expect(await logRows(ticket.id)).to.equal(2);

    // Without expectedVersion the losers re-read: "ready" is then illegal on a ready ticket, never applied twice.
    const readies = await Promise.all(Array.from({ length: 6 }, () => display.post(`/api/kitchen/tickets/${ticket.id}/ready`)));
    expect(readies.filter((a) => a.status === 200)).to.have.length(1);
    expect(readies.filter((a) => a.status === 409).map((a) => a.body.error?.code)).to.deep.equal(Array(5).fill('illegal_transition'));
    expect((await ticketOf(ticket.globalId)).version).to.equal(3);
    expect(await logRows(ticket.id)).to.equal(3);
  });

  it('refuses illegal transitions, stale versions, missing manager PINs and bad ids without changing anything', async () => {
    const ticket = await newTicket();
    const base = `/api/kitchen/tickets/${ticket.id}`;
    const serve = await display.post(`${base}/serve`);
    expect(serve.status).to.equal(409);
    expect(serve.body.error?.code).to.equal('illegal_transition');
    expect(serve.body.error?.details?.ticket).to.include({ version: 1, status: 'new' });
    expect((await display.post(`${base}/recall`)).status).to.equal(409);
    expect((await display.post(`${base}/start`, { expectedVersion: 7 })).body.error?.code).to.equal('version_conflict');
    const noPin = await display.post(`${base}/cancel`);
    expect([noPin.status, noPin.body.error?.code]).to.deep.equal([403, 'manager_pin_required']);
    expect((await display.post(`${base}/cancel`, { managerPin: '1111' })).status).to.equal(403);
    expect((await display.post('/api/kitchen/tickets/6b3f0c8e-1111-4a2b-9c3d-000000000000/start')).status).to.equal(404);
    expect((await display.post('/api/kitchen/tickets/not-a-uuid/start')).status).to.equal(400);
    expect((await display.post(`${base}/explode`)).status).to.equal(400);
    expect((await display.post(`${base}/start`, { expectedVersion: 'one' })).status).to.equal(400);
    expect((await display.post(`${base}/lines/9/done`, { done: true })).status).to.equal(404);
    expect((await display.post(`${base}/lines/x/done`, { done: true })).status).to.equal(400);
    expect((await display.post(`${base}/lines/0/done`, {})).status).to.equal(400);

    const after = await ticketOf(ticket.globalId);
    expect(after).to.deep.equal(ticket);
    expect(await logRows(ticket.id)).to.equal(1);

    const done = await display.post(`${base}/lines/1/done`, { done: true, expectedVersion: 1 });
    expect(done.status).to.equal(200);
    expect((done.body as unknown as TicketView).lines.map((l) => l.done)).to.deep.equal([false, true]);
    const cancelled = await display.post(`${base}/cancel`, { managerPin: '4321', expectedVersion: 2 });
    expect(cancelled.status).to.equal(200);
    expect(cancelled.body).to.include({ status: 'cancelled', version: 3 });
  });

  it('publishes every change of a ticket to the kitchen stream exactly once, in version order', async () => {
    const ticket = await newTicket();
    const steps: [string, unknown][] = [['start', {}], ['lines/0/done', { done: true }], ['ready', {}], ['serve', {}], ['recall', {}], ['ready', {}], ['serve', {}]];
    for (const [step, body] of steps) {
      const path = step.startsWith('lines') ? `/api/kitchen/tickets/${ticket.id}/${step}` : `/api/kitchen/tickets/${ticket.id}/${step}`;
      expect((await display.post(path, body)).status).to.equal(200);
    }
    const events = await eventually('8 kitchen events', async () => {
      const mine = (await orders.kitchenEvents()).filter((e) => e.ticketId === ticket.id);
      return mine.length >= 8 ? mine : undefined;
    });
    expect(events.map((e) => Number(e.version))).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.map((e) => e.action)).to.deep.equal(['create', 'start', 'line_done', 'ready', 'serve', 'recall', 'ready', 'serve']);
    expect(new Set(events.map((e) => e.eventId)).size).to.equal(8);
    expect(events.every((e) => e.globalId === ticket.globalId && e.storeId === storeId)).to.equal(true);
    const pending = await kitchen.ctx.pool.query('SELECT 1 FROM kitchen.outbox WHERE published_at IS NULL');
    expect(pending.rowCount).to.equal(0);
  });

  it('shows the pickup board numbers as preparing or ready without a token and pushes changes to the pickup room', async () => {
    const { socket: board } = await socket('pickup');
    const pushed = collect<PickupEvent>(board, 'pickup');
    const ticket = await newTicket();
    const pickup = async () => ((await (await fetch(`${kitchen.url}/api/pickup`)).json()) as PickupView).tickets.find((t) => t.orderNumber === ticket.orderNumber);
    expect(await pickup()).to.include({ status: 'preparing', customerName: 'Sari' });
    await display.post(`/api/kitchen/tickets/${ticket.id}/ready`);
    expect(await pickup()).to.include({ status: 'ready' });
    await display.post(`/api/kitchen/tickets/${ticket.id}/serve`);
    expect(await pickup()).to.equal(undefined);
    const statuses = await eventually('three pickup pushes', async () => {
      const mine = pushed.filter((p) => p.orderNumber === ticket.orderNumber).map((p) => p.status);
      return mine.length >= 3 ? mine : undefined;
    });
    expect(statuses).to.deep.equal(['new', 'ready', 'served']);
  });

  it('answers the day\'s kitchen stats', async () => {
    const { status, body } = await display.get('/api/kitchen/stats');
    expect(status).to.equal(200);
    const { rows } = await kitchen.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kitchen.tickets');
    expect(body).to.include({ orders: rows[0]!.n, lateAfterSeconds: 600, businessDay: new Date().toISOString().slice(0, 10) });
    expect(body.served as number).to.be.at.least(1);
    expect(body.p90PrepSeconds).to.be.a('number');
  });

  it('gives a display that lost its connection the changes it missed (connection-state recovery)', async () => {
    const ticket = await newTicket();
    const { socket: kds } = await socket('kitchen', token);
    const pushed = collect<TicketView>(kds, 'ticket');
    await display.post(`/api/kitchen/tickets/${ticket.id}/start`);
    await eventually('first push', async () => (pushed.some((t) => t.id === ticket.id) ? true : undefined));
    // Drop the transport as a flaky Wi-Fi would (not a clean disconnect), then change the ticket meanwhile.
    const reconnected = new Promise<void>((resolve) => kds.once('connect', () => resolve()));
    kds.io.engine.close();
    await display.post(`/api/kitchen/tickets/${ticket.id}/ready`);
    await reconnected;
    expect(kds.recovered).to.equal(true);
    const ready = await eventually('missed push', async () => pushed.find((t) => t.id === ticket.id && t.status === 'ready'));
    expect(ready.version).to.equal(3);
  });

  it('fans ticket changes out through Redis to a display connected to another kitchen instance', async () => {
    const second = await startKitchen(tb, { storeId, databaseUrl });
    try {
      const { socket: kds } = await socket('kitchen', token, second.url);
      const pushed = collect<TicketView>(kds, 'ticket');
      const ticket = await newTicket();
      await display.post(`/api/kitchen/tickets/${ticket.id}/start`);
      const seen = await eventually('fan-out', async () => (pushed.some((t) => t.id === ticket.id && t.status === 'preparing') ? true : undefined));
      expect(seen).to.equal(true);
    } finally {
      await second.close();
    }
  });

  it('keeps consuming orders and publishing changes when NATS stops and comes back', async () => {
    const ticket = await newTicket();
    await tb.nats.proc.stop();
    try {
      // HTTP keeps working; the change waits in the outbox.
      expect((await display.post(`/api/kitchen/tickets/${ticket.id}/start`)).status).to.equal(200);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await tb.nats.restart();
    }
    const order = orders.order();
    await eventually('publish after restart', () => orders.publish(order));
    const after = await ticketOf(order.globalId);
    expect(after.status).to.equal('new');
    const started = await eventually('start event on the kitchen stream', async () =>
      (await orders.kitchenEvents()).find((e) => e.ticketId === ticket.id && e.action === 'start'));
    expect(Number(started.version)).to.equal(2);
  });

  it('locks pairing out for a caller after five wrong PINs, even with the right one, and only that caller', async () => {
    for (let i = 0; i < 5; i++) expect((await pair(kitchen.url, '9999', 'grill', '10.1.1.5')).status).to.equal(401);
    const locked = await pair(kitchen.url, '1234', 'grill', '10.1.1.5');
    expect(locked.status).to.equal(429);
    const body = (await locked.json()) as { error: { code: string; details: { retryAfterSeconds: number } } };
    expect(body.error.code).to.equal('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).to.equal(body.error.details.retryAfterSeconds).and.to.be.greaterThan(0);
    expect((await pair(kitchen.url, '1234', 'grill', '10.1.1.6')).status).to.equal(201);
  });

  it('keeps a lockout across a restart of the service', async () => {
    for (let i = 0; i < 5; i++) await pair(kitchen.url, '9999', 'grill', '10.1.1.7');
    await kitchen.close();
    kitchen = await startKitchen(tb, { storeId, databaseUrl });
    display = api(kitchen.url, token);
    expect((await pair(kitchen.url, '1234', 'grill', '10.1.1.7')).status).to.equal(429);
  });

  it('refuses an expired token on HTTP and on socket join, and renews a token in use', async () => {
    const res = await pair(kitchen.url, '1234', 'old tablet', '10.1.2.1');
    const old = (await res.json()) as PairDeviceView;
    expect(Date.parse(old.expiresAt) - Date.now()).to.be.greaterThan(29 * 24 * 3600 * 1000);
    await kitchen.ctx.pool.query("UPDATE staff.devices SET last_seen_at = now() - interval '2 hours', expires_at = now() + interval '1 day' WHERE id = $1", [old.deviceId]);
    expect((await api(kitchen.url, old.token).get('/api/kitchen/stats')).status).to.equal(200);
    const renewed = await kitchen.ctx.pool.query<{ days: number }>('SELECT extract(epoch FROM expires_at - now()) / 86400 AS days FROM staff.devices WHERE id = $1', [old.deviceId]);
    expect(Number(renewed.rows[0]!.days)).to.be.greaterThan(29);

    await kitchen.ctx.pool.query("UPDATE staff.devices SET expires_at = now() - interval '1 second' WHERE id = $1", [old.deviceId]);
    expect((await api(kitchen.url, old.token).get('/api/kitchen/stats')).status).to.equal(401);
    const refused = await socket('kitchen', old.token);
    expect(refused.answer.error?.code).to.equal('unauthorized');
  });

  it('drops the live socket of a display whose token expired, at the next periodic check', async () => {
    const checked = await startKitchen(tb, { storeId, databaseUrl, env: { KITCHEN_SOCKET_RECHECK_SECONDS: '1' } });
    try {
      const res = await pair(checked.url, '1234', 'expiring tablet', '10.1.4.1');
      const expiring = (await res.json()) as PairDeviceView;
      const joined = await joinedSocket(checked.url, 'kitchen', expiring.token);
      sockets.push(joined.socket);
      expect(joined.answer.ok).to.equal(true);
      const dropped = new Promise<string>((resolve) => joined.socket.once('disconnect', resolve));
      await checked.ctx.pool.query("UPDATE staff.devices SET expires_at = now() - interval '1 second' WHERE id = $1", [expiring.deviceId]);
      expect(await dropped).to.equal('io server disconnect');
    } finally {
      await checked.close();
    }
  });

  it('lists paired devices and revokes one with the manager PIN, dropping its live socket', async () => {
    const victim = (await (await pair(kitchen.url, '1234', 'lost tablet', '10.1.3.1')).json()) as PairDeviceView;
    const { socket: live, answer } = await socket('kitchen', victim.token);
    expect(answer.ok).to.equal(true);
    const listed = await display.get('/api/devices');
    expect((listed.body as unknown as DeviceListView).devices.map((d) => d.id)).to.include(victim.deviceId);

    expect((await display.post(`/api/devices/${victim.deviceId}/revoke`, { managerPin: '0000' })).status).to.equal(403);
    const dropped = new Promise<string>((resolve) => live.once('disconnect', resolve));
    expect((await display.post(`/api/devices/${victim.deviceId}/revoke`, { managerPin: '4321' })).status).to.equal(200);
    expect(await dropped).to.equal('io server disconnect');
    expect((await api(kitchen.url, victim.token).get('/api/kitchen/tickets')).status).to.equal(401);
    const after = (await display.get('/api/devices')).body as unknown as DeviceListView;
    expect(after.devices.map((d) => d.id)).to.not.include(victim.deviceId);
  });
});

describe('kitchen service with Redis down', function () {
  this.timeout(60_000);

  it('still pushes changes to a pickup board connected to this instance', async () => {
    const tb = await testbed();
    const storeId = tb.freshStoreId('kitr');
    const { freePort } = await import('@kiosk/stack');
    const kitchen = await startKitchen(tb, { storeId, databaseUrl: await tb.freshDatabase('kitchen'), env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    const orders = await FakeOrderPublisher.connect(tb, storeId);
    const board = await joinedSocket(kitchen.url, 'pickup');
    try {
      expect(board.answer.ok).to.equal(true);
      const pushed = collect<PickupEvent>(board.socket, 'pickup');
      const order = orders.order();
      await orders.publish(order);
      const event = await eventually('pickup push', async () => pushed.find((p) => p.orderNumber === order.orderNumber));
      expect(event.status).to.equal('new');
    } finally {
      board.socket.disconnect();
      await kitchen.close();
      await orders.close();
    }
  });
});
