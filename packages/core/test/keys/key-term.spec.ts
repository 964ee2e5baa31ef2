import fc from 'fast-check';
import { DAY_MS, type Instant } from '../../src/index';
import { keyTermEnd, schemeOf } from '../../src/internal';
import { plusDays, slotOf } from './key-fixtures';
import { eventBuilder, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

describe('keyTermEnd', () => {
  test('R-K1: with no expiresAt the term ends termDays × 24 h after it starts (R-T2)', () => {
    expect(keyTermEnd(licenseKey('K-A', { termDays: 365 }), T0)).toBe(instantOf('2026-01-01T00:00:00Z'));
    expect(keyTermEnd(licenseKey('K-A', { termDays: 1 }), instantOf('2025-03-10T13:45:00Z'))).toBe(
      instantOf('2025-03-11T13:45:00Z'),
    );
  });

  test('R-K1: an expiresAt before start + termDays ends the term at expiresAt', () => {
    const expiresAt = instantOf('2025-06-30T12:00:00Z');
    expect(keyTermEnd(licenseKey('K-A', { termDays: 365, expiresAt }), T0)).toBe(expiresAt);
  });

  test('R-K1: an expiresAt after start + termDays does not lengthen the term', () => {
    const expiresAt = instantOf('2027-01-01T00:00:00Z');
    expect(keyTermEnd(licenseKey('K-A', { termDays: 365, expiresAt }), T0)).toBe(instantOf('2026-01-01T00:00:00Z'));
  });

  test('R-K1: an expiresAt exactly at start + termDays is the same end either way', () => {
    const expiresAt = instantOf('2026-01-01T00:00:00Z');
    expect(keyTermEnd(licenseKey('K-A', { termDays: 365, expiresAt }), T0)).toBe(expiresAt);
  });

  test('R-K1 (decision): a key that expired before it became active has a term of zero length, ending at its start', () => {
    expect(keyTermEnd(licenseKey('K-A', { expiresAt: instantOf('2024-12-01T00:00:00Z') }), T0)).toBe(T0);
  });

  test(`R-K1: end = max(start, min(start + termDays, expiresAt)) for any key`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 1, max: 3650 }),
        fc.option(fc.integer({ min: -5000 * DAY_MS, max: 5000 * DAY_MS }), { nil: undefined }),
        (startMs, termDays, expiryOffset) => {
          const start = startMs as Instant;
          const expiresAt = expiryOffset === undefined ? undefined : ((startMs + expiryOffset) as Instant);
          const spec =
            expiresAt === undefined ? licenseKey('K', { termDays }) : licenseKey('K', { termDays, expiresAt });
          const end = keyTermEnd(spec, start);
          const byTerm = startMs + termDays * 86_400_000;
          // Checked piecewise rather than with the same min/max expression the code uses.
          if (expiresAt === undefined || expiresAt >= byTerm) expect(end).toBe(byTerm);
          else if (expiresAt <= startMs) expect(end).toBe(startMs);
          else expect(end).toBe(expiresAt);
        },
      ),
    );
  });

  test('R-K1: an activated key carries its term: startAt is the activation instant, endsAt the term end', () => {
    const expiresAt = instantOf('2025-09-01T00:00:00Z');
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e(
        'KeyActivated',
        plusDays(T0, 10),
        { svmId: 'svm-1', key: licenseKey('K-A', { termDays: 365, expiresAt }) },
        'e2',
      ),
    ]);
    const active = slotOf(state, 'svm-1', 'server')?.active;
    expect(active?.startAt).toBe(plusDays(T0, 10));
    expect(active?.endsAt).toBe(expiresAt);
    expect(active?.viaActivationCode).toBe(false);
  });
});

describe('schemeOf', () => {
  test('R-K2: server and desktop keys are the per-VM scheme, cores keys the other one', () => {
    expect(schemeOf('server')).toBe('per-vm');
    expect(schemeOf('desktop')).toBe('per-vm');
    expect(schemeOf('cores')).toBe('cores');
  });
});
