/**
 * Cash at the counter, as the screen shows it before asking the server (which decides): the change for what was
 * handed over and quick-tender buttons for the usual notes (the rounding itself is the contract's roundCash).
 */
/** Change due, or null while the amount tendered does not cover what is due. */
export function changeDue(due: number, tendered: number): number | null {
  return Number.isFinite(tendered) && tendered >= due ? tendered - due : null;
}

const notes = [2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

/** The exact amount, then the smallest amounts of one or two common IDR notes that cover it (at most four). */
export function quickTenders(due: number): number[] {
  const out = new Set<number>([due]);
  for (const n of notes) if (n >= due) out.add(n);
  const hundred = Math.ceil(due / 100_000) * 100_000;
  out.add(hundred);
  const fifty = Math.ceil(due / 50_000) * 50_000;
  out.add(fifty);
  return [...out].filter((v) => v >= due).sort((a, b) => a - b).slice(0, 4);
}

/** What a scanned kiosk QR holds: its order number (`A-012`) or an order's globalId; anything else is a search text. */
export function scannedQuery(raw: string): string {
  const text = raw.trim();
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(text);
  if (uuid) return uuid[0].toLowerCase();
  const number = /\b[A-Z]{1,2}-\d{3}\b/.exec(text.toUpperCase());
  return number ? number[0] : text.slice(0, 64);
}

/** `Rp 68.100` for IDR (no minor unit in use), two decimals otherwise. */
export function formatMoney(amount: number, currency: string): string {
  const idr = currency === 'IDR';
  return new Intl.NumberFormat('id-ID', { style: 'currency', currency, minimumFractionDigits: idr ? 0 : 2, maximumFractionDigits: idr ? 0 : 2 })
    .format(idr ? amount : amount / 100).replace(/\u00a0/g, ' ');
}
