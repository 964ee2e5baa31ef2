import fc from 'fast-check';
import { checkEveryStep, expiredStaysExpired, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('expiredStaysExpired', () => {
  test(`R-U1/R-O1: once Expired, a license's status never changes, by any event or time-driven change`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ step: [expiredStaysExpired] })(events)),
      ),
    );
  });
});
