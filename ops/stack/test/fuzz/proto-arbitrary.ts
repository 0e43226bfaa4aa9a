/**
 * fast-check events derived from the protobuf descriptors: every field of a message gets a value of its wire
 * type, strings and numbers biased to the hostile ones; plus raw bytes that are no message at all.
 */
import fc from 'fast-check';
import { create, toBinary } from '@kiosk/contracts';
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { hostileString } from './arbitraries.js';

const int32 = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const uint32 = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const int64 = fc.oneof(fc.bigInt({ min: -5n, max: 100n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const uint64 = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.uuid(), hostileString.filter((s) => s.length < 5_000));

function scalar(t: ScalarType): fc.Arbitrary<unknown> {
  switch (t) {
    case ScalarType.STRING: return text;
    case ScalarType.BOOL: return fc.boolean();
    case ScalarType.BYTES: return fc.uint8Array({ maxLength: 64 });
    case ScalarType.DOUBLE: case ScalarType.FLOAT: return fc.double();
    case ScalarType.INT64: case ScalarType.SINT64: case ScalarType.SFIXED64: return int64;
    case ScalarType.UINT64: case ScalarType.FIXED64: return uint64;
    case ScalarType.UINT32: case ScalarType.FIXED32: return uint32;
    default: return int32;
  }
}

function fieldValue(f: DescField, depth: number): fc.Arbitrary<unknown> {
  switch (f.fieldKind) {
    case 'scalar': return scalar(f.scalar);
    case 'enum': return fc.oneof(fc.constantFrom(...f.enum.values.map((v) => v.number)), fc.integer({ min: -3, max: 1000 }));
    case 'message': return messageInit(f.message, depth + 1);
    case 'list': {
      const item = f.listKind === 'scalar' ? scalar(f.scalar) : f.listKind === 'enum' ? fc.integer({ min: -1, max: 10 }) : messageInit(f.message, depth + 1);
      return fc.array(item, { maxLength: depth > 2 ? 0 : 4 });
    }
    case 'map': return fc.constant({});
  }
}

/** An init object for `create(desc, init)`: each plain field maybe set, one case of each oneof maybe chosen. */
function messageInit(desc: DescMessage, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 4) return fc.constant({});
  const plain = desc.fields.filter((f) => !f.oneof);
  const model: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(plain.map((f) => [f.localName, fieldValue(f, depth)]));
  for (const oneof of desc.oneofs) {
    model[oneof.localName] = fc.oneof(
      fc.constant({ case: undefined }),
      ...oneof.fields.map((f) => fieldValue(f, depth).map((value) => ({ case: f.localName, value }))),
    );
  }
  return fc.record(model, { requiredKeys: [] });
}

/** Encoded messages of `desc` with arbitrary (often nonsensical) field values. */
export function encodedMessage(desc: DescMessage): fc.Arbitrary<Uint8Array> {
  return messageInit(desc).map((init) => toBinary(desc, create(desc, init as never)));
}

/** A payload for a subject whose events are `desc`: a message of that type, of another type, or raw bytes. */
export function eventPayload(desc: DescMessage, others: DescMessage[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 4, arbitrary: encodedMessage(desc) },
    { weight: 1, arbitrary: fc.constantFrom(...others).chain(encodedMessage) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom(new Uint8Array(), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), new TextEncoder().encode('{"json":"not protobuf"}')) },
  );
}
