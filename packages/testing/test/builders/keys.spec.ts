import { LicenseKey } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { licenseKey } from '../../src/builders/keys';

describe('licenseKey', () => {
  test('R-K1: a standard server key of 365 days that decodes as a key, with any field varied', () => {
    expect(E.isRight(LicenseKey.decode(licenseKey('K-A')))).toBe(true);
    expect(licenseKey('K-B', { type: 'cores', termDays: 30 })).toEqual({
      keyId: 'K-B',
      type: 'cores',
      edition: 'standard',
      subscription: false,
      termDays: 30,
    });
  });
});
