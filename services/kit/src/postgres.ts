import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import type { Logger } from './logger.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// BIGINT columns hold money in minor units and sequence numbers; both fit in a JS number (< 2^53), so parse
// them as numbers instead of strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * A pg pool for one service. Each service owns one Postgres schema of the store database (catalog, orders,
 * kitchen, ...) and never reads another's tables: services meet on NATS and HTTP, not in SQL.
 */
export function createPool(opts: { url: string; max?: number; applicationName: string; logger: Logger }): Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (Postgres restarted) must not crash the process; the pool replaces it.
  pool.on('error', (err) => opts.logger.warn('postgres idle client error', { err: err.message }));
  // A client checked out between two queries (inside a transaction) that loses its connection emits 'error'
  // on itself, not on the pool; unheard, that ended central-ingest when central Postgres was killed. The next
  // query on it fails and the caller's retry gets a fresh client.
  pool.on('connect', (client) => client.on('error', (err) => opts.logger.warn('postgres client error', { err: err.message })));
  return pool;
}

export function createDb<S extends Record<string, unknown>>(pool: Pool, schema: S): NodePgDatabase<S> {
  return drizzle(pool, { schema });
}

/** Drizzle's query builder over the pool or over one client (the one `inTransaction` hands out). */
export type Db = NodePgDatabase;

const dbs = new WeakMap<Pool | pg.ClientBase, Db>();

/**
 * The query builder of repositories: `dbOf(client)` inside `inTransaction`, so the statements and the outbox's
 * `enqueueEvents(client, ...)` share one transaction; `dbOf(pool)` for a single statement. One builder per pool
 * or client, kept while it lives (pooled clients are reused), so a hot path does not build one per call.
 */
export function dbOf(client: Pool | pg.ClientBase): Db {
  let db = dbs.get(client);
  if (!db) {
    db = drizzle(client as Pool | PoolClient);
    dbs.set(client, db);
  }
  return db;
}

/**
 * The Postgres error under a failed statement: Drizzle wraps pg's error (`code`, `constraint`) in a
 * DrizzleQueryError as its `cause`; a statement sent by pg directly throws it as it is.
 */
export function pgError(err: unknown): { code?: string; constraint?: string } {
  const e = err instanceof DrizzleQueryError && err.cause ? err.cause : err;
  return (typeof e === 'object' && e !== null ? e : {}) as { code?: string; constraint?: string };
}

/**
 * Resolves once Postgres answers. A box starts its processes together, so a service may come up before its
 * Postgres is listening, while it replays its WAL after a power cut, or before its role exists: it waits,
 * with a pause growing to 1 s, instead of exiting (and being restarted in a loop by compose). Logs the first
 * failure and then every 20th. Returns how long it waited (ms).
 */
export async function untilPostgresAnswers(pool: Pool, logger: Logger): Promise<number> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      if (attempt > 1) logger.info('postgres answers', { waitedMs: Date.now() - started, attempts: attempt });
      return Date.now() - started;
    } catch (err) {
      if (attempt === 1 || attempt % 20 === 0) logger.warn('postgres not answering yet, retrying', { attempt, err: (err as Error).message });
      await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)));
    }
  }
}

/**
 * Applies the service's drizzle-kit migrations at start-up. An advisory lock keyed by the schema name makes it
 * safe for several replicas to start at once. The journal lives in the shared `drizzle` schema, one table per
 * service, so the service's first migration can create its own schema (drizzle-kit writes CREATE SCHEMA).
 */
export async function applyMigrations(pool: Pool, opts: { schema: string; migrationsFolder: string; logger: Logger }) {
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${opts.schema}`]);
    try {
      await migrate(drizzle(client), {
        migrationsFolder: opts.migrationsFolder,
        migrationsSchema: 'drizzle',
        migrationsTable: `${opts.schema}_migrations`,
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${opts.schema}`]);
    }
    opts.logger.info('migrations applied', { schema: opts.schema, ms: Date.now() - started });
  } finally {
    client.release();
  }
}

/** Runs `fn` in one transaction on one client; commits only if it resolves. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

