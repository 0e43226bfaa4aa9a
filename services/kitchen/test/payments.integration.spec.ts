import { expect } from 'chai';
import { pb, type TicketView, type TicketsView, type PickupView } from '@kiosk/contracts';
import { testbed, type Testbed } from '@kiosk/stack';
import type { RunningKitchen } from '../src/index.js';
import { FakeOrderPublisher, api, collect, eventually, joinedSocket, pairedToken, startKitchen } from './support.js';

// Generous: the consumers start on a shared, busy machine; this bounds a hang, it measures nothing.
const WAIT = 60_000;

/** The kitchen follows payments and day closes from the sales stream (real Postgres, NATS and Redis). */
describe('kitchen: paid mark, cook on payment and day close', function () {
  this.timeout(180_000);
  let tb: Testbed;

  before(async () => {
    tb = await testbed();
  });

  async function box(cookOn: 'order' | 'payment') {
    const storeId = tb.freshStoreId('pay');
    const kitchen: RunningKitchen = await startKitchen(tb, { storeId, databaseUrl: await tb.freshDatabase('kitchen'), env: { COOK_ON: cookOn } });
    const orders = await FakeOrderPublisher.connect(tb, storeId);
    const display = api(kitchen.url, await pairedToken(kitchen.url));
    const board = async () => ((await display.get('/api/kitchen/tickets')).body as unknown as TicketsView).tickets;
    return { kitchen, orders, display, board, close: async () => { await kitchen.close(); await orders.close(); } };
  }

  it('marks a ticket unpaid, then paid once its payment arrives, and pushes the change to the display', async () => {
    const b = await box('order');
    try {
      const order = b.orders.order();
      await b.orders.publish(order);
      const ticket = await eventually('unpaid ticket', async () => (await b.board()).find((t) => t.globalId === order.globalId), WAIT);
      expect(ticket.paid).to.equal(false);
      const { socket } = await joinedSocket(b.kitchen.url, 'kitchen', await pairedToken(b.kitchen.url));
      const pushed = collect<TicketView>(socket, 'ticket');
      await b.orders.publishPaid(order.globalId);
      await b.orders.publishPaid(order.globalId);
      const paid = await eventually('paid ticket', async () => (await b.board()).find((t) => t.globalId === order.globalId && t.paid), WAIT);
      expect(paid.version).to.equal(ticket.version + 1);
      await eventually('push of the paid mark', async () => (pushed.some((t) => t.globalId === order.globalId && t.paid) ? true : undefined), WAIT);
      socket.disconnect();
    } finally {
      await b.close();
    }
  });

  it('creates the ticket paid when the payment came before the order, and when the order was paid by card at the kiosk', async () => {
    const b = await box('order');
    try {
      const early = b.orders.order();
      await b.orders.publishPaid(early.globalId);
      await new Promise((r) => setTimeout(r, 300));
      await b.orders.publish(early);
      const card = b.orders.order({ payment: { $typeName: 'kiosk.events.v1.Payment', paymentId: 'p', method: pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED, amount: 1n, currency: 'IDR', reference: '' } });
      await b.orders.publish(card);
      await eventually('both tickets paid', async () => {
        const tickets = await b.board();
        return [early, card].every((o) => tickets.find((t) => t.globalId === o.globalId)?.paid === true) ? true : undefined;
      }, WAIT);
    } finally {
      await b.close();
    }
  });

  it('cooking on payment, keeps an unpaid ticket off the rail and the pickup board until it is paid', async () => {
    const b = await box('payment');
    try {
      const unpaid = b.orders.order();
      const paidFirst = b.orders.order();
      await b.orders.publish(unpaid);
      await b.orders.publish(paidFirst);
      await b.orders.publishPaid(paidFirst.globalId);
      await eventually('the paid ticket on the rail', async () => ((await b.board()).some((t) => t.globalId === paidFirst.globalId) ? true : undefined), WAIT);
      // Both orders were consumed (the paid one is on the rail, and the unpaid one's ticket exists): the unpaid one waits.
      await eventually('the unpaid ticket stored', async () => ((await b.kitchen.ctx.pool.query('SELECT 1 FROM kitchen.tickets WHERE global_id = $1', [unpaid.globalId])).rowCount === 1 ? true : undefined), WAIT);
      expect((await b.board()).map((t) => t.globalId)).to.not.include(unpaid.globalId);
      const pickup = (await (await fetch(`${b.kitchen.url}/api/pickup`)).json()) as PickupView;
      expect(pickup.tickets.map((t) => t.orderNumber)).to.not.include(unpaid.orderNumber);
      await b.orders.publishPaid(unpaid.globalId);
      await eventually('the ticket on the rail once paid', async () => ((await b.board()).find((t) => t.globalId === unpaid.globalId && t.paid) ? true : undefined), WAIT);
    } finally {
      await b.close();
    }
  });

  it('takes the open tickets of a closed day off the rail as served, once, and they can be recalled', async () => {
    const b = await box('order');
    try {
      const day = '2026-11-20';
      const a = b.orders.order({ businessDay: day });
      const c = b.orders.order({ businessDay: day });
      const other = b.orders.order({ businessDay: '2026-11-21' });
      for (const o of [a, c, other]) await b.orders.publish(o);
      const ticketA = await eventually('tickets', async () => {
        const tickets = await b.board();
        return tickets.length === 3 ? tickets.find((t) => t.globalId === a.globalId) : undefined;
      }, WAIT);
      await b.display.post(`/api/kitchen/tickets/${ticketA.id}/start`);
      await b.orders.publishDayClosed(day);
      await b.orders.publishDayClosed(day);
      const closed = await eventually('close-out', async () => {
        const tickets = await b.board();
        const of = (g: string) => tickets.find((t) => t.globalId === g)!;
        return of(a.globalId).status === 'served' && of(c.globalId).status === 'served' ? tickets : undefined;
      }, WAIT);
      expect(closed.find((t) => t.globalId === other.globalId)!.status).to.equal('new');
      const { rows } = await b.kitchen.ctx.pool.query<{ tickets_closed_out: number }>('SELECT tickets_closed_out FROM kitchen.closed_days WHERE business_day = $1', [day]);
      expect(rows).to.deep.equal([{ tickets_closed_out: 2 }]);
      const recalled = await b.display.post(`/api/kitchen/tickets/${ticketA.id}/recall`);
      expect(recalled.body.status).to.equal('preparing');
    } finally {
      await b.close();
    }
  });
});
