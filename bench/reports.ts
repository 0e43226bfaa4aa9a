/**
 * Reports at chain scale: 100 stores x 1,000,000 orders (30 business days) in central Postgres, then every report
 * endpoint of central-admin timed through HTTP with an API token (>= 200 requests each: median and p99).
 * Target: every report <= 500 ms.
 *
 * The orders, lines and payments are bulk-loaded with generate_series (what ingest would have committed), and
 * the rollups central-ingest keeps in the orders' transaction are built from them with the same grouping, so
 * the reports read what they would read in production. Kitchen prep rows are loaded directly (one per order).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ManagedProcess, bundleService, freePort, httpOk, opsDir, repoRoot, signInToCentral, startNats, startPostgres, waitFor } from '@kiosk/stack';
import { percentile } from './lib.js';

const stores = Array.from({ length: 100 }, (_, i) => `s${i + 1}`);
const days = 30;
const firstDay = '2026-10-27';

async function applyIngestSchema(db: pg.Client): Promise<void> {
  const dir = join(repoRoot, 'services/central-ingest/drizzle');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')).sort()) {
    for (const stmt of readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint')) if (stmt.trim()) await db.query(stmt);
  }
}

async function load(db: pg.Client, orders: number): Promise<Record<string, number>> {
  const t = (label: string, ms: Record<string, number>) => async (sql: string) => {
    const start = performance.now();
    await db.query(sql);
    ms[label] = Math.round(performance.now() - start);
  };
  const ms: Record<string, number> = {};
  // Order i: store i % 100, business day (i / 100) % 30, created during that day's opening hours (UTC+7).
  await t('orders', ms)(`
    INSERT INTO central.orders (global_id, store_id, event_id, kiosk_id, order_number, display_number, business_day, day_sequence, mode,
      currency, subtotal, tax, service_charge, total, catalog_version, created_at, store_seq)
    SELECT gen_random_uuid(), 's' || (i % 100 + 1), 'e' || i, 'k1', 'B-' || i, 'B-' || i, d::text, i, 'takeaway', 'IDR',
           sub, sub / 10, 0, sub + sub / 10, 1, (d + time '03:00' + ((i * 7919) % 43200) * interval '1 second') AT TIME ZONE 'UTC', i
      FROM generate_series(1::bigint, ${orders}) AS i,
           LATERAL (SELECT date '${firstDay}' + ((i / 100) % ${days})::int AS d, (15 + (i % 7) * 5) * 1000 AS sub) x`);
  await t('lines', ms)(`
    INSERT INTO central.order_lines (global_id, line_no, product_id, name, quantity, unit_price, options, line_total)
    SELECT o.global_id, 1, 'p' || (o.day_sequence % 40), 'Product ' || (o.day_sequence % 40), 1, o.subtotal, '[]', o.subtotal FROM central.orders o`);
  await t('payments', ms)(`
    INSERT INTO central.payments (global_id, payment_id, status, method, amount, currency, recorded_at)
    SELECT global_id, 'pay-' || day_sequence, CASE WHEN day_sequence % 20 = 0 THEN 'pending' ELSE 'approved' END,
           CASE WHEN day_sequence % 3 = 0 THEN 'cash' ELSE 'card' END, total, 'IDR', created_at FROM central.orders`);
  await t('rollups', ms)(`
    INSERT INTO central.sales_hourly (store_id, business_day, hour, currency, orders, gross, tax, service_charge, net)
    SELECT store_id, business_day, extract(hour FROM created_at AT TIME ZONE 'Asia/Jakarta')::int, currency, count(*), sum(total), sum(tax), sum(service_charge), sum(total - tax - service_charge)
      FROM central.orders GROUP BY 1, 2, 3, 4;
    INSERT INTO central.product_daily (store_id, business_day, product_id, name, quantity, revenue)
    SELECT o.store_id, o.business_day, l.product_id, max(l.name), sum(l.quantity), sum(l.line_total)
      FROM central.order_lines l JOIN central.orders o USING (global_id) GROUP BY 1, 2, 3;
    INSERT INTO central.payment_daily (store_id, business_day, method, status, count, amount)
    SELECT o.store_id, o.business_day, p.method, p.status, count(*), sum(p.amount) FROM central.payments p JOIN central.orders o USING (global_id) GROUP BY 1, 2, 3, 4;
    INSERT INTO central.awaiting_payment (global_id, store_id, business_day, order_number, total, currency, created_at)
    SELECT o.global_id, o.store_id, o.business_day, o.display_number, o.total, o.currency, o.created_at
      FROM central.orders o JOIN central.payments p USING (global_id) WHERE p.status = 'pending';
    INSERT INTO central.ticket_prep (store_id, ticket_id, business_day, started_at, ready_at, prep_seconds)
    SELECT store_id, 't' || day_sequence, business_day, created_at + interval '30 seconds', created_at + interval '30 seconds' + (120 + day_sequence % 600) * interval '1 second',
           120 + day_sequence % 600 FROM central.orders;`);
  await t('analyze', ms)('VACUUM ANALYZE');
  return ms;
}

async function time(call: () => Promise<Response>, requests: number): Promise<{ medianMs: number; p99Ms: number; maxMs: number; bytes: number }> {
  for (let i = 0; i < 5; i++) await (await call()).arrayBuffer(); // warm-up: JIT, pool, plan cache
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const res = await call();
    const body = await res.arrayBuffer();
    samples.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`report answered ${res.status}: ${Buffer.from(body).toString()}`);
    bytes = body.byteLength;
  }
  samples.sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { medianMs: r(percentile(samples, 50)), p99Ms: r(percentile(samples, 99)), maxMs: r(samples.at(-1)!), bytes };
}

export async function benchReports(opts: { orders: number; requests: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  execFileSync('chmod', ['755', dir]);
  const postgres = await startPostgres({ dataDir: join(dir, 'postgres'), port: await freePort(), logFile: join(dir, 'postgres.log') });
  const nats = await startNats({
    configFile: join(opsDir, 'nats/store.conf'), port: await freePort(), monitorPort: await freePort(), storeDir: join(dir, 'nats'),
    serverName: 'bench-reports', logFile: join(dir, 'nats.log'), env: { STORE_ID: 'central', NATS_MAX_FILE_STORE: '1GB' },
  });
  let admin: ManagedProcess | null = null;
  try {
    await postgres.createDatabase('central');
    const databaseUrl = postgres.url('central');
    const db = new pg.Client({ connectionString: databaseUrl });
    // Postgres stopping under an open client (a failed run) must end the run with its error, not crash it.
    db.on('error', () => undefined);
    await db.connect();
    await applyIngestSchema(db);
    const loadMs = await load(db, opts.orders);
    const port = await freePort();
    admin = new ManagedProcess('central-admin', process.execPath, [await bundleService('central-admin')], {
      cwd: repoRoot, logFile: join(dir, 'central-admin.log'),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SERVICE_NAME: 'central-admin', STORE_ID: 'central', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port),
        DATABASE_URL: databaseUrl, NATS_URL: nats.url, LOG_LEVEL: 'warn', CENTRAL_STORES: stores.join(','), DEMO_MODE: '1' },
    }).start();
    await waitFor('central-admin', () => httpOk(`http://127.0.0.1:${port}/health`), 60_000, admin);
    const url = `http://127.0.0.1:${port}`;
    // A finance API token, as a script or the reports screen's server-side export would call.
    const owner = await signInToCentral(url);
    const { token } = (await (await owner('/api/admin/tokens', { method: 'POST', body: { name: 'bench', role: 'finance' } })).json()) as { token: string };
    const call = (path: string) => () => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const lastDay = (await db.query<{ d: string }>('SELECT max(business_day) AS d FROM central.orders')).rows[0]!.d;
    const month = `from=${firstDay}&to=${lastDay}`;
    const day = `from=${lastDay}&to=${lastDay}`;
    const endpoints: Record<string, string> = {
      'sales by day, 30 days, all stores': `/api/reports/sales?groupBy=day&${month}`,
      'sales by hour, 1 day, all stores': `/api/reports/sales?groupBy=hour&${day}`,
      'sales by hour, 30 days, 1 store': `/api/reports/sales?groupBy=hour&${month}&storeId=s7`,
      'products, 30 days, all stores': `/api/reports/products?${month}`,
      'payments, 30 days, all stores': `/api/reports/payments?${month}`,
      'awaiting payment, 30 days, all stores (first 500)': `/api/reports/awaiting-payment?${month}`,
      'kitchen p50/p90, 1 day, all stores': `/api/reports/kitchen?${day}`,
      'kitchen p50/p90, 30 days, all stores': `/api/reports/kitchen?${month}`,
      'sales CSV, 30 days, all stores': `/api/reports/sales?groupBy=day&${month}&format=csv`,
    };
    const results: Record<string, Awaited<ReturnType<typeof time>> & { path: string }> = {};
    for (const [name, path] of Object.entries(endpoints)) {
      results[name] = { path, ...(await time(call(path), opts.requests)) };
      console.log(`  ${name}: median ${results[name].medianMs} ms, p99 ${results[name].p99Ms} ms`);
    }
    const counts = (await db.query<{ orders: number; lines: number; payments: number }>(
      'SELECT (SELECT count(*) FROM central.orders)::int AS orders, (SELECT count(*) FROM central.order_lines)::int AS lines, (SELECT count(*) FROM central.payments)::int AS payments')).rows[0]!;
    await db.end();
    return {
      target: { reportMs: 500 },
      commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).toString().trim(),
      loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
      data: { stores: stores.length, businessDays: days, ...counts, loadMs },
      requestsPerEndpoint: opts.requests, through: 'central-admin HTTP (no gateway), API token (finance)',
      endpoints: results,
      allWithinTarget: Object.values(results).every((r) => r.p99Ms <= 500),
    };
  } finally {
    await admin?.stop();
    await Promise.all([nats.proc.stop(), postgres.proc.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
