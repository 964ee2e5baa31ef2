import { decodeLog, replay, splitLines } from '@license-ledger/core';
import fc from 'fast-check';
import { faultyHistory } from '../../src/arbitraries/faulty-history';
import { ledgerFingerprint } from '../../src/fingerprint/ledger-fingerprint';
import { coverageSeed } from '../support/settings';

describe('faultyHistory', () => {
  test(`R-L2/R-L3/R-L4/R-L5: lenient replay reports every injected fault on its line with its rule, and loses nothing else`, () => {
    fc.assert(
      fc.property(faultyHistory({ keys: true }), ({ lines, faults, valid }) => {
        const result = replay({ mode: 'lenient' })([...decodeLog(splitLines([lines.join('\n')]))].flat());
        const reported = result.problems.map((p) => ({ line: p.line, kind: p.kind, rule: p.rule }));
        const expected = faults
          .filter((f) => f.expected.kind !== 'skipped')
          .map((f) => ({ line: f.line, ...f.expected }));
        expect(reported).toEqual(expected);
        expect(result.stats).toEqual({
          read: lines.length,
          applied: valid.length,
          skippedDuplicates: faults.filter((f) => f.expected.kind === 'skipped').length,
          rejected: faults.filter((f) => f.expected.kind === 'rejected').length,
          decodeErrors: faults.filter((f) => f.expected.kind === 'decode').length,
        });
        expect(ledgerFingerprint(result.state)).toBe(ledgerFingerprint(replay({ mode: 'strict' })(valid).state));
      }),
    );
  });

  test(`R-L4: strict replay stops at the first fault that is a problem, on its line`, () => {
    fc.assert(
      fc.property(faultyHistory(), ({ lines, faults }) => {
        const result = replay({ mode: 'strict' })([...decodeLog(splitLines([lines.join('\n')]))].flat());
        const first = faults.find((f) => f.expected.kind !== 'skipped');
        expect(result.problems.map((p) => p.line)).toEqual(first === undefined ? [] : [first.line]);
      }),
    );
  });

  test(`injects every kind of fault (seed ${coverageSeed})`, () => {
    const kinds = new Set(
      fc.sample(faultyHistory(), { seed: coverageSeed, numRuns: 100 }).flatMap((h) => h.faults.map((f) => f.fault)),
    );
    expect([...kinds].sort()).toEqual([
      'bad-field',
      'duplicate-other-body',
      'duplicate-same-body',
      'out-of-order',
      'truncated',
      'unknown-machine',
      'unknown-pool',
    ]);
  });
});
