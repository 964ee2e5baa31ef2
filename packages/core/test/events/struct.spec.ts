import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { KeyActivated, LedgerEventCodec, LicenseKey, LicensePurchased, ReserveKeyAdded } from '../../src/index';
import { struct } from '../../src/internal';

const AT = '2025-01-01T00:00:00Z';
const purchase = { type: 'LicensePurchased', id: 'e1', at: AT, poolId: 'p', module: 'KES', quantity: 10 };
const wireKey = { keyId: 'K-A', type: 'server', edition: 'standard', subscription: false, termDays: 365 };
const activation = { type: 'KeyActivated', id: 'k1', at: AT, svmId: 'svm-1', key: wireKey };
const reserve = { type: 'ReserveKeyAdded', id: 'k2', at: AT, target: { all: true }, key: wireKey };

/** io-ts's law for `is`, which guards the decoded type: whatever `decode` gives back passes `is`. */
const decodedPasses = (codec: t.Mixed, u: unknown): boolean => {
  const decoded = codec.decode(u);
  return E.isLeft(decoded) || codec.is(decoded.right);
};

/**
 * Values close to a valid record: a field dropped, a field (or a field of a nested
 * record) replaced by anything, or a field added, so that both answers are drawn,
 * not only the refusals `fc.anything()` almost always gives.
 */
const near = (valid: Readonly<Record<string, unknown>>): fc.Arbitrary<unknown> => {
  const keys = Object.keys(valid);
  const nested = keys.filter((k) => typeof valid[k] === 'object' && valid[k] !== null);
  return fc.oneof(
    fc.constant(valid),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))),
    fc.record({ k: fc.constantFrom(...keys), value: fc.anything() }).map(({ k, value }) => ({ ...valid, [k]: value })),
    fc
      .record({ k: fc.string({ maxLength: 12 }), value: fc.anything() })
      .map(({ k, value }) => ({ ...valid, [k]: value })),
    ...(nested.length === 0
      ? []
      : [
          fc
            .constantFrom(...nested)
            .chain((k) => near(valid[k] as Record<string, unknown>).map((inner) => ({ ...valid, [k]: inner }))),
        ]),
  );
};

describe('struct: is', () => {
  const Point = struct('Point', { x: t.number }, { label: t.string });

  test('R-L2: is accepts closed records of the decoded type: required fields there, optional ones right, nothing else', () => {
    expect(Point.is({ x: 1 })).toBe(true);
    expect(Point.is({ x: 1, label: 'a' })).toBe(true);
    expect(Point.is({})).toBe(false);
    expect(Point.is({ x: '1' })).toBe(false);
    expect(Point.is({ x: 1, label: 3 })).toBe(false);
    expect(Point.is({ x: 1, y: 2 })).toBe(false);
    expect(Point.is({ x: 1, label: undefined })).toBe(false);
    for (const u of [null, undefined, [], [1], 'x', 1, true]) expect(Point.is(u)).toBe(false);
  });

  test('R-L2: a __proto__ or constructor key is refused by is as by decode', () => {
    const withProto = JSON.parse('{"x":1,"__proto__":{"label":"a"}}') as unknown;
    for (const u of [withProto, { x: 1, constructor: 'x' }]) {
      expect(Point.is(u)).toBe(false);
      expect(E.isLeft(Point.decode(u))).toBe(true);
    }
  });

  test('R-L2: an empty object is no event: LicensePurchased.is({}) and LedgerEventCodec.is({}) are false', () => {
    expect(LicensePurchased.is({})).toBe(false);
    expect(LedgerEventCodec.is({})).toBe(false);
    expect(KeyActivated.is({ type: 'KeyActivated' })).toBe(false);
  });

  test('R-L2: what decode gives back for hand-picked events and keys passes is; their wire form does not', () => {
    const valid: [t.Mixed, unknown][] = [
      [LicensePurchased, purchase],
      [LicensePurchased, { ...purchase, termDays: 30, v: 1 }],
      [LicenseKey, wireKey],
      [LicenseKey, { ...wireKey, trial: true, expiresAt: '2025-06-30T12:00:00.5Z' }],
      [KeyActivated, activation],
      [KeyActivated, { ...activation, viaActivationCode: true }],
      [ReserveKeyAdded, reserve],
      [ReserveKeyAdded, { ...reserve, target: { svmId: 'svm-1' } }],
      [ReserveKeyAdded, { ...reserve, target: { clusterId: 'c1' } }],
      [LedgerEventCodec, purchase],
      [LedgerEventCodec, activation],
      [LedgerEventCodec, { type: 'RecoveryRun', id: 'e9', at: AT }],
    ];
    for (const [codec, u] of valid) {
      const decoded = codec.decode(u);
      if (E.isLeft(decoded)) throw new Error(`${codec.name} should decode ${JSON.stringify(u)}`);
      expect({ codec: codec.name, u, is: codec.is(decoded.right) }).toEqual({ codec: codec.name, u, is: true });
      // The wire form carries its instants as text: it is not yet of the decoded type.
      if ('at' in (u as object)) expect(codec.is(u)).toBe(false);
    }
  });

  test('R-K4: a reserve key target is one of svmId, clusterId or all: true, for is as for decode', () => {
    for (const target of [
      {},
      { svmId: '' },
      { svmId: 'svm-1', all: true },
      { all: false },
      { clusterId: 'c1', extra: 1 },
      [],
      null,
    ]) {
      const u = { ...reserve, target };
      expect({ target, is: ReserveKeyAdded.is(u) }).toEqual({ target, is: false });
      expect(E.isLeft(ReserveKeyAdded.decode(u))).toBe(true);
    }
  });

  test(`R-L2: whatever decode gives back passes is, for anything`, () => {
    for (const codec of [LicensePurchased, KeyActivated, ReserveKeyAdded, LedgerEventCodec]) {
      fc.assert(fc.property(fc.anything(), (u) => decodedPasses(codec, u)));
    }
  });

  test(`R-L2: whatever decode gives back passes is, for values one change away from a valid event`, () => {
    const cases: [t.Mixed, Record<string, unknown>][] = [
      [LicensePurchased, { ...purchase, termDays: 30 }],
      [KeyActivated, { ...activation, key: { ...wireKey, trial: false, expiresAt: AT } }],
      [ReserveKeyAdded, reserve],
      [LedgerEventCodec, purchase],
    ];
    for (const [codec, valid] of cases) {
      fc.assert(fc.property(near(valid), (u) => decodedPasses(codec, u)));
    }
  });
});
