import type { KitchenStatsView, TicketStatus } from '@kiosk/contracts';

export interface StatsTicket {
  status: TicketStatus;
  createdAt: string;
  readyAt: string | null;
}

/**
 * Figures of one business day. Prep time is created -> ready (the customer's wait until the food is on the
 * pass); a ticket is late when its prep took longer than `lateAfterSeconds`, or when it is still being made
 * and already past that. Cancelled tickets count as orders but not in prep times.
 */
export function kitchenStats(businessDay: string, tickets: StatsTicket[], nowMs: number, lateAfterSeconds: number): KitchenStatsView {
  const prep: number[] = [];
  let late = 0;
  for (const t of tickets) {
    const created = Date.parse(t.createdAt);
    if (t.readyAt && t.status !== 'cancelled') {
      const seconds = Math.max(0, (Date.parse(t.readyAt) - created) / 1000);
      prep.push(seconds);
      if (seconds > lateAfterSeconds) late++;
    } else if ((t.status === 'new' || t.status === 'preparing') && (nowMs - created) / 1000 > lateAfterSeconds) {
      late++;
    }
  }
  return {
    businessDay,
    orders: tickets.length,
    served: tickets.filter((t) => t.status === 'served').length,
    open: tickets.filter((t) => t.status === 'new' || t.status === 'preparing' || t.status === 'ready').length,
    avgPrepSeconds: prep.length ? round1(prep.reduce((a, b) => a + b, 0) / prep.length) : null,
    p90PrepSeconds: prep.length ? round1(percentile(prep, 0.9)) : null,
    late,
    lateAfterSeconds,
  };
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? 0;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
