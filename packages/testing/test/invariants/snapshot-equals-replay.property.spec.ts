import fc from 'fast-check';
import { queryInstant, snapshotEqualsReplay, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';

describe('snapshotEqualsReplay', () => {
  test(`R-L6/R-T4: a snapshot at any instant, resumed (run to that instant or not), ends where one full replay does`, () => {
    const historyAndInstant = validHistory({ keys: true }).chain((events) =>
      fc.tuple(fc.constant(events), queryInstant(events)),
    );
    fc.assert(fc.property(historyAndInstant, ([events, at]) => expectNone(snapshotEqualsReplay(at)(events))));
  });
});
