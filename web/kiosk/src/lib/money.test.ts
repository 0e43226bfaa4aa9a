import { describe, expect, it } from 'vitest';
import { formatDelta, formatMoney, minorUnitDigits } from './money';

describe('money formatting', () => {
  it('prints rupiah without decimals in Indonesian and English', () => {
    expect(formatMoney(25_000, 'IDR', 'id-ID').replace(/\s/g, ' ')).toBe('Rp 25.000');
    expect(formatMoney(1_234_500, 'IDR', 'en-US')).toMatch(/^IDR\s1,234,500$/);
  });

  it('uses the currency minor unit for others', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(formatMoney(1_999, 'USD', 'en-US')).toBe('$19.99');
    expect(minorUnitDigits('JPY')).toBe(0);
  });

  it('signs deltas and leaves zero blank', () => {
    expect(formatDelta(5_000, 'IDR', 'en-US')).toMatch(/^\+IDR\s5,000$/);
    expect(formatDelta(-200, 'USD', 'en-US')).toBe('−$2.00');
    expect(formatDelta(0, 'USD', 'en-US')).toBe('');
  });
});
