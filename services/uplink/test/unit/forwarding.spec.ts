import { expect } from 'chai';
import { dedupeId, isStoreSubject, retryDelay, settleAtomicBatch, settleBatch, uplinkSubject } from '../../src/domain/forwarding.js';
import { streams } from '@kiosk/contracts';

describe('uplink forwarding rules', () => {
  it('sends a store event up under the uplink prefix with its subject unchanged after it', () => {
    expect(uplinkSubject('uplink', 'store.s1.orders.v1.created')).to.equal('uplink.store.s1.orders.v1.created');
    expect(isStoreSubject('s1', 'store.s1.orders.v1.created')).to.equal(true);
    expect(isStoreSubject('s1', 'store.s10.orders.v1.created')).to.equal(false);
  });

  it("dedupes by the event's own message id, or by its place in the store stream when it has none", () => {
    expect(dedupeId('evt-1', streams.sales('s1'), 7)).to.equal('evt-1');
    expect(dedupeId(undefined, streams.sales('s1'), 7)).to.equal(`${streams.sales('s1')}:7`);
    expect(dedupeId('', streams.sales('s1'), 7)).to.equal(`${streams.sales('s1')}:7`);
  });

  it("acks only what central's domain acknowledged and retries the rest in order", () => {
    const r = settleBatch(['a', 'b', 'c', 'd'], [
      { ok: true, domain: 'hub', duplicate: false },
      { ok: false, reason: 'no responders' },
      { ok: true, domain: 'hub', duplicate: true },
      { ok: true, domain: 's1', duplicate: false },
    ], 'hub');
    expect(r.forwarded).to.deep.equal(['a', 'c']);
    expect(r.retry).to.deep.equal(['b', 'd']);
    expect(r.duplicates).to.equal(1);
    expect(r.reasons).to.have.length(2);
  });

  it('retries quickly at first and never waits longer than the cap', () => {
    expect(retryDelay(0, 250)).to.equal(10);
    expect(retryDelay(3, 250)).to.equal(80);
    expect(retryDelay(50, 250)).to.equal(250);
  });
});

describe('uplink atomic batches', () => {
  const sales = streams.sales('s1');
  const stored = { ok: true as const, stream: sales, domain: 'hub', count: 3 };

  it("acks the whole batch only when central's stream of that name, in central's domain, stored all of it", () => {
    expect(settleAtomicBatch(stored, 3, sales, 'hub')).to.deep.equal({ next: 'ack' });
    expect(settleAtomicBatch({ ...stored, count: 2 }, 3, sales, 'hub')).to.deep.equal({ next: 'one-by-one' });
    expect(settleAtomicBatch({ ...stored, domain: 's1' }, 3, sales, 'hub')).to.deep.equal({ next: 'one-by-one' });
    expect(settleAtomicBatch({ ...stored, stream: streams.kitchen('s1') }, 3, sales, 'hub')).to.deep.equal({ next: 'one-by-one' });
  });

  it('sends one by one what central refused (a repeat inside, or no batches there), and retries the batch when central did not answer in time or is unreachable', () => {
    expect(settleAtomicBatch({ ok: false, failure: 'refused', reason: 'atomic publish batch contains duplicate message id (10201)' }, 3, sales, 'hub'))
      .to.deep.equal({ next: 'one-by-one' });
    expect(settleAtomicBatch({ ok: false, failure: 'timeout', reason: 'timeout' }, 3, sales, 'hub')).to.deep.equal({ next: 'retry', reason: 'timeout' });
    expect(settleAtomicBatch({ ok: false, failure: 'unreachable', reason: 'no responders' }, 3, sales, 'hub'))
      .to.deep.equal({ next: 'retry', reason: 'no responders' });
  });
});
