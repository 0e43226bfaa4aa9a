import { expect } from 'chai';
import { orderConfig, startOrderService, type RunningOrderService } from '../src/index.js';
import { cashOrder, orderEnv, startHarness, type OrderHarness } from './support.js';

describe('order service: order numbers per business day', function () {
  // A fixed clock the tests move: 10:00 in Jakarta on 25 November 2026.
  let now = new Date('2026-11-25T03:00:00Z');
  const clock = () => now;
  let h: OrderHarness;
  before(async () => { h = await startHarness({ clock }); });
  after(async () => { await h?.close(); });

  const numbers = async (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await h.post(cashOrder())).body.orderNumber!);
    return out;
  };

  it('numbers the first orders of a day A-001, A-002, A-003 in the store time zone', async () => {
    expect(await numbers(3)).to.deep.equal(['A-001', 'A-002', 'A-003']);
    const { rows } = await h.db.query<{ business_day: string; day_sequence: number }>(
      "SELECT to_char(business_day, 'YYYY-MM-DD') AS business_day, day_sequence FROM orders.orders ORDER BY day_sequence");
    expect(rows.map((r) => `${r.business_day}#${r.day_sequence}`)).to.deep.equal(['2026-11-25#1', '2026-11-25#2', '2026-11-25#3']);
  });

  it('gives concurrent orders distinct numbers', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => h.post(cashOrder())));
    const got = answers.map((a) => a.body.orderNumber);
    expect(answers.every((a) => a.status === 201)).to.equal(true);
    expect(new Set(got).size).to.equal(40);
  });

  it('continues the day after a restart instead of starting again at A-001', async () => {
    const last = (await h.post(cashOrder())).body.orderNumber!;
    await h.service.close();
    let again: RunningOrderService | null = null;
    try {
      again = await startOrderService(orderConfig.parse(orderEnv(h)), { clock });
      await waitForCatalog(again);
      const res = await fetch(`${again.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cashOrder()) });
      const next = ((await res.json()) as { orderNumber: string }).orderNumber;
      // Numbers drawn in a block before the restart and not used are skipped: a gap, never a reuse.
      expect(next.slice(0, 1)).to.equal('A');
      expect(Number(next.slice(2))).to.be.greaterThan(Number(last.slice(2)));
      const { rows } = await h.db.query<{ max: number }>("SELECT max(day_sequence)::int AS max FROM orders.orders WHERE business_day = '2026-11-25' AND order_number <> $1", [next]);
      expect(Number(next.slice(2))).to.be.greaterThan(rows[0]!.max);
    } finally {
      await again?.close();
      h.service = await startOrderService(orderConfig.parse(orderEnv(h)), { clock });
      await waitForCatalog(h.service);
    }
  });

  it('starts again at A-001 when the business day rolls over at local midnight', async () => {
    now = new Date('2026-11-25T16:59:59Z'); // 23:59:59 in Jakarta
    const lastOfDay = (await h.post(cashOrder())).body;
    now = new Date('2026-11-25T17:00:01Z'); // 00:00:01 on the 26th in Jakarta
    const firstOfNext = (await h.post(cashOrder())).body;
    expect(lastOfDay.businessDay).to.equal('2026-11-25');
    expect(lastOfDay.orderNumber).to.not.equal('A-001');
    expect(firstOfNext).to.include({ businessDay: '2026-11-26', orderNumber: 'A-001' });
  });

  it('moves the numbering past a number central reports as taken, and never backwards', async () => {
    expect(await h.service.moveNumberingPast(1500)).to.equal(1500);
    expect(await numbers(2)).to.deep.equal(['B-502', 'B-503']);
    expect(await h.service.moveNumberingPast(3)).to.equal(1502);
    expect(await numbers(1)).to.deep.equal(['B-504']);
  });

  it('skips a number that is already taken that day instead of reusing it', async () => {
    const day = '2026-11-26';
    // Wind the sequence back by hand (what a botched restore would do): the unique index refuses reuse.
    await h.db.query("SELECT setval('orders.day_seq_20261126', 1501)");
    const res = await h.post(cashOrder());
    expect(res.status).to.equal(201);
    expect(res.body.orderNumber).to.equal('B-505'); // 1502 and 1503 are taken, so 1504
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders WHERE business_day = $1 GROUP BY order_number HAVING count(*) > 1', [day]);
    expect(rows).to.have.length(0);
  });
});

async function waitForCatalog(s: RunningOrderService) {
  const deadline = Date.now() + 10_000;
  while (!s.catalog.current() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!s.catalog.current()) throw new Error('catalog not loaded');
}
