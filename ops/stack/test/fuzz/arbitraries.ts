/**
 * fast-check inputs for the fuzz suite: values derived from the contracts' zod schemas (through their JSON
 * Schema, zod's public description of what a schema accepts), and hostile ones (wrong types, huge strings, NUL
 * and control characters, unicode, deep nesting, invalid JSON, wrong content types).
 */
import fc from 'fast-check';

/** A zod schema, seen only through its JSON Schema export (zod 4). */
export interface Describable { toJSONSchema(opts?: { io?: 'input' | 'output'; unrepresentable?: 'any' | 'throw' }): unknown }

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

/** Values the schema accepts (or nearly: a refinement JSON Schema cannot say is not honoured). */
export function fromSchema(schema: Describable): fc.Arbitrary<unknown> {
  return fromJsonSchema(schema.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

function fromJsonSchema(s: JsonSchema): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map(fromJsonSchema));
  if (s.allOf?.length) return fromJsonSchema(Object.assign({}, ...s.allOf) as JsonSchema);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': return objectOf(s);
    case 'array': return fc.array(fromJsonSchema(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 8) });
    case 'string': return stringOf(s);
    case 'integer': return fc.integer({ min: Math.max(s.minimum ?? -1e6, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1e6, Number.MAX_SAFE_INTEGER) });
    case 'number': return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(s: JsonSchema): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromJsonSchema(v)]));
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 64;
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= max);
  return fc.string({ minLength: min, maxLength: Math.min(max, 80), unit: 'grapheme' });
}

// ---------------------------------------------------------------- hostile values

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
/** Strings an attacker types: NUL and control characters, lone surrogates, RTL marks, emoji, very long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.oneof(controlChar, fc.constant('\u0000'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '🍔'.repeat(30), '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '%00', '${jndi:x}', 'Europe/Nowhere'),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);

/** Numbers a schema should refuse or bound: huge, negative, fractional, beyond safe integers. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, -1e9, 1e9),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, biased to the hostile ones, nested a little. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString, hostileNumber, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid value with one thing wrong: a field removed, replaced by something hostile, or an extra one. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.constantFrom('remove', 'replace', 'extra'), hostileValue).map(([v, pick, how, bad]) => mutate(v, pick, how, bad));
}

function mutate(value: unknown, pick: number, how: string, bad: unknown): unknown {
  if (value === null || typeof value !== 'object') return bad;
  const copy: Record<string, unknown> = Array.isArray(value) ? { ...value } : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (how === 'extra' || keys.length === 0) copy[`extra${pick % 7}`] = bad;
  else {
    const key = keys[pick % keys.length]!;
    if (how === 'remove') delete copy[key];
    else copy[key] = pick % 3 === 0 ? mutate(copy[key], Math.floor(pick / 3), 'replace', bad) : bad;
  }
  return Array.isArray(value) ? Object.values(copy) : copy;
}

/** An HTTP request body as sent on the wire: text and its content type (none for `undefined`). */
export interface RawBody { text: string | undefined; contentType: string | undefined }

const deepNesting = fc.integer({ min: 50, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const brokenJson = fc.oneof(
  fc.constantFrom('{', '{"a":', 'null', '[]', '""', 'true', '{"a":1,}', "{'a':1}", '\u0000', '{"__proto__":{"polluted":1}}', 'NaN', '1e999'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  deepNesting,
);
const contentTypes = fc.constantFrom(
  'application/json', 'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/xml', undefined,
);

/**
 * A body for an endpoint whose contract is `schema`: mostly valid or nearly valid JSON, else hostile JSON values,
 * invalid JSON, nothing, or the wrong content type.
 */
export function bodyFor(schema: Describable | undefined): fc.Arbitrary<RawBody> {
  const json = (v: fc.Arbitrary<unknown>) => v.map((x): RawBody => ({ text: JSON.stringify(x), contentType: 'application/json' }));
  const valid = schema ? fromSchema(schema) : fc.constant({});
  return fc.oneof(
    { weight: 4, arbitrary: json(valid) },
    { weight: 4, arbitrary: json(mutated(valid)) },
    { weight: 2, arbitrary: json(hostileValue) },
    { weight: 1, arbitrary: brokenJson.map((text): RawBody => ({ text, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(json(valid), contentTypes).map(([b, contentType]): RawBody => ({ text: b.text, contentType })) },
    { weight: 1, arbitrary: fc.constant<RawBody>({ text: undefined, contentType: undefined }) },
  );
}

/** A path segment where an id belongs: a real-looking one or anything at all (URL-encoded). */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom('0', '-1', '..', '%00', 'null', 'undefined', '00000000-0000-0000-0000-000000000000'),
  hostileString.filter((s) => s.length < 2_000).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))),
);
