/**
 * Quick order-intake benchmark of the order service alone (the full-box `make bench` lives elsewhere):
 * the service runs as its own process, as in the box, on the testbed's real Postgres and NATS; N kiosks post
 * realistic 3-line orders back to back for a few seconds. Usage: npx tsx services/order/bench/intake.ts [32] [10]
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, ManagedProcess, postgresBinDir, repoRoot, testbed, stopTestbed, waitFor } from '@kiosk/stack';
import { CatalogFixture } from '../test/fixtures.js';

const kiosks = Number(process.argv[2] ?? 32);
const seconds = Number(process.argv[3] ?? 10);

const order = () => JSON.stringify({
  globalId: randomUUID(), kioskId: 'bench', mode: 'dine_in', payment: { method: 'cash' },
  lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-large', 'o-cheese'] }, { productId: 'p-tea', quantity: 2, optionIds: [] }, { productId: 'p-fries', quantity: 1, optionIds: [] }],
});

const tb = await testbed();
const catalog = new CatalogFixture();
const port = await freePort();
const storeId = tb.freshStoreId('bench');
const proc = new ManagedProcess('order', process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', join(repoRoot, 'services/order/src/main.ts')], {
  cwd: repoRoot, logFile: join(tb.dir, 'order-bench.log'),
  env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SERVICE_NAME: 'order', STORE_ID: storeId, HTTP_PORT: String(port),
    DATABASE_URL: await tb.freshDatabase('bench'), NATS_URL: tb.nats.url, REDIS_URL: tb.redis.url, CATALOG_URL: await catalog.start(), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
}).start();
const url = `http://127.0.0.1:${port}/api/orders`;
await waitFor('order service', async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: order() })).status === 201, 60_000, proc);

async function run(concurrency: number, ms: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + ms;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: order() });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 201) errors++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  return { concurrency, orders: latencies.length, errors, perSecond: Math.round(latencies.length / (ms / 1000)), p50ms: q(0.5), p99ms: q(0.99) };
}

if (process.env.BENCH_HOLD) {
  process.stdout.write(`service at ${url}\n`);
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_HOLD)));
}
await run(kiosks, 2_000); // warm-up: connections, JIT, the day's sequence
const intake = await run(kiosks, seconds * 1000);
const ceiling = await rawCeiling(kiosks, seconds);
process.stdout.write(`${JSON.stringify({ intake, pgbenchOrderTps: ceiling, ratio: Math.round((intake.perSecond / ceiling) * 100) / 100 })}\n`);
/** The raw ceiling (bench/pgbench-order.sql): pgbench running one order-shaped transaction on the same Postgres, same concurrency. */
async function rawCeiling(clients: number, secs: number): Promise<number> {
  const url = await tb.freshDatabase('ceiling');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query(`CREATE TABLE b_orders(id bigint primary key, gid uuid default gen_random_uuid(), store text, number text, mode text,
      total bigint, created_at timestamptz default now(), payload jsonb);
    CREATE TABLE b_lines(id bigserial primary key, order_id bigint references b_orders(id), product_id text, qty int, price bigint, options jsonb);
    CREATE TABLE b_payments(id bigserial primary key, order_id bigint references b_orders(id), method text, amount bigint);
    CREATE TABLE b_outbox(id bigserial primary key, event_id uuid, subject text, payload jsonb, published_at timestamptz);
    CREATE INDEX ON b_outbox(id) WHERE published_at IS NULL;`);
  await pool.end();
  const out = execFileSync(join(postgresBinDir(), 'pgbench'), ['-n', '-f', '/work/shared/bench/pgbench-order.sql', '-c', String(clients), '-j', '2', '-T', String(secs), url], { encoding: 'utf8' });
  return Math.round(Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0));
}

await proc.stop();
await catalog.stop();
await stopTestbed();
