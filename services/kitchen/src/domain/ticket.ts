import type { OrderMode, PickupEvent, PickupTicketView, TicketLineView, TicketStatus, TicketView } from '@kiosk/contracts';

/** A line as the kitchen cooks it: what the order said, plus the cook's done mark. */
export type TicketLine = TicketLineView;

/** A ticket as the domain sees it: the TicketView fields plus the business day it counts in. */
export interface Ticket {
  id: string;
  globalId: string;
  orderNumber: string;
  businessDay: string;
  status: TicketStatus;
  version: number;
  mode: OrderMode;
  customerName: string | null;
  notes: string | null;
  lines: TicketLine[];
  /** The order is paid (learned from the sales stream's payment events). */
  paid: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  readyAt: string | null;
  servedAt: string | null;
  cancelledAt: string | null;
}

export const openStatuses: readonly TicketStatus[] = ['new', 'preparing', 'ready'];
export const isOpen = (status: TicketStatus) => openStatuses.includes(status);

/**
 * Whether a ticket is on the rail: with cook on payment, an unpaid order's ticket waits off the displays and the
 * pickup board until its payment arrives.
 */
export const onRail = (t: Pick<Ticket, 'paid'>, cookOn: CookOn) => cookOn === 'order' || t.paid;
export type CookOn = 'order' | 'payment';

/** The contract shape: optional fields are left out rather than sent as null. */
export function toTicketView(t: Ticket): TicketView {
  return {
    id: t.id,
    globalId: t.globalId,
    orderNumber: t.orderNumber,
    status: t.status,
    version: t.version,
    mode: t.mode,
    ...(t.customerName ? { customerName: t.customerName } : {}),
    ...(t.notes ? { notes: t.notes } : {}),
    lines: t.lines.map((l) => ({ ...l })),
    paid: t.paid,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    ...(t.startedAt ? { startedAt: t.startedAt } : {}),
    ...(t.readyAt ? { readyAt: t.readyAt } : {}),
    ...(t.servedAt ? { servedAt: t.servedAt } : {}),
  };
}

/** What the pickup board gets on every change; served/cancelled mean "take the number off the board". */
export function toPickupEvent(t: Ticket): PickupEvent {
  return {
    orderNumber: t.orderNumber,
    ...(t.customerName ? { customerName: t.customerName } : {}),
    status: t.status,
    updatedAt: t.updatedAt,
  };
}

/** The board's snapshot row: the customer only needs "being made" or "come and get it". */
export function toPickupTicket(t: Ticket): PickupTicketView | null {
  if (t.status === 'new' || t.status === 'preparing' || t.status === 'ready') {
    return {
      orderNumber: t.orderNumber,
      ...(t.customerName ? { customerName: t.customerName } : {}),
      status: t.status === 'ready' ? 'ready' : 'preparing',
      updatedAt: t.updatedAt,
    };
  }
  return null;
}
