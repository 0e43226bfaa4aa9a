import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

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

