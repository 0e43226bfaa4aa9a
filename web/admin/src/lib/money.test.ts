import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney, parseRupiah } from './money.ts';

const nbsp = /\u00a0/g;

describe('formatMoney', () => {
  it('writes rupiah with Indonesian grouping and no decimals', () => {
    expect(formatMoney(25000).replace(nbsp, ' ')).toBe('Rp 25.000');
    expect(formatMoney(1_234_567_890).replace(nbsp, ' ')).toBe('Rp 1.234.567.890');
    expect(formatMoney(0).replace(nbsp, ' ')).toBe('Rp 0');
  });

  it('writes a rupiah figure the same way whatever the interface language', () => {
    expect(formatMoney(25000, 'IDR', 'en-GB')).toBe(formatMoney(25000, 'IDR', 'id-ID'));
  });

  it('shows a negative adjustment with its sign', () => {
    expect(formatMoney(-5000).replace(nbsp, ' ')).toMatch(/^-Rp 5\.000$/);
  });

  it('divides other currencies by their hundred minor units', () => {
    expect(formatMoney(1250, 'USD', 'en-US')).toBe('$12.50');
  });
});

describe('parseRupiah', () => {
  it('reads what a person types as whole rupiah', () => {
    expect(parseRupiah('25000')).toBe(25000);
    expect(parseRupiah('25.000')).toBe(25000);
    expect(parseRupiah(' Rp 25.000 ')).toBe(25000);
    expect(parseRupiah('Rp.1.500.000')).toBe(1_500_000);
  });

  it('refuses anything that is not a whole non-negative amount', () => {
    for (const bad of ['', 'abc', '-5000', '25,50', '1e5', '25000.5x']) expect(parseRupiah(bad), bad).toBeNull();
  });
});

describe('formatCount', () => {
  it('groups thousands the way the language does', () => {
    expect(formatCount(1234567, 'id-ID')).toBe('1.234.567');
    expect(formatCount(1234567, 'en-GB')).toBe('1,234,567');
  });
});
