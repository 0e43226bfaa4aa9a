import { pb } from '@kiosk/contracts';
import type { Ticket } from './ticket.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export type OrderTicketResult = { ok: true; ticket: Ticket } | { ok: false; problem: string };

/**
 * The new ticket for an order event: lines as the order service priced them (names, options, notes, station),
 * none done yet. `createdAt` is when the order was placed, so prep time counts from the customer's point of
 * view even when the event reached the kitchen late (NATS was down). `receivedAt` is the fallback clock.
 */
export function ticketFromOrder(order: pb.OrderCreated, ticketId: string, receivedAt: string): OrderTicketResult {
  if (!uuidPattern.test(order.globalId)) return { ok: false, problem: `global_id ${JSON.stringify(order.globalId)} is not a uuid` };
  if (!order.orderNumber) return { ok: false, problem: 'order_number is empty' };
  if (order.lines.length === 0) return { ok: false, problem: 'the order has no lines' };
  const createdAt = validTime(order.createdAt) ?? receivedAt;
  return {
    ok: true,
    ticket: {
      id: ticketId,
      globalId: order.globalId.toLowerCase(),
      orderNumber: order.orderNumber,
      businessDay: dayPattern.test(order.businessDay) ? order.businessDay : createdAt.slice(0, 10),
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
      createdAt,
      updatedAt: receivedAt,
      startedAt: null,
      readyAt: null,
      servedAt: null,
      cancelledAt: null,
    },
  };
}

function validTime(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
