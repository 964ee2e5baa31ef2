import { causeOf, withRule } from '../../../src/ledger/handlers/handler';
import { instantOf } from '@license-ledger/testing';

describe('withRule', () => {
  const cause = causeOf({ id: 'e7', at: instantOf('2025-01-02T00:00:00Z') }, 'R-I3');

  test('a cause that has the rule already is given back as it is (no copy per event)', () => {
    expect(withRule(cause, 'R-I3')).toBe(cause);
  });

  test('under another rule: the same event and instant with that rule, the given cause unchanged', () => {
    expect(withRule(cause, 'R-I2')).toEqual({ at: cause.at, eventId: 'e7', rule: 'R-I2' });
    expect(cause.rule).toBe('R-I3');
  });
});
