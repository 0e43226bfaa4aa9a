/**
 * Last-write-wins ordering of catalog changes. Every store and central compare the same clock the same way
 * (version, then updatedAt, then origin), so they converge on one state whatever order events arrive in.
 */
export interface EntityClock {
  /** Grows with every edit of the entity at its source (central's edit counter, or ms since epoch on a store). */
  version: number;
  /** ISO-8601 time of the edit; compared as an instant, so `Z` and `+07:00` spellings agree. */
  updatedAt: string;
  /** Who made the change: `central`, `seed` or a store id. */
  origin: string;
  /**
   * Last tie-break only: two different events with the same (version, updatedAt, origin) would otherwise make
   * the winner depend on arrival order. The same event delivered twice compares equal and is ignored.
   */
  eventId: string;
}

/** Negative if `a` is older than `b`, positive if newer, 0 only for the same event. */
export function compareClocks(a: EntityClock, b: EntityClock): number {
  return (
    sign(a.version - b.version) ||
    compareInstants(a.updatedAt, b.updatedAt) ||
    compareCodeUnits(a.origin, b.origin) ||
    compareCodeUnits(a.eventId, b.eventId)
  );
}

/** True when `incoming` should replace what the store holds (nothing held yet: it always wins). */
export function wins(incoming: EntityClock, current: EntityClock | null): boolean {
  return current === null || compareClocks(incoming, current) > 0;
}

function compareInstants(a: string, b: string): number {
  const ta = instant(a);
  const tb = instant(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  // Same instant (or both unreadable): fall back to the text so the result never depends on arrival order.
  return ta === -Infinity ? compareCodeUnits(a, b) : 0;
}

/** An unreadable time sorts before every real one rather than throwing: a bad field must not stall the stream. */
function instant(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
}

/** Plain code-unit order, not localeCompare: the same on every machine whatever its locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);
