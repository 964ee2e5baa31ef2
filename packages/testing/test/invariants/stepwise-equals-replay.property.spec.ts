import fc from 'fast-check';
import { stepwiseEqualsReplay, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';

describe('stepwiseEqualsReplay', () => {
  test(`R-L6: applyEvent one event at a time ends where one replay does, for every history the ledger accepts`, () => {
    // Every history the ledger accepts, known core findings included: both paths must agree on them too.
    fc.assert(fc.property(validHistory({ keys: true }), (events) => expectNone(stepwiseEqualsReplay(events))));
  });
});
