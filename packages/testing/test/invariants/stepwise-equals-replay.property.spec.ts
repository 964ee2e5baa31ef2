import fc from 'fast-check';
import { stepwiseEqualsReplay, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { fcParameters, seed } from '../support/settings';

describe('stepwiseEqualsReplay', () => {
  test(`R-L6: applyEvent one event at a time ends where one replay does, for every history the ledger accepts (seed ${seed})`, () => {
    // Every history the ledger accepts, known core findings included: both paths must agree on them too.
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) => expectNone(stepwiseEqualsReplay(events))),
      fcParameters(150),
    );
  });
});
