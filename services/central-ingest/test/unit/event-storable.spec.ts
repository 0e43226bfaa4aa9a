import { expect } from 'chai';
import { create, pb } from '@kiosk/contracts';
import { orderFromEvent, paymentFromEvent } from '../../src/domain/events.js';

describe('store events central Postgres can hold', () => {
  it('sets aside an order or payment event that Postgres would refuse, instead of retrying it for ever', () => {
    const order = create(pb.OrderCreatedSchema, {
      eventId: 'e1', globalId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', storeId: 's1', orderNumber: 'A-001', businessDay: '2026-11-26',
      createdAt: '2026-11-26T10:00:00.000Z', currency: 'IDR', total: 10_000n, lines: [{ productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 10_000n, lineTotal: 10_000n }],
    });
    expect(orderFromEvent(order)).to.not.equal(null);
    expect(orderFromEvent({ ...order, customerName: 'Bu\u0000di' })).to.equal(null);
    expect(orderFromEvent({ ...order, globalId: 'x' })).to.equal(null);
    expect(orderFromEvent({ ...order, createdAt: 'soon' })).to.equal(null);
    const payment = create(pb.PaymentRecordedSchema, {
      eventId: 'e2', globalId: order.globalId, storeId: 's1', recordedAt: '2026-11-26T10:01:00.000Z',
      payment: { paymentId: 'p1', method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.APPROVED, amount: 10_000n, currency: 'IDR' },
    });
    expect(paymentFromEvent(payment)).to.not.equal(null);
    expect(paymentFromEvent({ ...payment, globalId: 'p-not-uuid' })).to.equal(null);
    expect(paymentFromEvent({ ...payment, recordedAt: '26/11/2026' })).to.equal(null);
  });
});
