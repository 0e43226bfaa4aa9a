/**
 * The order intake repository alone: N sequential order inserts (3 lines, a cash payment, both outbox events)
 * through OrderRepo on the testbed's Postgres, three rounds, median of the rounds. What 0011's cost figure is
 * measured with. Usage: npx tsx services/order/bench/repo-insert.ts [2000]
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createLogger, createPool } from '@kiosk/kit';
import { stopTestbed, testbed } from '@kiosk/stack';
import type { OrderView } from '@kiosk/contracts';
import { OrderRepo } from '../src/adapters/order.repo.js';
import { OrderRepo as SqlOrderRepo } from './tmp-sql-order-repo.js';
import { orderEvents } from '../src/adapters/events.js';
import type { NewOrder } from '../src/domain/order.js';

const count = Number(process.argv[2] ?? 2000);
const tb = await testbed();
const logger = createLogger({ service: 'bench', storeId: 's1', level: 'warn' });
const pool = createPool({ url: await tb.freshDatabase('repo'), applicationName: 'bench', logger });
await applyMigrations(pool, { schema: 'orders', migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)), logger });
const repos = { drizzle: new OrderRepo(pool), sql: new SqlOrderRepo(pool) };

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

async function round(repo: { insert: OrderRepo['insert'] }): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const order = newOrder();
    const [created, recorded] = orderEvents(order.view, order.daySequence, order.paymentId);
    if (!(await repo.insert(order, JSON.stringify(order.view), [created!, recorded!]))) throw new Error('not created');
  }
  return performance.now() - started;
}

await round(repos.sql); await round(repos.drizzle);
const rounds = { sql: [] as number[], drizzle: [] as number[] };
for (let i = 0; i < 3; i++) { rounds.sql.push(await round(repos.sql)); rounds.drizzle.push(await round(repos.drizzle)); }
for (const [name, r] of Object.entries(rounds)) {
  const median = [...r].sort((a, b) => a - b)[1]!;
  process.stdout.write(`${JSON.stringify({ name, orders: count, roundsMs: r.map(Math.round), medianMs: Math.round(median), perOrderMs: Math.round((median / count) * 1000) / 1000 })}\n`);
}
await pool.end();
await stopTestbed();
