import { advanceTo, historyToArray, listSvms, replay } from '@license-ledger/core';
import { getSvm } from '@license-ledger/core/internal';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { svmHistory } from '../../src/arbitraries/svm-history';
import { coverageSeed } from '../support/settings';

describe('svmHistory', () => {
  test(`R-K4/R-K5: the ledger applies every key event, and a renewal only comes when a slot awaits one`, () => {
    fc.assert(
      fc.property(svmHistory(), (events) => {
        expect(replay({ mode: 'strict' })(events).problems).toEqual([]);
        events.forEach((event, i) => {
          if (event.type !== 'ActivationCodeRenewal') return;
          const before = advanceTo(event.at)(replay()(events.slice(0, i)).state);
          const slot = E.isRight(before)
            ? getSvm(before.right, event.svmId)?.slots.find((s) => s.type === event.keyType)
            : undefined;
          expect(slot?.renewal).toBe('awaiting');
        });
      }),
    );
  });

  test(`R-K4/R-K5: reaches every key event and target kind, reserve takeovers, task errors of every kind and renewals both ways (seed ${coverageSeed})`, () => {
    const sample = fc.sample(svmHistory(), { seed: coverageSeed, numRuns: 300 });
    const seen = new Set<string>();
    for (const events of sample) {
      for (const event of events) {
        seen.add(event.type === 'ActivationCodeRenewal' ? `renewal ${event.succeeded}` : event.type);
        if (event.type === 'ReserveKeyAdded') seen.add(`target ${Object.keys(event.target).join()}`);
      }
      const later = advanceTo(((events[events.length - 1]?.at ?? 0) + 10 * 365 * 86_400_000) as never)(
        replay()(events).state,
      );
      for (const svm of E.isRight(later) ? listSvms(later.right) : []) {
        for (const error of historyToArray(svm.taskErrors)) seen.add(`task error ${error.reason}`);
        for (const change of historyToArray(svm.history)) if (change.what.includes('took over')) seen.add('takeover');
      }
    }
    expect([...seen].sort()).toEqual([
      'KeyActivated',
      'ReserveKeyAdded',
      'SvmRegistered',
      'renewal false',
      'renewal true',
      'takeover',
      'target all',
      'target clusterId',
      'target svmId',
      'task error edition-mismatch',
      'task error no-active-key',
      'task error subscription',
      'task error trial',
      'task error type-mismatch',
    ]);
  });
});
