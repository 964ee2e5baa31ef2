import fc from 'fast-check';
import { bodyHash } from '../../src/ledger/body-hash';


describe('bodyHash', () => {
  test('R-L5: the same body hashes alike whatever the order its keys arrived in', () => {
    const a = { type: 'Extended', id: 'e1', at: 1_735_689_600_000, poolId: 'p', machineId: 'm', count: 2 };
    const b = { type: 'Extended', id: 'e1', at: 1_735_689_600_000, poolId: 'p', machineId: 'm', count: 2 };
    expect(bodyHash(a)).toBe(bodyHash(b));
  });

  test(`R-L5: bodies that differ in one field, a nested field or a value's type hash differently`, () => {
    const base = { type: 'KeyActivated', id: 'e1', at: 1_735_689_600_000, svmId: 's', key: { keyId: 'K', termDays: 365, trial: false } };
    expect(bodyHash({ ...base, svmId: 't' })).not.toBe(bodyHash(base));
    expect(bodyHash({ ...base, at: base.at + 0x100000000 })).not.toBe(bodyHash(base));
    expect(bodyHash({ ...base, key: { ...base.key, trial: true } })).not.toBe(bodyHash(base));
    expect(bodyHash({ ...base, svmId: '1' })).not.toBe(bodyHash({ ...base, svmId: 1 }));
    // Moving a boundary between two strings must change the hash.
    expect(bodyHash({ a: 'xy', b: 'z' })).not.toBe(bodyHash({ a: 'x', b: 'yz' }));
    fc.assert(
      fc.property(fc.string(), fc.string(), (x, y) => {
        fc.pre(x !== y);
        expect(bodyHash({ ...base, machineId: x })).not.toBe(bodyHash({ ...base, machineId: y }));
      }),
    );
  });
});

describe('bodyHash (key order)', () => {
  test('R-L5: a hand-built event listing its keys in another order is the same body', () => {
    const a = { type: 'Returned', id: 'e9', at: 1_735_689_600_000, poolId: 'p', machineId: 'm' };
    const b = { machineId: 'm', poolId: 'p', at: 1_735_689_600_000, id: 'e9', type: 'Returned' };
    expect(bodyHash(a)).toBe(bodyHash(b));
  });

  test(`R-L5: any order of keys, at any depth, is the same body`, () => {
    const body = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.string())));
    const reversed = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(o)
          .reverse()
          .map(([k, v]) => [k, typeof v === 'object' && v !== null ? reversed(v as Record<string, unknown>) : v]),
      );
    fc.assert(
      fc.property(body, (o) => {
        expect(bodyHash(reversed(o))).toBe(bodyHash(o));
      }),
    );
  });

  test('R-L5: values swapped between two keys, or a pair moved into a nested object, make another body', () => {
    expect(bodyHash({ machineId: 'a', poolId: 'b' })).not.toBe(bodyHash({ machineId: 'b', poolId: 'a' }));
    expect(bodyHash({ a: 'x', key: { b: 'y' } })).not.toBe(bodyHash({ b: 'y', key: { a: 'x' } }));
  });
});
