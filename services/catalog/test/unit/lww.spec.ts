import { expect } from 'chai';
import { compareClocks, wins, type EntityClock } from '../../src/domain/clock.js';
import { entityKey, problemsOf, type CatalogChange } from '../../src/domain/catalog-change.js';

const clock = (version: number, updatedAt = '2026-03-01T10:00:00.000Z', origin = 'central', eventId = `e${version}`): EntityClock =>
  ({ version, updatedAt, origin, eventId });

/** Every ordering of `items` (Heap's algorithm): small sets, so all of them. */
function permutations<T>(items: T[]): T[][] {
  const out: T[][] = [];
  const a = [...items];
  const c = a.map(() => 0);
  out.push([...a]);
  for (let i = 1; i < a.length; ) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      out.push([...a]);
      c[i]!++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

/** What a store holds after applying `arrivals` one by one with the LWW rule. */
function replay(arrivals: EntityClock[]): EntityClock | null {
  let held: EntityClock | null = null;
  for (const incoming of arrivals) if (wins(incoming, held)) held = incoming;
  return held;
}

describe('last-write-wins clock', () => {
  it('orders by version first, whatever the time and origin say', () => {
    expect(compareClocks(clock(2, '2020-01-01T00:00:00Z', 'a'), clock(1, '2030-01-01T00:00:00Z', 'z'))).to.be.greaterThan(0);
  });

  it('breaks a version tie by the edit time, compared as an instant rather than as text', () => {
    expect(compareClocks(clock(5, '2026-03-01T10:00:01Z'), clock(5, '2026-03-01T10:00:00Z'))).to.be.greaterThan(0);
    // 17:00+07:00 is 10:00Z: the same instant, so the origin decides, not the spelling of the time.
    expect(compareClocks(clock(5, '2026-03-01T17:00:00+07:00', 'b', 'x'), clock(5, '2026-03-01T10:00:00Z', 'a', 'x'))).to.be.greaterThan(0);
  });

  it('breaks a version and time tie by origin, then by event id', () => {
    expect(compareClocks(clock(5, undefined, 'store-b'), clock(5, undefined, 'central'))).to.be.greaterThan(0);
    expect(compareClocks(clock(5, undefined, 'seed', 'b'), clock(5, undefined, 'seed', 'a'))).to.be.greaterThan(0);
  });

  it('treats the same event as equal, so a redelivery does not win', () => {
    const c = clock(3);
    expect(compareClocks(c, { ...c })).to.equal(0);
    expect(wins({ ...c }, c)).to.equal(false);
  });

  it('lets anything win over nothing held yet', () => {
    expect(wins(clock(0), null)).to.equal(true);
  });

  it('sorts an unreadable edit time before every real one instead of throwing', () => {
    expect(compareClocks(clock(1, 'not a time'), clock(1, '1970-01-01T00:00:00Z'))).to.be.lessThan(0);
  });

  it('is antisymmetric over a mixed set of clocks', () => {
    const clocks = [clock(1), clock(2), clock(2, '2026-03-01T11:00:00Z'), clock(2, undefined, 'seed'), clock(2, 'garbage'), clock(2, undefined, 'central', 'z')];
    for (const a of clocks) for (const b of clocks) expect(Math.sign(compareClocks(a, b))).to.equal(-Math.sign(compareClocks(b, a)) || 0);
  });

  it('reaches the same winner for every arrival order, duplicates included', () => {
    const events = [
      clock(3, '2026-03-01T10:00:00Z', 'central', 'a'),
      clock(3, '2026-03-01T10:00:00Z', 'store-s1', 'b'),
      clock(3, '2026-03-01T09:00:00Z', 'store-s2', 'c'),
      clock(2, '2026-03-02T10:00:00Z', 'central', 'd'),
      clock(1),
      clock(3, '2026-03-01T10:00:00Z', 'central', 'a'),
    ];
    const winners = new Set(permutations(events).map((order) => replay(order)?.eventId));
    expect(permutations(events)).to.have.length(720);
    expect([...winners]).to.deep.equal(['b']);
  });
});

describe('catalog change rules', () => {
  const product = (over: Partial<Extract<CatalogChange['entity'], { kind: 'product' }>['value']> = {}): CatalogChange => ({
    clock: clock(1),
    deleted: false,
    entity: {
      kind: 'product',
      value: {
        id: 'p1', categoryId: 'c1', name: 'Nasi Goreng', description: '', imageUrl: '', price: 35000, available: true, station: 'wok', sortOrder: 1,
        optionGroups: [{ id: 'size', name: 'Ukuran', min: 1, max: 1, options: [{ id: 'large', name: 'Large', priceDelta: 5000, available: true }] }],
        ...over,
      },
    },
  });

  it('keys availability apart from its product, per option', () => {
    expect(entityKey(product().entity)).to.equal('product:p1');
    expect(entityKey({ kind: 'availability', value: { productId: 'p1', optionId: '', available: false } })).to.equal('availability:p1');
    expect(entityKey({ kind: 'availability', value: { productId: 'p1', optionId: 'large', available: false } })).to.equal('availability:p1:large');
  });

  it('accepts a well-formed product', () => {
    expect(problemsOf(product())).to.deep.equal([]);
  });

  it('rejects negative or fractional prices and impossible option groups', () => {
    expect(problemsOf(product({ price: -1 }))).to.have.length(1);
    expect(problemsOf(product({ price: 10.5 }))).to.have.length(1);
    expect(problemsOf(product({ optionGroups: [{ id: 'g', name: 'G', min: 2, max: 1, options: [] }] }))).to.have.length(1);
  });

  it('rejects a change with a NUL character in any text, which Postgres could never store', () => {
    expect(problemsOf(product({ name: 'Mie\u0000ayam' }))).to.deep.equal(['a text contains a NUL character']);
    expect(problemsOf(product({ description: '\u0000' }))).to.have.length(1);
    const deleted = product();
    expect(problemsOf({ ...deleted, deleted: true, clock: { ...deleted.clock, origin: 'central\u0000' } })).to.have.length(1);
  });

  it('rejects the same option id twice in one product (options are addressed by product and option id)', () => {
    const o = { id: 'x', name: 'X', priceDelta: 0, available: true };
    const problems = problemsOf(product({ optionGroups: [{ id: 'a', name: 'A', min: 0, max: 1, options: [o] }, { id: 'b', name: 'B', min: 0, max: 1, options: [o] }] }));
    expect(problems.join()).to.contain('appears twice');
  });

  it('rejects an option whose discount would take the price below 0 (money stays non-negative)', () => {
    const group = (priceDelta: number) => [{ id: 'g', name: 'G', min: 0, max: 1, options: [{ id: 'o', name: 'O', priceDelta, available: true }] }];
    expect(problemsOf(product({ price: 10_000, optionGroups: group(-10_000) }))).to.deep.equal([]);
    expect(problemsOf(product({ price: 10_000, optionGroups: group(-1_000_000_000) })).join()).to.contain('below 0');
  });

  it('rejects store settings with a time zone the runtime does not know', () => {
    const settings = (timeZone: string): CatalogChange => ({
      clock: clock(1), deleted: false,
      entity: { kind: 'settings', value: { storeId: 's1', storeName: 'S1', currency: 'IDR', taxRateBps: 0, serviceChargeBps: 0, locale: 'id-ID', timeZone } },
    });
    expect(problemsOf(settings('Asia/Jakarta'))).to.deep.equal([]);
    expect(problemsOf(settings('Mars/Olympus_Mons')).join()).to.contain('timeZone');
    expect(problemsOf(settings('')).join()).to.contain('timeZone');
  });

  it('needs only an id to delete', () => {
    expect(problemsOf({ ...product({ name: '', price: -5 }), deleted: true })).to.deep.equal([]);
  });
});
