import { expect } from 'chai';
import type { IncomingOrder } from '../../src/domain/events.js';
import { daysToRead, resolveOrders, type CentralCatalogView, type NumberHolder } from '../../src/domain/order-batch.js';

const day = '2026-11-26';
let n = 0;
function order(over: Partial<IncomingOrder> = {}): IncomingOrder {
  n++;
  return {
    eventId: `e${n}`, globalId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, storeId: 's2', kioskId: 'k1', orderNumber: 'A-001',
    businessDay: day, daySequence: 1, mode: 'takeaway', customerName: null, notes: null, currency: 'IDR', subtotal: 10_000, tax: 0, serviceCharge: 0,
    total: 10_000, catalogVersion: 1, createdAt: `${day}T10:00:00.000Z`,
    lines: [{ productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 10_000, options: [], lineTotal: 10_000 }], payment: null, ...over,
  };
}
const unknownCatalog: CentralCatalogView = { priceAt: () => undefined, available: () => undefined };
const catalog = (prices: Record<string, number>, unavailable: string[] = []): CentralCatalogView => ({
  priceAt: (id) => prices[id], available: (id) => (id in prices ? !unavailable.includes(id) : undefined),
});
const held = (entries: [string, NumberHolder][]) => new Map([[day, new Map(entries)]]);

describe('a batch of new orders through the conflict rules', () => {
  it('keeps every number and records nothing when nothing collides and prices agree', () => {
    const orders = [order({ orderNumber: 'A-001' }), order({ orderNumber: 'A-002' })];
    const r = resolveOrders(orders, { days: new Map(), catalogs: [catalog({ tea: 10_000 }), catalog({ tea: 10_000 })] });
    expect(r.orders.map((o) => [o.displayNumber, o.priceOverride])).to.deep.equal([['A-001', false], ['A-002', false]]);
    expect(r.conflicts).to.deep.equal([]);
  });

  it('renames the later arrival of a number another store holds, and moves the store past every sequence of the day', () => {
    const o = order({ orderNumber: 'A-001', daySequence: 1 });
    const r = resolveOrders([o], { days: held([['A-001', { globalId: 'g-s1', storeId: 's1', daySequence: 1 }], ['A-007', { globalId: 'g7', storeId: 's1', daySequence: 7 }]]), catalogs: [unknownCatalog] });
    expect(r.orders[0]!.displayNumber).to.equal('A-001-S2');
    expect(r.conflicts).to.have.length(1);
    const c = r.conflicts[0]!;
    expect(c).to.deep.include({ kind: 'order_number_collision', reviewStatus: 'resolved', resolution: 'renamed_later_arrival' });
    expect(c.details).to.deep.equal({ orderNumber: 'A-001', renamedTo: 'A-001-S2', heldBy: 'g-s1', heldByStore: 's1', nextSequence: 8 });
    expect(c.decisions.map((d) => d.case)).to.deep.equal(['orderRenamed', 'numberingMoved']);
  });

  it('renames a number the batch itself holds twice (a store restored from an old backup); the first keeps it', () => {
    const first = order({ orderNumber: 'A-003', daySequence: 3 });
    const again = order({ orderNumber: 'A-003', daySequence: 3 });
    expect(daysToRead([first, again], new Set())).to.deep.equal([day]);
    const r = resolveOrders([first, again], { days: new Map([[day, new Map()]]), catalogs: [unknownCatalog, unknownCatalog] });
    expect(r.orders.map((o) => o.displayNumber)).to.deep.equal(['A-003', 'A-003-S2']);
    expect(r.conflicts[0]!.details).to.include({ heldBy: first.globalId, nextSequence: 4 });
  });

  it('reads only the days on which a collision is possible', () => {
    const orders = [order({ orderNumber: 'A-001' }), order({ orderNumber: 'A-002', businessDay: '2026-11-27' })];
    expect(daysToRead(orders, new Set())).to.deep.equal([]);
    expect(daysToRead(orders, new Set(['2026-11-27 A-002']))).to.deep.equal(['2026-11-27']);
  });

  it('keeps an old paid price for accounting, and asks a person about a product central has sold out', () => {
    const o = order({ lines: [
      { productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 9_000, options: [], lineTotal: 9_000 },
      { productId: 'cake', name: 'Cake', quantity: 1, unitPrice: 20_000, options: [], lineTotal: 20_000 },
    ] });
    const r = resolveOrders([o], { days: new Map(), catalogs: [catalog({ tea: 10_000, cake: 20_000 }, ['cake'])] });
    expect(r.orders[0]!.priceOverride).to.equal(true);
    expect(r.conflicts.map((c) => [c.kind, c.reviewStatus])).to.deep.equal([['price_override', 'accounting_review'], ['availability_mismatch', 'manual_review']]);
    expect(r.conflicts[0]!.details).to.deep.equal({ productId: 'tea', paidUnitPrice: 9_000, centralUnitPrice: 10_000, orderNumber: 'A-001' });
    expect(r.conflicts[1]!.review).to.deep.equal({ subjectId: 'cake', summary: 'order A-001 sold cake, which central has as unavailable' });
  });
});
