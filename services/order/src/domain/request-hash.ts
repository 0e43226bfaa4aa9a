import { createHash } from 'node:crypto';

/**
 * A hash of the parsed request with keys sorted at every level, so the same order re-sent by a kiosk (whatever
 * its key order or whitespace) matches, and any real difference does not. Array order is kept: it is meaning.
 */
export function requestHash(parsed: unknown): string {
  return createHash('sha256').update(canonicalJson(parsed)).digest('base64url');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
