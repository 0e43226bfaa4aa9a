import { pb } from '@kiosk/contracts';
import { isBusinessDay, isUuid } from '@kiosk/kit/storable';
import { validTime } from './order-ticket.js';

/** What an approved payment tells the kitchen: this order is paid. */
export interface PaidMark {
  globalId: string;
  eventId: string;
  paidAt: string;
}

/** A closed business day: its open tickets leave the rail. */
export interface DayClose {
  businessDay: string;
  closedAt: string;
}

/** Ok with nothing to do, ok with something to do, or an event that can never be applied (parked, not retried). */
export type EventResult<T> = { ok: true; value: T | null } | { ok: false; problem: string };

/** The paid mark of a PaymentRecorded event: only an approved payment of a real order gives one. */
export function paidMarkFromEvent(e: pb.PaymentRecorded, receivedAt: string): EventResult<PaidMark> {
  if (e.payment?.status !== pb.PaymentStatus.APPROVED) return { ok: true, value: null };
  if (!isUuid(e.globalId)) return { ok: false, problem: `global_id ${JSON.stringify(e.globalId)} is not a uuid` };
  if (!e.eventId || e.eventId.includes('\u0000')) return { ok: false, problem: 'event_id is empty or holds a NUL character' };
  return { ok: true, value: { globalId: e.globalId.toLowerCase(), eventId: e.eventId, paidAt: validTime(e.recordedAt) ?? receivedAt } };
}

/** The day close of a DayClosed event. */
export function dayCloseFromEvent(e: pb.DayClosed, receivedAt: string): EventResult<DayClose> {
  if (!e.businessDay) return { ok: true, value: null };
  if (!isBusinessDay(e.businessDay)) return { ok: false, problem: `business_day ${JSON.stringify(e.businessDay)} is not a date` };
  return { ok: true, value: { businessDay: e.businessDay, closedAt: validTime(e.closedAt) ?? receivedAt } };
}
