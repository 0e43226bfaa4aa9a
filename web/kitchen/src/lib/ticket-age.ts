/**
 * How late a ticket is. Colour alone fails colour-blind cooks and glare, so every level also has a label
 * and an icon (see `ageCue`).
 */
import type { TicketView } from '@kiosk/contracts/api';

export interface AgeThresholds {
  /** From this many seconds on the ticket shows amber ("getting late"). */
  amberSeconds: number;
  /** From this many seconds on the ticket shows red ("late"). */
  redSeconds: number;
}

export const defaultThresholds: AgeThresholds = Object.freeze({ amberSeconds: 5 * 60, redSeconds: 10 * 60 });

export type AgeLevel = 'fresh' | 'amber' | 'red';

export function ageLevel(elapsedSeconds: number, thresholds: AgeThresholds): AgeLevel {
  if (elapsedSeconds >= thresholds.redSeconds) return 'red';
  if (elapsedSeconds >= thresholds.amberSeconds) return 'amber';
  return 'fresh';
}

/** The non-colour cue of each level: a shape that reads at a glance and a word for the screen reader. */
export const ageCue: Readonly<Record<AgeLevel, { icon: string; labelKey: string }>> = Object.freeze({
  fresh: { icon: '●', labelKey: 'age.fresh' },
  amber: { icon: '▲', labelKey: 'age.amber' },
  red: { icon: '⚠', labelKey: 'age.red' },
});

/**
 * Seconds the ticket has been cooking: it ticks from creation until the ticket is ready, then freezes at the
 * prep time (a ready ticket is no longer the kitchen's delay). Never negative, even with a skewed clock.
 */
export function elapsedSeconds(ticket: TicketView, nowMs: number): number {
  const end = ticket.readyAt !== undefined && ticket.status !== 'preparing' && ticket.status !== 'new'
    ? Date.parse(ticket.readyAt)
    : nowMs;
  return Math.max(0, Math.floor((end - Date.parse(ticket.createdAt)) / 1000));
}

/** `m:ss` under an hour, `h:mm:ss` beyond. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/**
 * Parses thresholds typed in minutes on the settings panel. Returns null unless both are positive and amber
 * comes before red, so a typo never turns every ticket red.
 */
export function thresholdsFromMinutes(amberMinutes: number, redMinutes: number): AgeThresholds | null {
  if (!Number.isFinite(amberMinutes) || !Number.isFinite(redMinutes)) return null;
  if (amberMinutes <= 0 || redMinutes <= amberMinutes) return null;
  return { amberSeconds: Math.round(amberMinutes * 60), redSeconds: Math.round(redMinutes * 60) };
}

/**
 * Offset to add to the display's clock to get the server's, from an HTTP `Date` header. The header has
 * whole seconds, so offsets under 2 s are noise and ignored; a tablet with a wrong clock is not.
 */
export function serverClockOffset(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): number {
  if (dateHeader === null) return 0;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return 0;
  const offset = server + 500 - (sentAtMs + receivedAtMs) / 2;
  return Math.abs(offset) < 2000 ? 0 : Math.round(offset);
}
