/**
 * Money as head office reads it. Amounts are integers in minor units; IDR has no minor unit in practice, so
 * 25000 is "Rp 25.000" (Indonesian grouping) in both languages: a rupiah figure always reads the same way.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${currency}|${locale}`;
  let f = formatters.get(key);
  if (!f) {
    const fractionDigits = currency === 'IDR' ? 0 : 2;
    f = new Intl.NumberFormat(currency === 'IDR' ? 'id-ID' : locale, {
      style: 'currency', currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits,
    });
    formatters.set(key, f);
  }
  return f;
}

/** `formatMoney(25000)` -> "Rp 25.000" (the space is a no-break space). */
export function formatMoney(minorUnits: number, currency = 'IDR', locale = 'id-ID'): string {
  const major = currency === 'IDR' ? minorUnits : minorUnits / 100;
  return formatter(currency, locale).format(major);
}

/**
 * Parses what a person typed as a rupiah amount: "25.000", "25000", "Rp 25.000" -> 25000. Anything that is
 * not a whole, non-negative number of rupiah is `null`, so the form refuses it instead of guessing.
 */
export function parseRupiah(text: string): number | null {
  const cleaned = text.replace(/^\s*Rp\.?\s*/i, '').replace(/[\s.]/g, '');
  if (!/^\d{1,13}$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Integer counts with grouping (1.234 in Indonesian, 1,234 in English). */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
