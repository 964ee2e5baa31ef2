import { fingerprintDifference } from '../../src/fingerprint/fingerprint-difference';

describe('fingerprintDifference', () => {
  test('is null for equal fingerprints', () => {
    expect(fingerprintDifference('{"a":1}', '{"a":1}')).toBeNull();
  });

  test('shows where two fingerprints first differ, with some context on each side', () => {
    expect(fingerprintDifference('{"a":1,"b":2}', '{"a":1,"b":3}', 3)).toBe('at 11: …b":2}… vs …b":3}…');
  });

  test('reports a fingerprint that is a prefix of the other', () => {
    expect(fingerprintDifference('abc', 'abcd', 2)).toBe('at 3: …bc… vs …bcd…');
  });
});
