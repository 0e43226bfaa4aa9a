import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * Pieces of the statements the query builder cannot say (INSERT ... SELECT ... GROUP BY ... ON CONFLICT with
 * running sums), still spelled from the schema's columns, never from column names typed as strings.
 */

/** A column list, e.g. for INSERT INTO t (a, b): the bare names of these schema columns. */
export const columnList = (...columns: AnyColumn[]): SQL => sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);

/** A column as assigned in ON CONFLICT ... DO UPDATE SET: its bare name. */
export const named = (column: AnyColumn): SQL => sql`${sql.identifier(column.name)}`;

/** The value the conflicting INSERT proposed for this column. */
export const excluded = (column: AnyColumn): SQL => sql`excluded.${sql.identifier(column.name)}`;


/**
 * `SELECT * FROM unnest($1::type[], $2::type[], ...)`: the rows as one array per column, each cast to its
 * schema column's type. For the batch inserts: a multi-row VALUES list has a parameter per value, and building
 * it cost the query builder more CPU than Postgres spent inserting (a 1,000-order batch has 20,000 of them).
 */
export function unnestRows<R>(rows: readonly R[], columns: readonly (readonly [PgColumn, (row: R) => unknown])[]): SQL {
  const arrays = columns.map(([column, value]) => sql`${sql.param(rows.map(value))}::${sql.raw(column.getSQLType())}[]`);
  return sql`SELECT * FROM unnest(${sql.join(arrays, sql`, `)})`;
}

/** `INSERT INTO table (columns) SELECT * FROM unnest(...)` for these rows (see unnestRows). */
export function insertRows<R>(table: PgTable, rows: readonly R[], columns: readonly (readonly [PgColumn, (row: R) => unknown])[]): SQL {
  return sql`INSERT INTO ${table} (${columnList(...columns.map(([c]) => c))}) ${unnestRows(rows, columns)}`;
}
