import { expect } from 'chai';
import { create, pb } from '@kiosk/contracts';
import { kitchenStats, percentile } from '../../src/domain/kitchen-stats.js';
import { ticketFromOrder } from '../../src/domain/order-ticket.js';
import { toPickupTicket } from '../../src/domain/ticket.js';

const received = '2026-11-25T10:00:05.000Z';

describe('ticket from an order event', () => {
  const order = create(pb.OrderCreatedSchema, {
    globalId: '0b7f3c1e-5d2a-4c8e-9f10-1a2b3c4d5e6f', orderNumber: 'A-007', businessDay: '2026-11-25',
    mode: pb.OrderMode.TAKEAWAY, customerName: 'Budi', notes: 'no cutlery', createdAt: '2026-11-25T10:00:00.000Z',
    lines: [{ productId: 'p1', name: 'Mie ayam', quantity: 2, options: [{ id: 'o1', name: 'Extra spicy' }], notes: 'no onion', station: 'wok' }],
  });

  it('copies lines with option names, notes and station, none done', () => {
    const r = ticketFromOrder(order, 't1', received);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.ticket).to.include({ status: 'new', version: 1, mode: 'takeaway', orderNumber: 'A-007', customerName: 'Budi', createdAt: '2026-11-25T10:00:00.000Z' });
    expect(r.ticket.lines).to.deep.equal([{ productId: 'p1', name: 'Mie ayam', quantity: 2, options: ['Extra spicy'], notes: 'no onion', station: 'wok', done: false }]);
  });

  it('rejects an event without a uuid global id or without lines', () => {
    expect(ticketFromOrder({ ...order, globalId: 'nope' }, 't1', received).ok).to.equal(false);
    expect(ticketFromOrder({ ...order, lines: [] }, 't1', received).ok).to.equal(false);
  });

  it('rejects an event with a NUL character in any text, which Postgres could never store', () => {
    expect(ticketFromOrder({ ...order, customerName: 'Bu\u0000di' }, 't1', received).ok).to.equal(false);
    const line = order.lines[0]!;
    expect(ticketFromOrder({ ...order, lines: [{ ...line, options: [{ ...line.options[0]!, name: '\u0000' }] }] }, 't1', received).ok).to.equal(false);
  });

  it('falls back to the time received when the placed time is outside what a kitchen can mean', () => {
    for (const createdAt of ['+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z']) {
      const r = ticketFromOrder({ ...order, createdAt }, 't1', received);
      expect(r.ok && r.ticket.createdAt, createdAt).to.equal(received);
    }
  });
});

describe('kitchen stats', () => {
  const now = Date.parse('2026-11-25T12:00:00.000Z');
  const t = (status: 'new' | 'preparing' | 'ready' | 'served' | 'cancelled', createdAt: string, readyAt: string | null = null) => ({ status, createdAt, readyAt });

  it('counts orders, served, open, prep times and late tickets of the day', () => {
    const s = kitchenStats('2026-11-25', [
      t('served', '2026-11-25T11:00:00.000Z', '2026-11-25T11:05:00.000Z'), // 300 s
      t('ready', '2026-11-25T11:10:00.000Z', '2026-11-25T11:25:00.000Z'), // 900 s, late
      t('preparing', '2026-11-25T11:40:00.000Z'), // open for 20 min: late
      t('new', '2026-11-25T11:59:00.000Z'),
      t('cancelled', '2026-11-25T11:00:00.000Z'),
    ], now, 600);
    expect(s).to.deep.equal({ businessDay: '2026-11-25', orders: 5, served: 1, open: 3, avgPrepSeconds: 600, p90PrepSeconds: 900, late: 2, lateAfterSeconds: 600 });
  });

  it('answers null prep times when nothing was ready yet', () => {
    const s = kitchenStats('2026-11-25', [], now, 600);
    expect(s.avgPrepSeconds).to.equal(null);
    expect(s.p90PrepSeconds).to.equal(null);
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).to.equal(9);
    expect(percentile([5], 0.9)).to.equal(5);
  });
});

describe('pickup board rows', () => {
  it('shows new and preparing as preparing, ready as ready, and hides closed tickets', () => {
    const base = { id: 't', globalId: 'g', orderNumber: 'A-1', businessDay: 'd', version: 1, mode: 'dine_in' as const, customerName: null, notes: null, lines: [], paid: true, createdAt: received, updatedAt: received, startedAt: null, readyAt: null, servedAt: null, cancelledAt: null };
    expect(toPickupTicket({ ...base, status: 'new' })?.status).to.equal('preparing');
    expect(toPickupTicket({ ...base, status: 'preparing' })?.status).to.equal('preparing');
    expect(toPickupTicket({ ...base, status: 'ready' })?.status).to.equal('ready');
    expect(toPickupTicket({ ...base, status: 'served' })).to.equal(null);
  });
});
