import { describe, expect, it } from 'vitest';
import { allDayCounts } from './all-day.ts';
import { line, ticket } from './fixtures.test-util.ts';

describe('allDayCounts', () => {
  const burger = (quantity: number, done = false) => line({ productId: 'burger', name: 'Burger', quantity, done });
  const fries = (quantity: number) => line({ productId: 'fries', name: 'Fries', station: 'fryer', quantity });

  it('sums open quantities per item over new and preparing tickets, largest first', () => {
    const counts = allDayCounts(
      [
        ticket({ id: 'a', lines: [burger(2), fries(1)] }),
        ticket({ id: 'b', status: 'preparing', lines: [burger(1), fries(4)] }),
      ],
      [],
    );
    expect(counts).toEqual([
      { name: 'Fries', station: 'fryer', quantity: 5 },
      { name: 'Burger', station: 'grill', quantity: 3 },
    ]);
  });

  it('leaves out done lines and ready, served or cancelled tickets', () => {
    const counts = allDayCounts(
      [
        ticket({ id: 'a', lines: [burger(2, true), burger(1)] }),
        ticket({ id: 'b', status: 'ready', lines: [burger(5)] }),
        ticket({ id: 'c', status: 'served', lines: [burger(5)] }),
        ticket({ id: 'd', status: 'cancelled', lines: [burger(5)] }),
      ],
      [],
    );
    expect(counts).toEqual([{ name: 'Burger', station: 'grill', quantity: 1 }]);
  });

  it('counts only the selected stations', () => {
    expect(allDayCounts([ticket({ id: 'a', lines: [burger(2), fries(3)] })], ['fryer']).map((c) => c.name)).toEqual(['Fries']);
  });
});
