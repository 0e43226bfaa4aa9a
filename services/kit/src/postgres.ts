import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
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
  return pool;
}

export function createDb<S extends Record<string, unknown>>(pool: Pool, schema: S): NodePgDatabase<S> {
  return drizzle(pool, { schema });
}

/**
 * Applies the service's drizzle-kit migrations at start-up. An advisory lock keyed by the schema name makes it
 * safe for several replicas to start at once. The journal lives in the shared `drizzle` schema, one table per
 * service, so the service's first migration can create its own schema (drizzle-kit writes CREATE SCHEMA).
 */
export async function applyMigrations(pool: Pool, opts: { schema: string; migrationsFolder: string; logger: Logger }) {
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
    opts.logger.info('migrations applied', { schema: opts.schema });
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
