/**
 * How the store status page words its figures: "3 minutes ago", "12.3 MB", "2 days 4 hours", in the page's
 * language. The browser's Intl does the wording and number format for English and Indonesian alike (12,3 MB).
 */

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day';

/** Under this many seconds a time reads as "now": the figures themselves are a few seconds old. */
const nowSeconds = 10;

/** The one unit a past duration is said in: whole minutes below an hour, whole hours below a day, then days. */
export function agoParts(seconds: number): { value: number; unit: RelativeUnit } {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return { value: s < nowSeconds ? 0 : s, unit: 'second' };
  if (s < 3_600) return { value: Math.floor(s / 60), unit: 'minute' };
  if (s < 86_400) return { value: Math.floor(s / 3_600), unit: 'hour' };
  return { value: Math.floor(s / 86_400), unit: 'day' };
}

/**
 * "3 minutes ago" / "3 menit yang lalu" for a server timestamp, `nowMs` being the server's clock as the page
 * reckons it. A time in the future (clock skew) reads as now, never as "in 2 seconds".
 */
export function formatAgo(iso: string, nowMs: number, locale: string): string {
  const { value, unit } = agoParts((nowMs - Date.parse(iso)) / 1000);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-value, unit);
}

const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A size in decimal units (1 MB = 1,000,000 bytes, as disks are sold), one decimal below 10 and whole above:
 * "8.4 MB", "123 MB", "1.2 GB".
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  // Round first so 999.96 kB becomes "1 MB", not "1000 kB".
  if (unit < byteUnits.length - 1 && Number(value.toFixed(value < 10 ? 1 : 0)) >= 1000) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit', unit: byteUnits[unit], unitDisplay: 'short', maximumFractionDigits: unit > 0 && value < 10 ? 1 : 0,
  }).format(value);
}

const durationUnits = [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]] as const;

/**
 * How long something has been running, in its two largest units: "2 days 4 hours", "5 minutes 3 seconds",
 * "2 hari 4 jam". A zero second unit is dropped ("1 hour", not "1 hour 0 minutes").
 */
export function formatDuration(seconds: number, locale: string): string {
  const s = Math.max(0, Math.floor(seconds));
  const say = (value: number, unit: string) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  const first = durationUnits.findIndex(([, size]) => s >= size);
  if (first < 0) return say(0, 'second');
  const [unit, size] = durationUnits[first]!;
  const value = Math.floor(s / size);
  const next = durationUnits[first + 1];
  const rest = next ? Math.floor((s - value * size) / next[1]) : 0;
  return next && rest > 0 ? `${say(value, unit)} ${say(rest, next[0])}` : say(value, unit);
}

/**
 * A clock time ("14:32" / "14.32") in the page's language and the browser's time zone (the store's own); 24-hour
 * in both languages, as shift times are written in Indonesia.
 */
export function formatClock(iso: string, locale: string, opts: { seconds?: boolean } = {}): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', ...(opts.seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
}
