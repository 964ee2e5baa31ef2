import type { LedgerEvent } from '@license-ledger/core';
import fc from 'fast-check';
import { gapArbitrary, startArbitrary } from '../generation/gaps';
import { keyCommandArbitrary } from '../generation/key-commands';
import { licenseCommandArbitrary, poolSpecsArbitrary } from '../generation/license-commands';
import { type Command, materialize, type Setup, type TimedCommand } from '../generation/materialize';

/**
 * How big and how varied a generated history is. Every bound is a maximum;
 * fast-check shrinks towards fewer commands, pools and machines.
 *
 * @since 0.1.0
 * @example const options: ValidHistoryOptions = { maxCommands: 60, keys: true }
 */
export interface ValidHistoryOptions {
  /** Commands drawn before the model drops those the rules refuse (default 40). */
  readonly maxCommands?: number;
  /** Pools, the first always KES (default 3). */
  readonly maxPools?: number;
  /** Machine ids `ws-1`… (default 4). */
  readonly maxMachines?: number;
  /** Machine groups `g-1`… (default 2). */
  readonly maxGroups?: number;
  /** Mix Kaspersky key events (as `svmHistory` makes them) into the license events (default false). */
  readonly keys?: boolean;
  /** Let an install move a machine to another group (default true). */
  readonly groupMoves?: boolean;
}

/**
 * Histories the ledger accepts in full: purchases, install requests, failures
 * and check-ins, seat-module installs, uninstalls, extensions and returns,
 * auto-extend, antivirus removed by hand, deleted agents, RecoveryRun,
 * CleanDatabaseRun, licenses marked Other and resolved — in non-decreasing time
 * order with gaps from minutes to hundreds of days (so terms end, extensions
 * take over and auto-extend fires), unique ids, a few pools, machines and groups.
 *
 * Built from abstract commands that are turned into events one by one by the
 * package's own model of the rules (written from rules.md, no code shared with
 * core): the model resolves each command against its state and decides whether
 * the event applies; one it refuses is left out. Core is never asked, so every
 * event is valid by construction and a strict replay through core must apply
 * them all — a rejection means core and the model read a rule differently.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { replay } from '@license-ledger/core'
 * import { validHistory } from '@license-ledger/testing'
 * fc.assert(fc.property(validHistory(), (events) => replay({ mode: 'strict' })(events).problems.length === 0))
 */
export const validHistory = (options: ValidHistoryOptions = {}): fc.Arbitrary<readonly LedgerEvent[]> =>
  validHistoryPlan(options).map(({ setup, commands }) => materialize(setup, commands));

/** What {@link validHistory} draws before the model turns it into events: the setup and the timed commands. */
export const validHistoryPlan = (
  options: ValidHistoryOptions = {},
): fc.Arbitrary<{ readonly setup: Setup; readonly commands: readonly TimedCommand[] }> => {
  const command: fc.Arbitrary<Command> =
    options.keys === true
      ? fc.oneof({ weight: 3, arbitrary: licenseCommandArbitrary }, { weight: 1, arbitrary: keyCommandArbitrary })
      : licenseCommandArbitrary;
  return fc
    .record({
      start: startArbitrary,
      pools: poolSpecsArbitrary(options.maxPools ?? 3),
      machines: fc.integer({ min: 1, max: Math.max(1, options.maxMachines ?? 4) }),
      groups: fc.integer({ min: 1, max: Math.max(1, options.maxGroups ?? 2) }),
      svms: fc.integer({ min: 1, max: 3 }),
      clusters: fc.integer({ min: 1, max: 2 }),
      commands: fc.array(fc.record({ gap: gapArbitrary, command }), {
        maxLength: options.maxCommands ?? 40,
        size: 'max',
      }),
    })
    .map(({ commands, ...setup }) => ({ setup: { ...setup, groupMoves: options.groupMoves !== false }, commands }));
};
