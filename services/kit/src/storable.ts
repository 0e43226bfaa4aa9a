/**
 * What Postgres can hold. An event from another process is a fact to keep, but one that Postgres would refuse
 * (a NUL in a name, a lone UTF-16 surrogate in JSON, a time it cannot parse, an id that is not a UUID) would be
 * redelivered forever and hold up the events behind it: such an event is set aside instead.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const day = /^\d{4}-\d{2}-\d{2}$/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isUuid = (s: string) => uuid.test(s);
export const isInstant = (s: string) => instant.test(s) && !Number.isNaN(Date.parse(s)) && Date.parse(s) > 0 && Date.parse(s) < 32503680000000;
export const isBusinessDay = (s: string) => day.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
/** Text Postgres stores as is: no NUL, well-formed Unicode. */
export const isStorableText = (s: string) => !s.includes('\u0000') && !loneSurrogate.test(s);
/** Money and counts as numbers: whole and within 2^53 once converted. */
export const isSafeWhole = (n: bigint | number) => Number.isSafeInteger(Number(n));

/** Every string of a plain-data event (deep), so one check covers names, notes, options and references. */
export function allTextStorable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(allTextStorable);
  if (value && typeof value === 'object') return Object.values(value).every(allTextStorable);
  return true;
}
