import * as E from 'fp-ts/Either';
import {
  compareIds,
  DAY_MS,
  listSvms,
  wholeDaysBetween,
  type Instant,
  type KeyTypeName,
  type LedgerState,
  type QueryError,
} from '@license-ledger/core';
import { invalidArgument } from '@license-ledger/core/internal';

/**
 * A slot whose running key ends soon with no reserve key to take over (R-K5):
 * when `endsAt` comes, it goes unlicensed or waits on online renewal.
 * `daysLeft` is whole days from the state's clock to `endsAt`, rounded down (R-T3).
 *
 * @since 0.1.0
 */
export interface AtRisk {
  readonly svmId: string;
  readonly clusterId: string;
  readonly type: KeyTypeName;
  readonly keyId: string;
  readonly endsAt: Instant;
  readonly daysLeft: number;
}

const byEndThenSvm = (a: AtRisk, b: AtRisk): number =>
  a.endsAt - b.endsAt || compareIds(a.svmId, b.svmId) || compareIds(a.type, b.type);

/**
 * The slots to add a reserve key to (seed 57658, "When your license approaches
 * expiration"): an active key whose term ends within `withinDays` × 24 h of the
 * state's clock (boundary included) and no reserve key. Sorted by `endsAt`, then
 * SVM id, then slot type. Activation-code and subscription keys are listed too:
 * the ledger cannot know that their renewal will succeed. `withinDays` is a whole
 * number of days ≥ 0: anything else (negative, fractional, NaN, infinite) is the
 * typed `invalid-argument` Left. An empty ledger has no clock and lists nothing.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { atRisk } from '@license-ledger/key-status'
 * const log = [
 *   '{"type":"SvmRegistered","id":"k1","at":"2025-01-01T00:00:00Z","svmId":"svm-1","clusterId":"c-1"}',
 *   '{"type":"KeyActivated","id":"k2","at":"2025-01-01T00:00:00Z","svmId":"svm-1","key":{"keyId":"K-A","type":"server","edition":"standard","subscription":false,"termDays":365},"viaActivationCode":false}',
 *   '{"type":"RecoveryRun","id":"e1","at":"2025-12-10T00:00:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * // K-A ends on 2026-01-01, 22 days after the clock, and svm-1 has no reserve key
 * const soon = atRisk(30)(state)
 * assert(soon._tag === 'Right')
 * assert.deepStrictEqual(soon.right.map((row) => `${row.svmId} ${row.keyId} ${row.daysLeft}`), ['svm-1 K-A 22'])
 * assert.deepStrictEqual(atRisk(7)(state), { _tag: 'Right', right: [] })
 * const bad = atRisk(-1)(state)
 * assert(bad._tag === 'Left' && bad.left.kind === 'invalid-argument')
 */
export const atRisk =
  (withinDays: number) =>
  (state: LedgerState): E.Either<QueryError, readonly AtRisk[]> => {
    if (!Number.isSafeInteger(withinDays) || withinDays < 0)
      return E.left(invalidArgument('withinDays', withinDays, 'a whole number of days ≥ 0'));
    const clock = state.clock;
    if (clock === null) return E.right([]);
    const horizon = clock + withinDays * DAY_MS;
    const rows: AtRisk[] = [];
    for (const svm of listSvms(state)) {
      for (const slot of svm.slots) {
        if (slot.active === null || slot.reserve !== null || !(slot.active.endsAt <= horizon)) continue;
        rows.push({
          svmId: svm.svmId,
          clusterId: svm.clusterId,
          type: slot.type,
          keyId: slot.active.key.keyId,
          endsAt: slot.active.endsAt,
          daysLeft: wholeDaysBetween(clock, slot.active.endsAt),
        });
      }
    }
    return E.right(rows.sort(byEndThenSvm));
  };
