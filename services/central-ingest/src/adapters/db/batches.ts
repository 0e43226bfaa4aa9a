/** Postgres takes at most 65,535 parameters in one statement. */
const maxParameters = 65_535;

/**
 * Rows for multi-row INSERTs: all of them in one statement, split only where one statement would pass the
 * parameter limit (a batch of 1,000 orders with many lines each).
 */
export function rowsPerStatement<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(maxParameters / columnsPerRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
