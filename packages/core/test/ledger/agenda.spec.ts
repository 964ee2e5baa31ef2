import { DAY_MS, type Due, instant } from '../../src/index';
import { compareDue, END_BUCKET_MS, endBucket, endBucketKeys } from '../../src/ledger/agenda';

const licenseEnd = (at: number, poolId: string, machineId: string, licenseId: string): Due => ({
  at: instant(at),
  kind: 'license-end',
  poolId,
  machineId,
  licenseId,
});
const keyEnd = (at: number, slotType: 'server' | 'desktop' | 'cores', svmId: string, keyId: string): Due => ({
  at: instant(at),
  kind: 'key-end',
  slotType,
  svmId,
  keyId,
});

describe('compareDue', () => {
  test('R-T4: by instant, then license ends before key ends, then pool id, machine id, license id', () => {
    const dues = [
      keyEnd(5, 'desktop', 'svm-1', 'K1'),
      licenseEnd(5, 'b', 'ws-1', 'b#1'),
      keyEnd(5, 'cores', 'svm-2', 'K2'),
      licenseEnd(5, 'a', 'ws-2', 'a#2'),
      licenseEnd(5, 'a', 'ws-1', 'a#3'),
      licenseEnd(4, 'z', 'ws-9', 'z#1'),
    ];
    expect([...dues].sort(compareDue)).toEqual([
      licenseEnd(4, 'z', 'ws-9', 'z#1'),
      licenseEnd(5, 'a', 'ws-1', 'a#3'),
      licenseEnd(5, 'a', 'ws-2', 'a#2'),
      licenseEnd(5, 'b', 'ws-1', 'b#1'),
      keyEnd(5, 'cores', 'svm-2', 'K2'),
      keyEnd(5, 'desktop', 'svm-1', 'K1'),
    ]);
  });
});

describe('endBucket', () => {
  test("R-T2: one pool's ends of one week share a bucket; the next week or another pool does not", () => {
    expect(END_BUCKET_MS).toBe(7 * DAY_MS);
    expect(endBucket(instant(0), 'kes')).toBe(endBucket(instant(END_BUCKET_MS - 1), 'kes'));
    expect(endBucket(instant(END_BUCKET_MS), 'kes')).not.toBe(endBucket(instant(0), 'kes'));
    expect(endBucket(instant(0), 'kav')).not.toBe(endBucket(instant(0), 'kes'));
  });
});

describe('endBucketKeys', () => {
  test("R-T2: gives endBucket's key for every pool and week, asked once or again", () => {
    const keyOf = endBucketKeys();
    const at = [0, 1, END_BUCKET_MS - 1, END_BUCKET_MS, 5 * END_BUCKET_MS + 7, 0].map(instant);
    for (const poolId of ['kes', 'kes|eu', 'kav', 'kes'])
      for (const when of at) expect(keyOf(when, poolId)).toBe(endBucket(when, poolId));
    expect(keyOf(instant(1), 'kes')).toBe(keyOf(instant(END_BUCKET_MS - 1), 'kes'));
    expect(keyOf(instant(END_BUCKET_MS), 'kes')).not.toBe(keyOf(instant(0), 'kes'));
  });
});
