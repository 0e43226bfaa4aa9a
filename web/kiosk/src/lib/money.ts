/**
 * Money arrives as integer minor units of an ISO currency. How many digits a currency's minor unit has is
 * not always what Intl prints: the seed's IDR prices are whole rupiah (25000 = Rp25.000) although ISO 4217
 * gives IDR two decimals, so the currencies priced in whole units are listed here.
 */
const wholeUnitCurrencies = new Set(['IDR', 'JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'PYG']);

/** Digits after the decimal point of one minor unit for `currency` (IDR 0, USD 2, ...). */
export function minorUnitDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (wholeUnitCurrencies.has(code)) return 0;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = minorUnitDigits(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Formats integer minor units for people: `formatMoney(25000, 'IDR', 'id-ID')` -> "Rp 25.000". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatterFor(locale, currency).format(minor / 10 ** minorUnitDigits(currency));
}

/** A price delta with an explicit sign, for option labels: "+Rp 5.000", "-Rp 2.000"; "" for zero. */
export function formatDelta(minor: number, currency: string, locale: string): string {
  if (minor === 0) return '';
  return `${minor > 0 ? '+' : '−'}${formatMoney(Math.abs(minor), currency, locale)}`;
}
