/**
 * The order intake repository alone: N sequential order inserts (3 lines, a cash payment, both outbox events)
 * through OrderRepo on the testbed's Postgres, three rounds, median of the rounds. What 0011's cost figures are
 * measured with. BASELINE=<file exporting another OrderRepo> runs its rounds interleaved with this one's, in the
 * same process and database, so both see the same load, e.g. the SQL-string repository before 0011:
 *   git show 93941c8:services/order/src/adapters/order.repo.ts > /tmp/sql-order-repo.ts
 *   BASELINE=/tmp/sql-order-repo.ts npx tsx services/order/bench/repo-insert.ts 2000
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createLogger, createPool, type Pool } from '@kiosk/kit';
import { stopTestbed, testbed } from '@kiosk/stack';
import type { OrderView } from '@kiosk/contracts';
import { OrderRepo } from '../src/adapters/order.repo.js';
import { orderEvents } from '../src/adapters/events.js';
import type { NewOrder } from '../src/domain/order.js';

const count = Number(process.argv[2] ?? 2000);
const tb = await testbed();
const logger = createLogger({ service: 'bench', storeId: 's1', level: 'warn' });
const pool = createPool({ url: await tb.freshDatabase('repo'), applicationName: 'bench', logger });
await applyMigrations(pool, { schema: 'orders', migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)), logger });
type Repo = Pick<OrderRepo, 'insert'>;
const repos: Array<[string, Repo]> = [['drizzle', new OrderRepo(pool)]];
if (process.env.BASELINE) {
  const baseline = await import(process.env.BASELINE) as { OrderRepo: new (pool: Pool) => Repo };
  repos.unshift(['baseline', new baseline.OrderRepo(pool)]);
}

let sequence = 0;
function newOrder(): NewOrder {
  sequence++;
  const line = (productId: string, unitPrice: number, quantity: number) => ({
    productId, name: productId, quantity, unitPrice, options: [{ id: 'o-large', name: 'Large', priceDelta: 5000 }], station: 'grill', lineTotal: unitPrice * quantity,
  });
  const view: OrderView = {
    globalId: randomUUID(), storeId: 's1', kioskId: 'bench', orderNumber: `A${String(sequence).padStart(4, '0')}`, businessDay: '2026-11-27',
    status: 'awaiting_payment', mode: 'dine_in', currency: 'IDR', subtotal: 95000, tax: 10450, serviceCharge: 4750, total: 110200,
    lines: [line('p-burger', 45000, 1), line('p-tea', 10000, 2), line('p-fries', 30000, 1)],
    payment: { method: 'cash', status: 'pending', amount: 110200 }, catalogVersion: 1, createdAt: new Date().toISOString(),
  };
  return { view, daySequence: sequence, paymentId: randomUUID(), requestHash: randomUUID() };
}

async function round(repo: Repo): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const order = newOrder();
    const [created, recorded] = orderEvents(order.view, order.daySequence, order.paymentId);
    if (!(await repo.insert(order, JSON.stringify(order.view), [created!, recorded!]))) throw new Error('not created');
  }
  return performance.now() - started;
}

for (const [, repo] of repos) await round(repo); // warm-up: connections, JIT, plans, prepared statements
const rounds = new Map<string, number[]>(repos.map(([name]) => [name, []]));
for (let i = 0; i < 3; i++) for (const [name, repo] of repos) rounds.get(name)!.push(await round(repo));
for (const [name, r] of rounds) {
  const median = [...r].sort((a, b) => a - b)[1]!;
  process.stdout.write(`${JSON.stringify({ repo: name, orders: count, roundsMs: r.map(Math.round), medianMs: Math.round(median), perOrderMs: Math.round((median / count) * 1000) / 1000 })}\n`);
}
await pool.end();
await stopTestbed();
