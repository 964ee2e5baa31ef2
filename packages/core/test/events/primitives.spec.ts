import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import {
  Bool,
  InstantFromString,
  KeyType,
  MAX_POOL_LICENSES,
  MAX_QUANTITY,
  NonEmptyString,
  oneOf,
  PositiveInt,
  Quantity,
} from '../../src/index';

/** `is` and `decode` give the same answer on `u`. */
const agrees = (codec: t.Mixed, u: unknown): boolean => codec.is(u) === E.isRight(codec.decode(u));

/** Anything, plus the wire types the primitives read, valid or nearly so. */
const candidates: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(
    'server',
    'desktop',
    'cores',
    'Server',
    '',
    '2025-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2025-01-01T00:00:00+01:00',
  ),
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

describe('primitives: is', () => {
  test('R-L2: Bool.is accepts true and false only', () => {
    expect(Bool.is(true)).toBe(true);
    expect(Bool.is(false)).toBe(true);
    for (const u of ['yes', 'true', 1, 0, null, undefined, {}]) expect({ u, is: Bool.is(u) }).toEqual({ u, is: false });
  });

  test('R-L2: PositiveInt.is accepts safe integers ≥ 1 only', () => {
    for (const u of [1, 2, 365, Number.MAX_SAFE_INTEGER]) expect(PositiveInt.is(u)).toBe(true);
    for (const u of [0, -1, 1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '3', null])
      expect({ u, is: PositiveInt.is(u) }).toEqual({ u, is: false });
  });

  test('R-L2: NonEmptyString.is accepts non-empty strings only, not other things with a length', () => {
    expect(NonEmptyString.is('a')).toBe(true);
    for (const u of ['', ['a'], { length: 1 }, 1]) expect({ u, is: NonEmptyString.is(u) }).toEqual({ u, is: false });
  });

  test('R-K1: a oneOf (KeyType) is accepts its literals only', () => {
    for (const u of ['server', 'desktop', 'cores']) expect(KeyType.is(u)).toBe(true);
    for (const u of ['laptop', 'Server', '', ['server'], null])
      expect({ u, is: KeyType.is(u) }).toEqual({ u, is: false });
    expect(oneOf('Color', ['red']).is('red')).toBe(true);
  });

  test('R-T1: InstantFromString.is guards the decoded type, epoch milliseconds; what decode gives back passes it', () => {
    for (const u of ['2025-01-15T09:30:00Z', '2025-01-15T09:30:00.5Z', '2024-02-29T00:00:00Z']) {
      const decoded = InstantFromString.decode(u);
      if (E.isLeft(decoded)) throw new Error(`${u} should decode`);
      expect(InstantFromString.is(decoded.right)).toBe(true);
      expect({ u, is: InstantFromString.is(u) }).toEqual({ u, is: false });
    }
    for (const u of [1.5, NaN, '1736933400000', null])
      expect({ u, is: InstantFromString.is(u) }).toEqual({ u, is: false });
  });

  test(`R-L2: is(u) === isRight(decode(u)) for the codecs that decode a value to itself`, () => {
    for (const codec of [Bool, PositiveInt, NonEmptyString, KeyType]) {
      fc.assert(fc.property(fc.anything(), (u) => agrees(codec, u)));
      fc.assert(fc.property(candidates, (u) => agrees(codec, u)));
    }
  });

  test(`R-L2: whatever InstantFromString decodes passes its is`, () => {
    fc.assert(
      fc.property(candidates, (u) => {
        const decoded = InstantFromString.decode(u);
        return E.isLeft(decoded) || InstantFromString.is(decoded.right);
      }),
    );
  });
});

describe('Quantity', () => {
  test('R-P1, F3: a quantity from 1 to MAX_QUANTITY (a billion) decodes; beyond it is a decode error naming the bound', () => {
    expect(Quantity.decode(1)).toEqual(E.right(1));
    expect(Quantity.decode(MAX_QUANTITY)).toEqual(E.right(MAX_QUANTITY));
    for (const bad of [0, MAX_QUANTITY + 1, 2 ** 53 - 1, 1.5, '3']) {
      const decoded = Quantity.decode(bad);
      expect(E.isLeft(decoded) && decoded.left[0]?.message).toBe(`an integer from 1 to ${MAX_QUANTITY}`);
    }
  });

  test('R-P1, F3: the bounds keep every pool count an exact integer', () => {
    expect(MAX_POOL_LICENSES + MAX_QUANTITY).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
