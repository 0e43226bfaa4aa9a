/**
 * Runs fast-check cases against one HTTP endpoint of a real server and tallies the answers. A 5xx fails the
 * property at once (fast-check then shrinks it to the smallest request that still gets one).
 */
import fc from 'fast-check';
import pg from 'pg';
import { request } from '../gateway-support.js';
import type { RawBody } from './arbitraries.js';

export interface Endpoint {
  /** `POST /api/orders`: how the report names it. */
  name: string;
  method: fc.Arbitrary<string>;
  path: fc.Arbitrary<string>;
  body?: fc.Arbitrary<RawBody>;
  headers?: fc.Arbitrary<Record<string, string>>;
  /**
   * What the server has written, read before and after every case: a refused case (4xx) that changed it
   * fails the property. For endpoints where some cases are accepted and others refused.
   */
  footprint?: () => Promise<Record<string, number>>;
}

export interface Tally { cases: number; accepted: number; byStatus: Record<number, number> }

/** A 5xx the contract's owners already fix elsewhere: tolerated (and counted) until their branch lands. */
export interface KnownIssue { why: string; matches(req: { method: string; path: string; body: string | undefined }): boolean }

export async function fuzzEndpoint(base: string, endpoint: Endpoint, numRuns: number, known: KnownIssue[] = []): Promise<Tally & { known: Record<string, number> }> {
  const tally = { cases: 0, accepted: 0, byStatus: {} as Record<number, number>, known: {} as Record<string, number> };
  const noBody = fc.constant<RawBody>({ text: undefined, contentType: undefined });
  await fc.assert(
    fc.asyncProperty(endpoint.method, endpoint.path, endpoint.body ?? noBody, endpoint.headers ?? fc.constant({}), async (method, path, body, headers) => {
      const before = await endpoint.footprint?.();
      const res = await request(`${base}${path}`, {
        method, body: method === 'GET' || method === 'HEAD' ? undefined : body.text,
        headers: { host: 'localhost', ...(body.contentType && method !== 'GET' && method !== 'HEAD' ? { 'content-type': body.contentType } : {}), ...headers },
      });
      tally.cases++;
      tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
      if (res.status >= 200 && res.status < 300) tally.accepted++;
      if (res.status >= 500) {
        const issue = known.find((k) => k.matches({ method, path, body: body.text }));
        if (issue) {
          tally.known[issue.why] = (tally.known[issue.why] ?? 0) + 1;
          return;
        }
        throw new Error(`${method} ${path} -> ${res.status} ${res.body.slice(0, 300)}`);
      }
      if (before && res.status >= 400) {
        const written = changed(before, await endpoint.footprint!());
        if (Object.keys(written).length > 0) throw new Error(`${method} ${path} -> ${res.status}, yet wrote ${JSON.stringify(written)}: ${body.text?.slice(0, 300)}`);
      }
    }),
    { numRuns, endOnFailure: true },
  );
  return tally;
}

/** Header values a client may send (printable ASCII: Node refuses to send anything else). */
export const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer null', 'Bearer ' + 'A'.repeat(4_000), 'Basic YWRtaW46YWRtaW4=', '*', '"'),
);

/**
 * What the store has written: rows of every table plus messages of every stream. A refused request must
 * leave it as it was.
 */
export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
         -- A wrong PIN is refused AND recorded: that row is the throttle working (attacks.store.spec.ts tests it).
         AND format('%I.%I', table_schema, table_name) <> 'staff.pin_attempts' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`)).rows[0]!.n);
    return counts;
  } finally {
    await client.end();
  }
}

/** Only the entries that differ: `{ table: [before, after] }`. */
export function changed(before: Record<string, number>, after: Record<string, number>): Record<string, [number, number]> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries([...keys].filter((k) => before[k] !== after[k]).map((k) => [k, [before[k] ?? 0, after[k] ?? 0]]));
}
