import {
  compareIds,
  DAY_MS,
  listSvms,
  wholeDaysBetween,
  type Instant,
  type KeyTypeName,
  type LedgerState,
} from '@license-ledger/core';

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
 * the ledger cannot know that their renewal will succeed. A negative or NaN
 * `withinDays` lists nothing; an empty ledger has no clock and lists nothing.
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
 * assert.deepStrictEqual(atRisk(30)(state).map((row) => `${row.svmId} ${row.keyId} ${row.daysLeft}`), ['svm-1 K-A 22'])
 * assert.deepStrictEqual(atRisk(7)(state), [])
 */
export const atRisk =
  (withinDays: number) =>
  (state: LedgerState): readonly AtRisk[] => {
    const clock = state.clock;
    if (clock === null) return [];
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
    return rows.sort(byEndThenSvm);
  };
