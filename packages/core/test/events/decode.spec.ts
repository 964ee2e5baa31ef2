import * as E from 'fp-ts/Either';
import { decodeEvent, formatIssues, MAX_TERM_DAYS, type Upcaster } from '../../src/index';

const purchase = {
  type: 'LicensePurchased',
  id: 'e1',
  at: '2025-01-01T00:00:00Z',
  poolId: 'p',
  module: 'KES',
  quantity: 10,
};

const issuesOf = (raw: unknown) => {
  const result = decodeEvent(raw);
  if (E.isRight(result)) throw new Error('expected a decode error');
  return result.left;
};

describe('decodeEvent', () => {
  test('R-L2: a valid event decodes, its instant to epoch milliseconds once', () => {
    expect(decodeEvent(purchase)).toEqual(E.right({ ...purchase, at: Date.UTC(2025, 0, 1) }));
  });

  test('R-L2: a wrong field names its path, what was expected and what was found', () => {
    expect(issuesOf({ ...purchase, quantity: 0 })).toEqual([
      { path: 'quantity', expected: 'an integer from 1 to 1000000000', actual: '0' },
    ]);
  });

  test('R-L2: a nested field is named by its full path', () => {
    const key = { keyId: 'K', type: 'server', edition: 'gold', subscription: false, termDays: 365 };
    const issues = issuesOf({ type: 'KeyActivated', id: 'k1', at: '2025-01-01T00:00:00Z', svmId: 's', key });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'key.edition', expected: 'one of "standard", "enterprise"' }),
    ]);
  });

  test('R-L2: every issue of a line is listed, missing fields included', () => {
    const { quantity: _q, ...missing } = purchase;
    const issues = issuesOf({ ...missing, at: 'yesterday' });
    expect(issues.map((i) => i.path).sort()).toEqual(['at', 'quantity']);
    expect(formatIssues(issues)).toContain('quantity: expected a value (the field is missing), got nothing');
  });

  test('R-L2: unknown fields are a decode error (a typo must not be silently ignored)', () => {
    expect(issuesOf({ ...purchase, quantitty: 3 })).toEqual([
      expect.objectContaining({ path: 'quantitty', expected: 'no such field' }),
    ]);
  });

  test('R-L2: an unknown event type or a line that is not an object is an error', () => {
    expect(issuesOf({ ...purchase, type: 'LicenseStolen' })[0]).toMatchObject({
      path: 'type',
      expected: 'a known event type',
    });
    expect(issuesOf({ ...purchase, type: 'constructor' })[0]).toMatchObject({ path: 'type' });
    expect(issuesOf([purchase])[0]).toMatchObject({ path: '' });
    expect(issuesOf(null)[0]).toMatchObject({ path: '' });
  });

  test('R-L2: __proto__ and constructor keys are refused and pollute nothing', () => {
    const raw = JSON.parse(
      '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    ) as unknown;
    expect(
      issuesOf(raw)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('R-L2: a pool or machine id of __proto__ is just an id', () => {
    const raw = { ...purchase, poolId: '__proto__' };
    expect(decodeEvent(raw)).toEqual(E.right({ ...raw, at: Date.UTC(2025, 0, 1) }));
  });

  test('R-T1: instants must be ISO-8601 UTC with Z', () => {
    for (const at of ['2025-01-01T00:00:00+01:00', '2025-01-01 00:00:00Z', '2025-02-29T00:00:00Z', '2025-01-01']) {
      expect(issuesOf({ ...purchase, at })[0]).toMatchObject({ path: 'at' });
    }
  });

  test('R-I3: installedAt after at is a decode error', () => {
    const raw = {
      type: 'KesInstalled',
      id: 'e1',
      at: '2025-01-01T00:00:00Z',
      poolId: 'p',
      machineId: 'm',
      groupId: 'g',
      installedAt: '2025-01-02T00:00:00Z',
    };
    expect(issuesOf(raw)[0]).toMatchObject({ path: 'installedAt' });
  });

  test('R-K5: a renewal carries a key exactly when it succeeded', () => {
    const raw = {
      type: 'ActivationCodeRenewal',
      id: 'e1',
      at: '2025-01-01T00:00:00Z',
      svmId: 's',
      keyType: 'server',
      succeeded: true,
    };
    expect(issuesOf(raw)[0]).toMatchObject({ path: 'key' });
  });

  test('R-L2: a version other than 1 without an upcaster is not a known event', () => {
    expect(issuesOf({ ...purchase, v: 2 })[0]).toMatchObject({ path: 'v' });
    expect(E.isRight(decodeEvent({ ...purchase, v: 1 }))).toBe(true);
  });

  test('an upcaster turns a version 2 event into the current shape without touching reducers', () => {
    const v2: Upcaster = ({ qty, v: _v, ...rest }) => E.right({ ...rest, quantity: qty });
    const { quantity, ...rest } = purchase;
    const decoded = decodeEvent({ ...rest, qty: quantity, v: 2 }, { upcasters: new Map([[2, v2]]) });
    expect(decoded).toEqual(decodeEvent(purchase));
  });

  test('R-L2 (F1): a value nested 100 000 deep, from code, is described without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issuesOf({ ...purchase, quantity: deep })).toEqual([
      { path: 'quantity', expected: 'an integer from 1 to 1000000000', actual: 'an array nested too deeply to print' },
    ]);
  });

  test('R-L2: 1e400 is described as the number it parses to (Infinity), not "null"', () => {
    expect(
      issuesOf(
        JSON.parse(
          '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"p","module":"KES","quantity":1e400}',
        ),
      ),
    ).toEqual([
      { path: 'quantity', expected: 'an integer from 1 to 1000000000', actual: 'Infinity (a number out of range)' },
    ]);
  });

  test('R-L2: echoed input is cut short: a 50 MB unknown key name and a long value show 60 characters and their length', () => {
    const name = 'k'.repeat(50_000_000);
    const message = formatIssues(
      issuesOf({ ...purchase, [name]: 1, module: 'm'.repeat(1000), quantity: 'q'.repeat(1000) }),
    );
    expect(message).toBe(
      `${'k'.repeat(60)}… (50000000 characters): unknown field; quantity: expected an integer from 1 to 1000000000, got "${'q'.repeat(60)}"… (1000 characters)`,
    );
  });

  test('R-L2: a line with thousands of bad fields makes a short message: five issues, then how many more', () => {
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`x${i}`, i]));
    const message = formatIssues(issuesOf({ ...purchase, ...many }));
    expect(message.endsWith('; and 9995 more')).toBe(true);
    expect(message.length).toBeLessThan(200);
  });

  test(`R-L2 (F6): a term beyond ${MAX_TERM_DAYS} days (its end could not be printed) is a decode error, the largest one decodes`, () => {
    expect(E.isRight(decodeEvent({ ...purchase, termDays: MAX_TERM_DAYS }))).toBe(true);
    for (const termDays of [MAX_TERM_DAYS + 1, 99_980_000, Number.MAX_SAFE_INTEGER]) {
      expect(issuesOf({ ...purchase, termDays })).toEqual([
        { path: 'termDays', expected: `an integer from 1 to ${MAX_TERM_DAYS} (days)`, actual: String(termDays) },
      ]);
      const key = { keyId: 'K', type: 'server', edition: 'standard', subscription: false, termDays };
      expect(issuesOf({ type: 'KeyActivated', id: 'k1', at: '2025-01-01T00:00:00Z', svmId: 's', key })[0]?.path).toBe(
        'key.termDays',
      );
    }
  });
});
