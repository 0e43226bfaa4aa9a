import { describe, expect, it } from 'vitest';
import { changeDue, quickTenders, scannedQuery } from './counter-cash.ts';

describe('counter cash', () => {
  it('gives change only once the amount tendered covers what is due', () => {
    expect(changeDue(68_100, 100_000)).toBe(31_900);
    expect(changeDue(68_100, 50_000)).toBe(null);
  });

  it('offers the exact amount and the next notes that cover it', () => {
    expect(quickTenders(68_100)).toEqual([68_100, 100_000]);
    expect(quickTenders(17_500)).toEqual([17_500, 20_000, 50_000, 100_000]);
  });

  it('reads an order number or a globalId from a scanned code', () => {
    expect(scannedQuery('a-012')).toBe('A-012');
    expect(scannedQuery('https://x/orders/0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(scannedQuery(' Budi ')).toBe('Budi');
  });
});
