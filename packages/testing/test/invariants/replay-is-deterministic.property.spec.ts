import fc from 'fast-check';
import { replayIsDeterministic, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('replayIsDeterministic', () => {
  test(`R-L6: the same events give the same state, whether replayed again, copied, or written as NDJSON and read back`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, keys: true }), (events) =>
        expectNone(replayIsDeterministic(events)),
      ),
    );
  });
});
