import type { TicketLineView, TicketView } from '@kiosk/contracts/api';

/** A ticket as the kitchen service sends it; tests override what they are about. */
export function ticket(overrides: Partial<TicketView> & { id: string }): TicketView {
  return {
    globalId: `g-${overrides.id}`,
    orderNumber: overrides.id.toUpperCase(),
    status: 'new',
    version: 1,
    mode: 'dine_in',
    lines: [line({})],
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

export function line(overrides: Partial<TicketLineView>): TicketLineView {
  return { productId: 'p-burger', name: 'Burger', quantity: 1, options: [], station: 'grill', done: false, ...overrides };
}
