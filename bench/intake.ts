/**
 * Order intake: orders/s and latency at several concurrent-kiosk levels, through the store gateway, with
 * pgbench's commit rate for the same order-shaped transaction at the same concurrency on the same Postgres
 * as the raw ceiling (the ratio is the figure that survives a noisy machine).
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { CatalogView } from '@kiosk/contracts/api';
import { diskActivity, postgresBinDir, repoRoot, type StoreBox } from '@kiosk/stack';
import { cpuSecondsByProcess, orderFactory } from './lib.js';

export interface IntakeLevel {
  kiosks: number;
  ordersPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  pgbenchTps: number;
  ratioToPostgres: number;
  /** CPU ms each of the box's processes (with its children) spent per accepted order: where an order's cost goes. */
  cpuMsPerOrder: Record<string, number>;
  /**
   * The machine's disk flushes (each fsync that reaches the disk) per accepted order and per pgbench transaction,
   * and the disk's mean ms per flush: every process on the machine counts, central's hub and Postgres included.
   */
  disk: { flushesPerOrder: number; flushesPerPgbenchTransaction: number; msPerFlush: number };
}

/** The box's processes by name: its services, Postgres, nats-server, Redis, nginx (and the uplink when linked). */
function boxProcesses(box: StoreBox): Record<string, number | undefined> {
  return {
    ...Object.fromEntries(Object.entries(box.services).map(([name, proc]) => [name, proc.pid])),
    uplink: box.uplink?.pid, postgres: box.postgres.proc.pid, nats: box.nats.proc.pid, redis: box.redis.proc.pid, nginx: box.nginx.proc.pid,
  };
}

function cpuMsPerOrder(before: Record<string, number>, after: Record<string, number>, orders: number): Record<string, number> {
  const per = Object.entries(after).map(([name, s]) => [name, Math.round(((s - (before[name] ?? s)) / Math.max(1, orders)) * 1e5) / 100] as const);
  const total = Math.round(per.reduce((sum, [, ms]) => sum + ms, 0) * 100) / 100;
  return { ...Object.fromEntries(per), total };
}

export async function benchIntake(box: StoreBox, levels: number[], seconds: number): Promise<IntakeLevel[]> {
  const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
  const nextOrder = orderFactory(catalog);
  await createPgbenchTables(box);
  const results: IntakeLevel[] = [];
  for (const kiosks of levels) {
    await hammer(box.gatewayUrl, nextOrder, kiosks, 2); // warm-up: JIT, pools, nginx keep-alives
    const [cpuBefore, diskBefore] = [cpuSecondsByProcess(boxProcesses(box)), diskActivity()];
    const r = await hammer(box.gatewayUrl, nextOrder, kiosks, seconds);
    const [cpuAfter, diskAfter] = [cpuSecondsByProcess(boxProcesses(box)), diskActivity()];
    const cpu = cpuMsPerOrder(cpuBefore, cpuAfter, r.requests.total);
    const { tps: pgbenchTps, transactions } = pgbench(box, kiosks, seconds);
    const diskPgbench = diskActivity();
    const flushes = diskAfter.flushes - diskBefore.flushes;
    const disk = {
      flushesPerOrder: round2(flushes / Math.max(1, r.requests.total)),
      flushesPerPgbenchTransaction: round2((diskPgbench.flushes - diskAfter.flushes) / Math.max(1, transactions)),
      msPerFlush: round2((diskAfter.flushMs - diskBefore.flushMs) / Math.max(1, flushes)),
    };
    const ordersPerSecond = Math.round(r.requests.total / seconds);
    results.push({
      kiosks, ordersPerSecond,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      non2xx: r.non2xx, errors: r.errors, pgbenchTps, ratioToPostgres: round2(ordersPerSecond / pgbenchTps), cpuMsPerOrder: cpu, disk,
    });
    console.log(`intake @${kiosks}: ${ordersPerSecond} orders/s p50 ${r.latency.p50} ms p99 ${r.latency.p99} ms (non-2xx ${r.non2xx}); pgbench ${pgbenchTps} tps; CPU ms per order ${JSON.stringify(cpu)}; disk ${JSON.stringify(disk)}`);
  }
  return results;
}

function hammer(url: string, nextOrder: () => object, connections: number, seconds: number) {
  return autocannon({
    url: `${url}/api/orders`, method: 'POST', connections, duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(nextOrder()) }) }],
  });
}

async function createPgbenchTables(box: StoreBox) {
  await box.postgres.createDatabase('pgbench_ceiling');
  const client = new pg.Client({ connectionString: box.postgres.url('pgbench_ceiling') });
  await client.connect();
  await client.query(`
    DROP TABLE IF EXISTS b_lines, b_payments, b_orders, b_outbox;
    CREATE TABLE b_orders(id bigint primary key, gid uuid default gen_random_uuid(), store text, number text, mode text,
      total bigint, created_at timestamptz default now(), payload jsonb);
    CREATE TABLE b_lines(id bigserial primary key, order_id bigint references b_orders(id), product_id text, qty int, price bigint, options jsonb);
    CREATE TABLE b_payments(id bigserial primary key, order_id bigint references b_orders(id), method text, amount bigint);
    CREATE TABLE b_outbox(id bigserial primary key, event_id uuid, subject text, payload jsonb, published_at timestamptz);
    CREATE INDEX ON b_outbox(id) WHERE published_at IS NULL;`);
  await client.end();
}

/** pgbench with bench/pgbench-order.sql (one order-shaped transaction), same concurrency, same Postgres. */
function pgbench(box: StoreBox, clients: number, seconds: number): { tps: number; transactions: number } {
  const out = execFileSync(join(postgresBinDir(), 'pgbench'), [
    '-n', '-f', join(repoRoot, 'bench/pgbench-order.sql'), '-c', String(clients), '-j', String(Math.min(clients, 2)),
    '-T', String(seconds), '-h', '127.0.0.1', '-p', String(box.postgres.port), '-U', 'postgres', 'pgbench_ceiling',
  ]).toString();
  return {
    tps: Math.round(Number(out.match(/tps = ([\d.]+)/)?.[1] ?? NaN)),
    transactions: Number(out.match(/number of transactions actually processed: (\d+)/)?.[1] ?? NaN),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
