import { census, isUsed, popupCountOf } from '../../src/invariants/census';
import { kesState } from '../support/fixtures';
import { getLicense } from '@license-ledger/core/internal';

describe('census', () => {
  test('R-V1/R-V4: counts the hand-checked state license by license (kes#3 is a reserved partial: Pending and Used)', () => {
    expect(census(kesState(), 'kes')).toEqual({
      expired: 0,
      applied: 1,
      partial: 0,
      pendingInstalls: 1,
      extended: 1,
      other: 0,
      unused: 1,
      used: 2,
      pendingFromUnused: 0,
    });
  });
});

describe('popupCountOf', () => {
  test('R-D1: a license waiting for recovery is counted as Applied', () => {
    const license = getLicense(kesState(), 'kes#1');
    expect(license === undefined ? undefined : popupCountOf({ ...license, status: 'held' })).toBe('applied');
  });
});

describe('isUsed', () => {
  test('R-V2: Extended and never-used pending licenses are not Used; a reserved partial is', () => {
    const state = kesState();
    expect(
      ['kes#1', 'kes#2', 'kes#3', 'kes#4'].map((id) => {
        const l = getLicense(state, id);
        return l === undefined ? undefined : isUsed(l);
      }),
    ).toEqual([true, false, true, false]);
  });
});
