import { pb } from '@kiosk/contracts';
import { isBusinessDay, isUuid } from '@kiosk/kit/storable';
import type { Ticket } from './ticket.js';

export type OrderTicketResult = { ok: true; ticket: Ticket } | { ok: false; problem: string };

/**
 * The new ticket for an order event: lines as the order service priced them (names, options, notes, station),
 * none done yet. `createdAt` is when the order was placed, so prep time counts from the customer's point of
 * view even when the event reached the kitchen late (NATS was down). `receivedAt` is the fallback clock.
 */
export function ticketFromOrder(order: pb.OrderCreated, ticketId: string, receivedAt: string): OrderTicketResult {
  if (!isUuid(order.globalId)) return { ok: false, problem: `global_id ${JSON.stringify(order.globalId)} is not a uuid` };
  if (!order.orderNumber) return { ok: false, problem: 'order_number is empty' };
  if (order.lines.length === 0) return { ok: false, problem: 'the order has no lines' };
  // Postgres stores no NUL character in text or jsonb: such an event could never become a ticket, so it is
  // invalid (parked), not a reason to retry for ever.
  const texts = [order.orderNumber, order.customerName, order.notes, ...order.lines.flatMap((l) => [l.productId, l.name, l.notes, l.station, ...l.options.map((o) => o.name)])];
  if (texts.some((t) => t.includes('\u0000'))) return { ok: false, problem: 'a text field contains a NUL character' };
  const createdAt = validTime(order.createdAt) ?? receivedAt;
  return {
    ok: true,
    ticket: {
      id: ticketId,
      globalId: order.globalId.toLowerCase(),
      orderNumber: order.orderNumber,
      businessDay: isBusinessDay(order.businessDay) ? order.businessDay : createdAt.slice(0, 10),
      status: 'new',
      version: 1,
      mode: order.mode === pb.OrderMode.TAKEAWAY ? 'takeaway' : 'dine_in',
      customerName: order.customerName || null,
      notes: order.notes || null,
      lines: order.lines.map((l) => ({
        productId: l.productId,
        name: l.name,
        quantity: l.quantity,
        options: l.options.map((o) => o.name),
        ...(l.notes ? { notes: l.notes } : {}),
        station: l.station,
        done: false,
      })),
      paid: order.payment?.status === pb.PaymentStatus.APPROVED,
      createdAt,
      updatedAt: receivedAt,
      startedAt: null,
      readyAt: null,
      servedAt: null,
      cancelledAt: null,
    },
  };
}

/** Times Postgres can hold and a kitchen can mean: from 2000 to 9999 (Date accepts years up to 275760). */
const earliest = Date.UTC(2000, 0, 1);
const latest = Date.UTC(9999, 11, 31);

export function validTime(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= earliest && ms <= latest ? new Date(ms).toISOString() : null;
}
