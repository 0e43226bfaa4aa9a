import { expect } from 'chai';
import { create, pb } from '@kiosk/contracts';
import { dayCloseFromEvent, paidMarkFromEvent } from '../../src/domain/payment-event.js';

const received = '2026-11-25T10:00:05.000Z';

describe('payment and day-close events in the kitchen', () => {
  const payment = create(pb.PaymentRecordedSchema, {
    eventId: 'e-1', globalId: '0B7F3C1E-5D2A-4C8E-9F10-1A2B3C4D5E6F', recordedAt: '2026-11-25T10:00:01.000Z',
    payment: { paymentId: 'p1', method: pb.PaymentMethod.CARD, status: pb.PaymentStatus.APPROVED, amount: 10_000n, currency: 'IDR' },
  });

  it('marks the order of an approved payment paid, at the time it was recorded', () => {
    expect(paidMarkFromEvent(payment, received)).to.deep.equal({ ok: true, value: { globalId: '0b7f3c1e-5d2a-4c8e-9f10-1a2b3c4d5e6f', eventId: 'e-1', paidAt: '2026-11-25T10:00:01.000Z' } });
  });

  it('does nothing for a payment not yet approved', () => {
    expect(paidMarkFromEvent({ ...payment, payment: { ...payment.payment!, status: pb.PaymentStatus.PENDING } }, received)).to.deep.equal({ ok: true, value: null });
  });

  it('parks a payment that can never name a ticket (not a uuid, no event id) instead of retrying it for ever', () => {
    expect(paidMarkFromEvent({ ...payment, globalId: 'not-an-order' }, received).ok).to.equal(false);
    expect(paidMarkFromEvent({ ...payment, eventId: '' }, received).ok).to.equal(false);
    expect(paidMarkFromEvent({ ...payment, eventId: 'a\u0000b' }, received).ok).to.equal(false);
  });

  it('falls back to the time it arrived when the recorded time is not one Postgres can hold', () => {
    const r = paidMarkFromEvent({ ...payment, recordedAt: '+275760-09-13T00:00:00.000Z' }, received);
    expect(r.ok && r.value?.paidAt).to.equal(received);
  });

  it('closes a real business day, and parks one that is not a date', () => {
    const close = create(pb.DayClosedSchema, { businessDay: '2026-11-25', closedAt: 'garbage' });
    expect(dayCloseFromEvent(close, received)).to.deep.equal({ ok: true, value: { businessDay: '2026-11-25', closedAt: received } });
    expect(dayCloseFromEvent({ ...close, businessDay: "2026-11-25'; --" }, received).ok).to.equal(false);
    expect(dayCloseFromEvent({ ...close, businessDay: '' }, received)).to.deep.equal({ ok: true, value: null });
  });
});
