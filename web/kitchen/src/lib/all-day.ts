/**
 * All-day counts: how many of each item the kitchen still has to make, summed over the open tickets the
 * display sees. Cooks batch by it ("six fries all day").
 */
import type { TicketView } from '@kiosk/contracts/api';
import { lineForStations, type StationSelection } from './ticket-rail.ts';

export interface AllDayCount {
  name: string;
  station: string;
  quantity: number;
}

/** Lines still to cook: not marked done, on tickets that are new or preparing. Largest count first. */
export function allDayCounts(tickets: Iterable<TicketView>, stations: StationSelection): AllDayCount[] {
  const counts = new Map<string, AllDayCount>();
  for (const ticket of tickets) {
    if (ticket.status !== 'new' && ticket.status !== 'preparing') continue;
    for (const line of ticket.lines) {
      if (line.done || !lineForStations(line, stations)) continue;
      const key = `${line.station}\u0000${line.productId}`;
      const entry = counts.get(key);
      if (entry) entry.quantity += line.quantity;
      else counts.set(key, { name: line.name, station: line.station, quantity: line.quantity });
    }
  }
  return [...counts.values()].sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}
