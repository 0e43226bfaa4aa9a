import { expect } from 'chai';
import { create, pb, streams } from '@kiosk/contracts';
import { countsInThisStream, InvalidSyncMessage, toDecisionAction, toReceipt } from '../../src/domain/central-sync.js';

const decision = (d: pb.Decision['decision'], storeId = 's1') => create(pb.DecisionSchema, { eventId: 'e1', storeId, decidedAt: '2026-11-25T10:00:00Z', reason: 'test', decision: d });

describe('central sync rules (domain)', () => {
  it('reads a receipt for this store and refuses one for another store or without a time', () => {
    const receipt = create(pb.SyncReceiptSchema, { storeId: 's1', stream: streams.sales('s1'), committedSeq: 42n, committedAt: '2026-11-25T10:00:00.000Z', ordersCommitted: 20n });
    expect(toReceipt(receipt, 's1')).to.deep.equal({ stream: streams.sales('s1'), committedSeq: 42, committedAt: new Date('2026-11-25T10:00:00.000Z'), ordersCommitted: 20, streamStart: 0 });
    expect(() => toReceipt(receipt, 's2')).to.throw(InvalidSyncMessage);
    expect(() => toReceipt({ ...receipt, committedAt: 'yesterday' }, 's1')).to.throw(InvalidSyncMessage);
  });

  it('applies a receipt only to the stream it counts in: the same start, or either side not saying', () => {
    const receipt = (streamStart: number) => toReceipt(create(pb.SyncReceiptSchema, {
      storeId: 's1', stream: streams.sales('s1'), committedSeq: 5_000n, committedAt: '2026-11-25T10:00:00.000Z', streamStart: BigInt(streamStart) }), 's1');
    expect(countsInThisStream(receipt(4_000), 4_000)).to.equal(true);
    expect(countsInThisStream(receipt(1_000), 4_000), "the dead box's stream").to.equal(false);
    expect(countsInThisStream(receipt(0), 4_000), 'a central that does not say').to.equal(true);
    expect(countsInThisStream(receipt(1_000), null), 'a box without that stream').to.equal(true);
  });

  it('turns a rename into the central number for the order, keeping the old one in the details', () => {
    const action = toDecisionAction(decision({ case: 'orderRenamed', value: create(pb.OrderRenamedSchema, { globalId: 'g1', oldNumber: 'A-001', newNumber: 'A-001-S1' }) }), 's1');
    expect(action).to.deep.equal({ kind: 'order_renamed', globalId: 'g1', centralNumber: 'A-001-S1', details: { oldNumber: 'A-001', newNumber: 'A-001-S1' } });
  });

  it('moves the numbering so the next order gets next_sequence, and refuses a move to nowhere', () => {
    const action = toDecisionAction(decision({ case: 'numberingMoved', value: create(pb.NumberingMovedSchema, { businessDay: '2026-11-25', nextSequence: 8n }) }), 's1');
    expect(action).to.include({ kind: 'numbering_moved', businessDay: '2026-11-25', lastUsed: 7 });
    expect(() => toDecisionAction(decision({ case: 'numberingMoved', value: create(pb.NumberingMovedSchema, { businessDay: '2026-11-25', nextSequence: 1n }) }), 's1')).to.throw(InvalidSyncMessage);
    expect(() => toDecisionAction(decision({ case: 'numberingMoved', value: create(pb.NumberingMovedSchema, { businessDay: 'today', nextSequence: 9n }) }), 's1')).to.throw(InvalidSyncMessage);
  });

  it('refuses an empty decision, a review without an id and a decision for another store', () => {
    expect(() => toDecisionAction(decision({ case: undefined }), 's1')).to.throw(InvalidSyncMessage);
    expect(() => toDecisionAction(decision({ case: 'reviewRequested', value: create(pb.ReviewRequestedSchema, { kind: 'inventory' }) }), 's1')).to.throw(InvalidSyncMessage);
    expect(() => toDecisionAction(decision({ case: 'priceOverridden', value: create(pb.PriceOverriddenSchema, { globalId: 'g1' }) }, 's2'), 's1')).to.throw(InvalidSyncMessage);
  });

  it("records central's resolution of a conflict for the order, and refuses one without an id or with an unknown decision", () => {
    const value = create(pb.ReviewResolvedSchema, { reviewId: '7', kind: 'price_override', globalId: 'g1', decision: 'adjust', note: 'refund 2,000', amount: 2000n, resolvedBy: 'rina', resolvedAt: '2026-11-25T11:00:00Z' });
    const action = toDecisionAction(decision({ case: 'reviewResolved', value }), 's1');
    expect(action).to.deep.equal({ kind: 'review_resolved', globalId: 'g1', details: {
      reviewId: '7', kind: 'price_override', decision: 'adjust', note: 'refund 2,000', amount: 2000, resolvedBy: 'rina', resolvedAt: '2026-11-25T11:00:00Z' } });
    expect(() => toDecisionAction(decision({ case: 'reviewResolved', value: { ...value, reviewId: '' } }), 's1')).to.throw(InvalidSyncMessage);
    expect(() => toDecisionAction(decision({ case: 'reviewResolved', value: { ...value, decision: 'ignore' } }), 's1')).to.throw(InvalidSyncMessage);
  });
});
