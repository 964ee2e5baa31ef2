import type { LedgerEvent } from '@license-ledger/core';
import fc from 'fast-check';
import { gapArbitrary, startArbitrary } from '../generation/gaps';
import { keyCommandArbitrary } from '../generation/key-commands';
import { materialize, type Setup, type TimedCommand } from '../generation/materialize';

/**
 * How big a generated key history is.
 *
 * @since 0.1.0
 * @example const options: SvmHistoryOptions = { maxSvms: 2 }
 */
export interface SvmHistoryOptions {
  /** Commands drawn before the model drops those the rules refuse (default 40). */
  readonly maxCommands?: number;
  /** SVM ids `svm-1`… (default 3). */
  readonly maxSvms?: number;
  /** KSC cluster ids `c-1`… (default 2). */
  readonly maxClusters?: number;
}

/**
 * Kaspersky key histories the ledger accepts in full: `SvmRegistered`,
 * `KeyActivated` (server, desktop and cores keys, so K3 scheme switches happen,
 * some by activation code), `ReserveKeyAdded` aimed at one SVM, a cluster or all
 * SVMs — mostly matching an active key, sometimes a subscription, trial or
 * mismatched key so K4 task errors happen — and `ActivationCodeRenewal` only
 * when a slot awaits one (K5). Key terms are short enough that keys end and
 * reserves take over within a history. Valid by construction: the package's
 * own model of the key rules, not core, decides which events apply.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { replay } from '@license-ledger/core'
 * import { svmHistory } from '@license-ledger/testing'
 * fc.assert(fc.property(svmHistory(), (events) => replay({ mode: 'strict' })(events).problems.length === 0))
 */
export const svmHistory = (options: SvmHistoryOptions = {}): fc.Arbitrary<readonly LedgerEvent[]> =>
  svmHistoryPlan(options).map(({ setup, commands }) => materialize(setup, commands));

/** What {@link svmHistory} draws before the model turns it into events: the setup and the timed key commands. */
export const svmHistoryPlan = (
  options: SvmHistoryOptions = {},
): fc.Arbitrary<{ readonly setup: Setup; readonly commands: readonly TimedCommand[] }> =>
  fc
    .record({
      start: startArbitrary,
      svms: fc.integer({ min: 1, max: Math.max(1, options.maxSvms ?? 3) }),
      clusters: fc.integer({ min: 1, max: Math.max(1, options.maxClusters ?? 2) }),
      commands: fc.array(fc.record({ gap: gapArbitrary, command: keyCommandArbitrary }), {
        maxLength: options.maxCommands ?? 40,
        size: 'max',
      }),
    })
    .map(({ commands, ...setup }) => ({
      setup: { ...setup, pools: [], machines: 1, groups: 1, groupMoves: false },
      commands,
    }));
