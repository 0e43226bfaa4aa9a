import { expect } from 'chai';
import { availabilityMismatches, nextSequencePast, priceDifferences, renamedNumber } from '../../src/domain/conflicts.js';

describe('central conflict rules', () => {
  describe('price override', () => {
    const central = (prices: Record<string, number>) => (id: string) => prices[id];

    it('flags a line whose product price, without option deltas, differs from central price', () => {
      const lines = [{ productId: 'burger', unitPrice: 35_000 + 5_000, options: [{ priceDelta: 5_000 }] }];
      expect(priceDifferences(lines, central({ burger: 38_000 }))).to.deep.equal([{ productId: 'burger', paidUnitPrice: 35_000, centralUnitPrice: 38_000 }]);
    });

    it('does not flag a line paid at central price once its options are taken off', () => {
      const lines = [{ productId: 'burger', unitPrice: 40_000, options: [{ priceDelta: 5_000 }] }];
      expect(priceDifferences(lines, central({ burger: 35_000 }))).to.deep.equal([]);
    });

    it('cannot judge a product central has no price for, so it does not flag it', () => {
      expect(priceDifferences([{ productId: 'local-special', unitPrice: 1, options: [] }], central({}))).to.deep.equal([]);
    });

    it('reports a product once even when several lines carry it', () => {
      const line = { productId: 'tea', unitPrice: 8_000, options: [] };
      expect(priceDifferences([line, line], central({ tea: 9_000 }))).to.have.length(1);
    });
  });

  describe('order-number collision', () => {
    it('renames the later arrival with the upper-case store suffix', () => {
      expect(renamedNumber('A-001', 's2', new Set(['A-001']))).to.equal('A-001-S2');
    });

    it('adds a counter when the suffixed number is taken too, so the name stays unique for the day', () => {
      expect(renamedNumber('A-001', 's2', new Set(['A-001', 'A-001-S2', 'A-001-S2-2']))).to.equal('A-001-S2-3');
    });

    it('moves the store past every sequence central holds that day', () => {
      expect(nextSequencePast(1, [1, 7, 3])).to.equal(8);
      expect(nextSequencePast(9, [1, 2])).to.equal(10);
    });
  });

  it('queues for review only the products central has as unavailable, each once', () => {
    const available: Record<string, boolean> = { fries: false, tea: true };
    expect(availabilityMismatches(['fries', 'tea', 'fries', 'unknown'], (id) => available[id])).to.deep.equal(['fries']);
  });
});
