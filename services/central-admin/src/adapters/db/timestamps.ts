/**
 * Drizzle hands timestamptz columns over as Postgres writes them ('2026-11-27 09:08:40.123+00'); the API and
 * the events carry ISO 8601 ('2026-11-27T09:08:40.123Z'), as they did when pg parsed them into Dates.
 */
export const isoOf = (pgTimestamp: string): string => new Date(pgTimestamp).toISOString();

export const isoOrNull = (pgTimestamp: string | null): string | null => (pgTimestamp === null ? null : isoOf(pgTimestamp));
