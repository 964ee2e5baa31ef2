import * as E from 'fp-ts/Either';
import {
  ActivationCodeRenewal,
  decodeEvent,
  formatIssues,
  KeyType,
  LicenseKey,
  ReserveKeyAdded,
  SvmRegistered,
  type DecodeIssue,
} from '../../src/index';

const AT = '2025-01-01T00:00:00Z';
const AT_MS = Date.UTC(2025, 0, 1);
const wireKey = { keyId: 'K-A', type: 'server', edition: 'standard', subscription: false, termDays: 365 };

const issuesOf = (raw: unknown): readonly DecodeIssue[] => {
  const result = decodeEvent(raw);
  if (E.isRight(result)) throw new Error(`expected a decode error for ${JSON.stringify(raw)}`);
  return result.left;
};

const reserveLine = (target: unknown) => ({ type: 'ReserveKeyAdded', id: 'k1', at: AT, target, key: wireKey });

describe('KeyType', () => {
  test('R-K1: server, desktop and cores are the key types; anything else is refused', () => {
    for (const type of ['server', 'desktop', 'cores']) expect(KeyType.decode(type)).toEqual(E.right(type));
    for (const type of ['laptop', 'Server', '', 3, null]) expect(E.isLeft(KeyType.decode(type))).toBe(true);
  });
});

describe('LicenseKey', () => {
  test('R-K1: a key decodes with its fields, expiresAt to epoch milliseconds', () => {
    const decoded = LicenseKey.decode({ ...wireKey, trial: true, expiresAt: '2025-06-30T12:00:00Z' });
    expect(decoded).toEqual(E.right({ ...wireKey, trial: true, expiresAt: Date.UTC(2025, 5, 30, 12) }));
  });

  test('R-K1: trial may be left out (default false, read as not a trial key) and is then absent, not invented', () => {
    const decoded = LicenseKey.decode(wireKey);
    expect(decoded).toEqual(E.right(wireKey));
    expect(E.isRight(decoded) && decoded.right.trial === true).toBe(false);
  });

  test('R-L2: a bad type, edition, termDays, trial or expiresAt names its path inside the event', () => {
    const bad = { ...wireKey, type: 'laptop', edition: 'gold', termDays: 0, trial: 'no', expiresAt: '2025-06-30' };
    const issues = issuesOf({ type: 'KeyActivated', id: 'a1', at: AT, svmId: 'svm-1', key: bad });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'key.edition',
      'key.expiresAt',
      'key.termDays',
      'key.trial',
      'key.type',
    ]);
    expect(issues.find((i) => i.path === 'key.type')).toEqual({
      path: 'key.type',
      expected: 'one of "server", "desktop", "cores"',
      actual: '"laptop"',
    });
  });

  test('R-L2: every required key field is required', () => {
    const issues = issuesOf({ type: 'KeyActivated', id: 'a1', at: AT, svmId: 'svm-1', key: {} });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'key.edition',
      'key.keyId',
      'key.subscription',
      'key.termDays',
      'key.type',
    ]);
  });

  test('R-L2: an unknown field in a key is refused at its path', () => {
    expect(issuesOf({ type: 'KeyActivated', id: 'a1', at: AT, svmId: 'svm-1', key: { ...wireKey, seats: 5 } })).toEqual(
      [{ path: 'key.seats', expected: 'no such field', actual: '5' }],
    );
  });
});

describe('SvmRegistered', () => {
  test('R-K2: an SVM registers in a cluster; both ids are required and non-empty', () => {
    expect(decodeEvent({ type: 'SvmRegistered', id: 'r1', at: AT, svmId: 'svm-1', clusterId: 'c1' })).toEqual(
      E.right({ type: 'SvmRegistered', id: 'r1', at: AT_MS, svmId: 'svm-1', clusterId: 'c1' }),
    );
    expect(
      issuesOf({ type: 'SvmRegistered', id: 'r1', at: AT, svmId: '', cluster: 'c1' })
        .map((i) => i.path)
        .sort(),
    ).toEqual(['cluster', 'clusterId', 'svmId']);
    expect(SvmRegistered.name).toBe('SvmRegistered');
  });
});

