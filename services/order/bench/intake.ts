/**
 * Quick order-intake benchmark of the order service alone (the full-box `make bench` lives elsewhere):
 * the service runs as its own process, as in the box, on the testbed's real Postgres and NATS; N kiosks post
 * realistic 3-line orders back to back for a few seconds. Usage: npx tsx services/order/bench/intake.ts [32] [10]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort, ManagedProcess, repoRoot, testbed, stopTestbed, waitFor } from '@kiosk/stack';
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
const proc = new ManagedProcess('order', process.execPath, ['--import', 'tsx', join(repoRoot, 'services/order/src/main.ts')], {
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

await run(kiosks, 2_000); // warm-up: connections, JIT, the day's sequence
process.stdout.write(`${JSON.stringify(await run(kiosks, seconds * 1000))}\n`);
await proc.stop();
await catalog.stop();
await stopTestbed();
