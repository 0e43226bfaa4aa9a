import { expect } from 'chai';
import { assertStoreId, create, fromBinary, pb, streams, subjects, toBinary } from '../../src/index.js';

describe('contracts', () => {
  it('names every store stream after the store, upper-case and tool-safe', () => {
    expect(streams.sales('s1')).to.equal('SALES_S1');
    expect(streams.catalog('mall-7')).to.equal('CATALOG_MALL_7');
  });

  it('refuses a store id that would break a subject or stream name', () => {
    for (const bad of ['S1', 's.1', 's 1', '', '*', 's1>', 'a'.repeat(40)]) expect(() => assertStoreId(bad), bad).to.throw();
    expect(() => streams.sales('s.1')).to.throw();
  });

  it('keeps each store inside its own subject space', () => {
    const s1 = [subjects.orderCreated('s1'), subjects.paymentRecorded('s1'), subjects.ticketChanged('s1')];
    for (const s of s1) expect(s.startsWith('store.s1.')).to.equal(true);
    expect(subjects.salesAll('s1')).to.not.include(subjects.ticketChanged('s1'));
  });

  it('round-trips an order event through its binary wire form', () => {
    const event = create(pb.OrderCreatedSchema, {
      eventId: 'e1', globalId: 'g1', storeId: 's1', orderNumber: 'A-001', total: 75_000n, mode: pb.OrderMode.DINE_IN,
      lines: [{ productId: 'p1', name: 'Nasi Goreng', quantity: 2, unitPrice: 35_000n, options: [{ id: 'o1', name: 'Pedas', priceDelta: 0n }] }],
    });
    const back = fromBinary(pb.OrderCreatedSchema, toBinary(pb.OrderCreatedSchema, event));
    expect(back.total).to.equal(75_000n);
    expect(back.lines[0]?.options[0]?.name).to.equal('Pedas');
  });
});