describe('KeyActivated', () => {
  test('R-K3: viaActivationCode is optional and kept when given', () => {
    const line = { type: 'KeyActivated', id: 'a1', at: AT, svmId: 'svm-1', key: wireKey };
    expect(decodeEvent(line)).toEqual(E.right({ ...line, at: AT_MS }));
    expect(decodeEvent({ ...line, viaActivationCode: true })).toEqual(
      E.right({ ...line, at: AT_MS, viaActivationCode: true }),
    );
    expect(issuesOf({ ...line, viaActivationCode: 'yes' })).toEqual([
      { path: 'viaActivationCode', expected: 'true or false', actual: '"yes"' },
    ]);
  });
});

describe('ReserveKeyAdded', () => {
  test('R-K4: a target is one SVM, one cluster or all SVMs', () => {
    for (const target of [{ svmId: 'svm-1' }, { clusterId: 'c1' }, { all: true }]) {
      expect(decodeEvent(reserveLine(target))).toEqual(E.right({ ...reserveLine(target), at: AT_MS }));
      expect(ReserveKeyAdded.decode(reserveLine(target))._tag).toBe('Right');
    }
  });

  test('R-L2: a target naming two kinds, or none, is one clear issue at "target"', () => {
    for (const target of [{ svmId: 'svm-1', clusterId: 'c1' }, {}, { svm: 'svm-1' }]) {
      const issues = issuesOf(reserveLine(target));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: 'target', expected: 'exactly one of "svmId", "clusterId" or "all"' });
    }
  });

  test('R-L2: {"all": false}, an empty cluster id or an extra field is refused at its own path', () => {
    expect(issuesOf(reserveLine({ all: false }))).toEqual([{ path: 'target.all', expected: 'true', actual: 'false' }]);
    expect(issuesOf(reserveLine({ clusterId: '' }))).toEqual([
      { path: 'target.clusterId', expected: 'a non-empty string', actual: '""' },
    ]);
    expect(formatIssues(issuesOf(reserveLine({ svmId: 'svm-1', note: 'x' })))).toBe('target.note: unknown field');
  });

  test('R-L2: a target that is not an object is refused', () => {
    for (const target of ['svm-1', ['svm-1'], null, true]) {
      expect(issuesOf(reserveLine(target))).toEqual([
        expect.objectContaining({
          path: 'target',
          expected: 'an object: {"svmId": …}, {"clusterId": …} or {"all": true}',
        }),
      ]);
    }
  });
});

describe('ActivationCodeRenewal', () => {
  const success = {
    type: 'ActivationCodeRenewal',
    id: 'n1',
    at: AT,
    svmId: 'svm-1',
    keyType: 'server',
    succeeded: true,
    key: wireKey,
  };

  test('R-K5: a success carries the new key, a failure carries none', () => {
    expect(decodeEvent(success)).toEqual(E.right({ ...success, at: AT_MS }));
    const { key: _key, ...failure } = success;
    expect(decodeEvent({ ...failure, succeeded: false })).toEqual(E.right({ ...failure, succeeded: false, at: AT_MS }));
    expect(ActivationCodeRenewal.name).toBe('ActivationCodeRenewal');
  });

  test('R-K5, R-L2: a success without a key, or a failure with one, is a decode error at "key"', () => {
    const { key: _key, ...noKey } = success;
    expect(issuesOf(noKey)).toEqual([
      expect.objectContaining({ path: 'key', expected: 'the new key (renewal succeeded)' }),
    ]);
    expect(issuesOf({ ...success, succeeded: false })).toEqual([
      expect.objectContaining({ path: 'key', expected: 'no key (renewal failed)' }),
    ]);
  });

  test('R-L2: keyType must be a key type', () => {
    expect(issuesOf({ ...success, keyType: 'vm' })).toEqual([expect.objectContaining({ path: 'keyType' })]);
  });
});
