/**
 * Order numbers a customer can read off the pickup board: `A-001`..`A-999`, then `B-001`, ... per business
 * day. The store's daily sequence (1, 2, 3, ...) is the truth; the number is derived from it, so central can
 * compare day sequences and tell the store to move past a collision.
 */
const PER_LETTER = 999;

export function orderNumber(daySequence: number): string {
  if (!Number.isInteger(daySequence) || daySequence < 1) throw new RangeError(`day sequence must be >= 1, got ${daySequence}`);
  const block = Math.floor((daySequence - 1) / PER_LETTER);
  const within = ((daySequence - 1) % PER_LETTER) + 1;
  return `${letters(block)}-${String(within).padStart(3, '0')}`;
}

/** 0 -> A, 25 -> Z, 26 -> AA: a very busy day never runs out of prefixes. */
function letters(block: number): string {
  let n = block;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

// Building an Intl formatter costs far more than using one (it showed in the intake profile): one per zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The store's local date (YYYY-MM-DD) at `at`: a kiosk order at 00:30 in Jakarta belongs to that Jakarta day. */
export function businessDay(at: Date, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The letter block a replacement box numbers in when it could not learn central's highest sequence for its
 * first day: `Z-001` (sequence 24,976) onwards. A dead box would have had to take about 25,000 orders that day
 * to reach it, so the replacement never reuses a number the customer may still hold.
 */
export const REPLACEMENT_FALLBACK_BLOCK = 25;

/**
 * The first day sequence of a box that replaces a dead one on the same business day. With central's highest
 * sequence for that store and day, the next letter block after it (central has up to `A-040` -> `B-001`): the
 * dead box may have handed out numbers central never received, and a fresh letter leaves room for up to 998 of
 * them and tells staff the box changed. Without it (central unreachable), the fallback block `Z-001`.
 */
export function replacementFirstSequence(centralHighest: number | null): number {
  if (centralHighest === null) return REPLACEMENT_FALLBACK_BLOCK * PER_LETTER + 1;
  if (!Number.isSafeInteger(centralHighest) || centralHighest < 0) throw new RangeError(`central's highest sequence must be >= 0, got ${centralHighest}`);
  return (Math.floor(centralHighest / PER_LETTER) + 1) * PER_LETTER + 1;
}
