import { expect } from 'chai';
import { eventCovered, orderMayBePruned, retentionCutoffDay, type OrderRetentionFacts } from '../../src/domain/retention.js';

describe('retention rule (orders at the store)', () => {
  const now = new Date('2026-11-26T18:30:00Z'); // 01:30 on the 27th in Jakarta
  const covered = [{ published: true, seq: 10 }, { published: true, seq: 11 }];
  const order = (o: Partial<OrderRetentionFacts> = {}): OrderRetentionFacts => ({ businessDay: '2026-10-01', syncStatus: 'synced', events: covered, hasOfflineCard: false, ...o });

  it('counts the age in the store\'s business days, and 0 days means off', () => {
    expect(retentionCutoffDay(now, 'Asia/Jakarta', 30)).to.equal('2026-10-28');
    expect(retentionCutoffDay(now, 'UTC', 30)).to.equal('2026-10-27');
    expect(retentionCutoffDay(now, 'Asia/Jakarta', 0)).to.equal(null);
    expect(retentionCutoffDay(now, 'Asia/Jakarta', -3)).to.equal(null);
  });

  it('prunes an old order central has: synced and every event at or below the committed sequence', () => {
    expect(orderMayBePruned(order(), '2026-10-28', 11)).to.equal(true);
  });

  it('never prunes an order central may not have', () => {
    expect(orderMayBePruned(order({ syncStatus: 'pending' }), '2026-10-28', 11), 'unsynced').to.equal(false);
    expect(orderMayBePruned(order(), '2026-10-28', 10), 'a later event (refund) above the receipt').to.equal(false);
    expect(orderMayBePruned(order(), '2026-10-28', null), 'no receipt yet').to.equal(false);
    expect(orderMayBePruned(order({ events: [{ published: false, seq: null }] }), '2026-10-28', 11), 'event still in the outbox').to.equal(false);
    expect(orderMayBePruned(order({ events: [{ published: true, seq: null }] }), '2026-10-28', 11), 'no sequence recorded').to.equal(false);
    expect(orderMayBePruned(order({ events: [] }), '2026-10-28', 11), 'no event at all').to.equal(false);
    expect(orderMayBePruned(order({ hasOfflineCard: true }), '2026-10-28', 11), 'offline card kept').to.equal(false);
  });

  it('keeps recent orders and everything while retention is off', () => {
    expect(orderMayBePruned(order({ businessDay: '2026-10-28' }), '2026-10-28', 11), 'the cutoff day itself').to.equal(false);
    expect(orderMayBePruned(order({ businessDay: '2026-11-26' }), '2026-10-28', 11)).to.equal(false);
    expect(orderMayBePruned(order(), null, 11)).to.equal(false);
  });

  it('an event is covered only once published with a sequence at or below the receipt', () => {
    expect(eventCovered({ published: true, seq: 5 }, 5)).to.equal(true);
    expect(eventCovered({ published: true, seq: 6 }, 5)).to.equal(false);
  });
});
