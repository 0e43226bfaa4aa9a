import { expect } from 'chai';
import { roundCash } from '../../src/cash.js';

describe('cash rounding (the server settles with it, the counter screen shows it)', () => {
  it('rounds cash down, up or to the nearest unit as the store sets it, a half up', () => {
    expect(roundCash(27_550, 100, 'down')).to.equal(27_500);
    expect(roundCash(27_550, 100, 'up')).to.equal(27_600);
    expect(roundCash(27_550, 100, 'nearest')).to.equal(27_600);
    expect(roundCash(27_549, 100, 'nearest')).to.equal(27_500);
    expect(roundCash(68_145, 500, 'up')).to.equal(68_500);
  });

  it('leaves an amount alone that is already a multiple, or when the store does not round', () => {
    expect(roundCash(27_500, 500, 'up')).to.equal(27_500);
    expect(roundCash(27_500, 500, 'down')).to.equal(27_500);
    expect(roundCash(27_550, 1, 'down')).to.equal(27_550);
  });
});
