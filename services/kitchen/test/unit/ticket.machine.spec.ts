import { expect } from 'chai';
import { ticketActions, ticketStatuses, type TicketAction, type TicketStatus } from '@kiosk/contracts';
import { applyAction, closeOut, markLine, markPaid } from '../../src/domain/ticket.machine.js';
import type { Ticket } from '../../src/domain/ticket.js';

const at = '2026-11-25T10:00:00.000Z';
const ticket = (status: TicketStatus, over: Partial<Ticket> = {}): Ticket => ({
  id: 't1', globalId: 'g1', orderNumber: 'A-001', businessDay: '2026-11-25', status, version: 3, mode: 'dine_in',
  customerName: null, notes: null, paid: false, createdAt: '2026-11-25T09:50:00.000Z', updatedAt: '2026-11-25T09:55:00.000Z',
  startedAt: null, readyAt: null, servedAt: null, cancelledAt: null,
  lines: [{ productId: 'p1', name: 'Nasi goreng', quantity: 1, options: [], station: 'wok', done: false },
    { productId: 'p2', name: 'Es teh', quantity: 2, options: ['less sugar'], station: 'drinks', done: false }],
  ...over,
});

const legal: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  start: { new: 'preparing' },
  ready: { new: 'ready', preparing: 'ready' },
  serve: { ready: 'served' },
  recall: { ready: 'preparing', served: 'preparing' },
  cancel: { new: 'cancelled', preparing: 'cancelled', ready: 'cancelled' },
};

describe('kitchen ticket state machine', () => {
  for (const action of ticketActions) {
    for (const from of ticketStatuses) {
      const to = legal[action][from];
      if (to) {
        it(`moves a ${from} ticket to ${to} on ${action} and bumps its version`, () => {
          const r = applyAction(ticket(from), action, at);
          expect(r.ok).to.equal(true);
          if (!r.ok) return;
          expect(r.ticket.status).to.equal(to);
          expect(r.ticket.version).to.equal(4);
          expect(r.ticket.updatedAt).to.equal(at);
        });
      } else {
        it(`refuses ${action} on a ${from} ticket`, () => {
          expect(applyAction(ticket(from), action, at)).to.deep.equal({ ok: false, reason: 'illegal_transition', from, action });
        });
      }
    }
  }

  it('stamps the times each step happened at', () => {
    const started = applyAction(ticket('new'), 'start', at);
    expect(started.ok && started.ticket.startedAt).to.equal(at);
    const ready = applyAction(ticket('preparing', { startedAt: '2026-11-25T09:56:00.000Z' }), 'ready', at);
    expect(ready.ok && ready.ticket.readyAt).to.equal(at);
    expect(ready.ok && ready.ticket.startedAt).to.equal('2026-11-25T09:56:00.000Z');
    const served = applyAction(ticket('ready'), 'serve', at);
    expect(served.ok && served.ticket.servedAt).to.equal(at);
    const cancelled = applyAction(ticket('new'), 'cancel', at);
    expect(cancelled.ok && cancelled.ticket.cancelledAt).to.equal(at);
  });

  it('clears ready and served times on recall so prep time is measured to the next ready', () => {
    const r = applyAction(ticket('served', { readyAt: at, servedAt: at }), 'recall', '2026-11-25T10:05:00.000Z');
    expect(r.ok && r.ticket.readyAt).to.equal(null);
    expect(r.ok && r.ticket.servedAt).to.equal(null);
  });

  it('does not change the ticket it was given', () => {
    const before = ticket('new');
    applyAction(before, 'start', at);
    expect(before.status).to.equal('new');
    expect(before.version).to.equal(3);
  });
});

describe('item-level done marks', () => {
  it('marks one line done, leaves the others and bumps the version', () => {
    const r = markLine(ticket('preparing'), 1, true, at);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.ticket.lines.map((l) => l.done)).to.deep.equal([false, true]);
    expect(r.ticket.version).to.equal(4);
    expect(r.ticket.status).to.equal('preparing');
  });

  it('refuses a line index the ticket does not have', () => {
    expect(markLine(ticket('new'), 2, true, at)).to.deep.equal({ ok: false, reason: 'line_not_found' });
    expect(markLine(ticket('new'), -1, true, at)).to.deep.equal({ ok: false, reason: 'line_not_found' });
  });

  it('leaves served and cancelled tickets as they were', () => {
    expect(markLine(ticket('served'), 0, true, at)).to.deep.equal({ ok: false, reason: 'ticket_closed' });
    expect(markLine(ticket('cancelled'), 0, true, at)).to.deep.equal({ ok: false, reason: 'ticket_closed' });
  });
});

describe('paid mark and day close-out', () => {
  it('marks an unpaid ticket paid as a new version without moving its status, and a paid one not again', () => {
    const next = markPaid(ticket('preparing'), at);
    expect(next).to.deep.include({ paid: true, version: 4, status: 'preparing', updatedAt: at });
    expect(markPaid(ticket('preparing', { paid: true }), at)).to.equal(null);
  });

  it('takes an open ticket off the rail as served at the close, and leaves closed ones alone', () => {
    for (const status of ['new', 'preparing', 'ready'] as const) {
      expect(closeOut(ticket(status), at)).to.deep.include({ status: 'served', servedAt: at, version: 4 });
    }
    expect(closeOut(ticket('served'), at)).to.equal(null);
    expect(closeOut(ticket('cancelled'), at)).to.equal(null);
  });

  it('lets a closed-out ticket be recalled like any served one', () => {
    const out = closeOut(ticket('new'), at)!;
    const r = applyAction(out, 'recall', at);
    expect(r.ok && r.ticket.status).to.equal('preparing');
  });
});
