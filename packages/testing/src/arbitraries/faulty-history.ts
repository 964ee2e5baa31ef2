import { formatInstant, instant, type LedgerEvent, type RuleId } from '@license-ledger/core';
import fc from 'fast-check';
import { HOUR_MS } from '../generation/gaps';
import { eventToLine } from '../wire/event-to-line';
import { validHistory, type ValidHistoryOptions } from './valid-history';

/**
 * The kinds of fault `faultyHistory` injects.
 *
 * @since 0.1.0
 */
export type FaultKind =
  | 'duplicate-same-body'
  | 'duplicate-other-body'
  | 'out-of-order'
  | 'unknown-machine'
  | 'unknown-pool'
  | 'bad-field'
  | 'truncated';

/**
 * What replay must make of a fault line: skip it as an exact repeat (R-L5),
 * report it as a decode error (R-L2) or as a rejection under a rule (R-L3).
 *
 * @since 0.1.0
 */
export type FaultOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'decode'; readonly rule: 'R-L2' }
  | { readonly kind: 'rejected'; readonly rule: RuleId };

/**
 * One injected line: where it is (1-based, as replay reports lines), what it is and what replay must make of it.
 *
 * @since 0.1.0
 */
export interface InjectedFault {
  /** 1-based, as replay reports it: the fault's text is `lines[line - 1]`. */
  readonly line: number;
  readonly fault: FaultKind;
  readonly expected: FaultOutcome;
}

/**
 * An audit log (one string per line, no newlines) made of a valid history with
 * faults injected between its lines, the faults, and the valid events alone.
 *
 * @since 0.1.0
 */
export interface FaultyHistory {
  readonly lines: readonly string[];
  readonly faults: readonly InjectedFault[];
  readonly valid: readonly LedgerEvent[];
}

/**
 * Options of `faultyHistory`: those of `validHistory` and how many faults to inject at most.
 *
 * @since 0.1.0
 */
export interface FaultyHistoryOptions extends ValidHistoryOptions {
  /** Faults injected, at least one (default 5). */
  readonly maxFaults?: number;
}

interface FaultDraft {
  readonly after: number;
  readonly fault: FaultKind;
  readonly variant: number;
  readonly pick: number;
}

const FAULT_KINDS: readonly FaultKind[] = [
  'duplicate-same-body',
  'duplicate-other-body',
  'out-of-order',
  'unknown-machine',
  'unknown-pool',
  'bad-field',
  'truncated',
];

const DECODE: FaultOutcome = { kind: 'decode', rule: 'R-L2' };

const line = (fields: Record<string, unknown>): string => JSON.stringify(fields);

/** A line that is not a valid event (R-L2): each variant breaks the wire format in another way. */
const badFieldLine = (id: string, at: string, variant: number): string => {
  const common = { id, at };
  switch (variant % 8) {
    case 0:
      return line({ type: 'LicensePurchased', ...common, poolId: 'kes-1', module: 'KES', quantity: 0 });
    case 1:
      return line({ type: 'RecoveryRun', ...common, colour: 'red' });
    case 2:
      return line({ type: 'RecoveryRun', id, at: '2025-02-30T00:00:00Z' });
    case 3:
      return line({ type: 'LicenseStolen', ...common });
    case 4:
      return line({ type: 'RecoveryRun', at });
    case 5:
      return '[{"type":"RecoveryRun"}]';
    case 6:
      return line({
        type: 'KesInstalled',
        ...common,
        poolId: 'kes-1',
        machineId: 'ws-1',
        groupId: 'g-1',
        installedAt: '2999-01-01T00:00:00Z',
      });
    default:
      return line({ type: 'RecoveryRun', ...common, v: 99 });
  }
};

/** The fault line and its expected outcome, given the valid events up to and including the one it follows. */
const faultLine = (
  draft: FaultDraft,
  seen: readonly LedgerEvent[],
  n: number,
): { text: string; expected: FaultOutcome } => {
  const last = seen[seen.length - 1] as LedgerEvent;
  const clock = last.at;
  const id = `fault-${n}`;
  const earlier = seen[draft.pick % seen.length] as LedgerEvent;
  // Every fault sits at the clock (or before it), so applying it could not move time on.
  const at = formatInstant(clock);
  switch (draft.fault) {
    case 'duplicate-same-body':
      // A re-sent event keeps its old instant: still a repeat, not out of order (R-L5 before R-T1).
      return { text: eventToLine(earlier), expected: { kind: 'skipped' } };
    case 'duplicate-other-body': {
      const type = earlier.type === 'RecoveryRun' && earlier.at === clock ? 'CleanDatabaseRun' : 'RecoveryRun';
      return { text: line({ type, id: earlier.id, at }), expected: { kind: 'rejected', rule: 'R-L5' } };
    }
    case 'out-of-order': {
      // A copy of an earlier event under a new id, stamped before the clock; installedAt
      // goes, as it would then be after `at` (a decode error, not the rejection wanted here).
      const copy: Record<string, unknown> = {
        ...earlier,
        id,
        at: instant(clock - (1 + (draft.variant % 48)) * HOUR_MS),
      };
      delete copy['installedAt'];
      return { text: eventToLine(copy as LedgerEvent), expected: { kind: 'rejected', rule: 'R-T1' } };
    }
    case 'unknown-machine': {
      const machineId = `ghost-${n}`;
      const purchase = seen.find((e) => e.type === 'LicensePurchased');
      const poolId = purchase?.type === 'LicensePurchased' ? purchase.poolId : undefined;
      const variant = poolId === undefined ? draft.variant % 2 : draft.variant % 5;
      const text = [
        line({ type: 'AgentDeleted', id, at, machineId }),
        line({ type: 'AvUninstalledByUser', id, at, machineId }),
        line({ type: 'Uninstalled', id, at, poolId, machineId }),
        line({ type: 'InstallFailed', id, at, poolId, machineId }),
        line({ type: 'LicenseMarkedOther', id, at, poolId, machineId, reason: 'lost' }),
      ][variant] as string;
      return { text, expected: { kind: 'rejected', rule: 'R-L3' } };
    }
    case 'unknown-pool': {
      const poolId = `ghost-pool-${n}`;
      const placed = { poolId, machineId: 'ws-1', groupId: 'g-1' };
      const text = [
        line({ type: 'InstallRequested', id, at, ...placed }),
        line({ type: 'KesInstalled', id, at, ...placed }),
        line({ type: 'Uninstalled', id, at, poolId, machineId: 'ws-1' }),
        line({ type: 'Extended', id, at, poolId, machineId: 'ws-1', count: 2 }),
      ][draft.variant % 4] as string;
      return { text, expected: { kind: 'rejected', rule: 'R-P1' } };
    }
    case 'bad-field':
      return { text: badFieldLine(id, at, draft.variant), expected: DECODE };
    case 'truncated': {
      const whole = eventToLine({ ...earlier, id });
      // Any proper prefix of a JSON object lacks its closing brace, so it is never JSON.
      return { text: whole.slice(0, 1 + (draft.variant % (whole.length - 1))), expected: DECODE };
    }
  }
};

const build = (valid: readonly LedgerEvent[], drafts: readonly FaultDraft[]): FaultyHistory => {
  const lines: string[] = [];
  const faults: InjectedFault[] = [];
  valid.forEach((event, i) => {
    lines.push(eventToLine(event));
    for (const draft of drafts.filter((d) => d.after % valid.length === i)) {
      const { text, expected } = faultLine(draft, valid.slice(0, i + 1), faults.length + 1);
      lines.push(text);
      faults.push({ line: lines.length, fault: draft.fault, expected });
    }
  });
  return { lines, faults, valid };
};

/**
 * A valid history written as NDJSON lines with faults injected: exact repeats
 * (skipped, R-L5), an id reused with another body (rejected, R-L5), events out of
 * time order (R-T1), unknown machines (R-L3) and pools (R-P1), bad fields and
 * truncated lines (decode errors, R-L2). Each fault comes with its line and
 * what replay must make of it; no fault can change the ledger or its clock,
 * so a lenient replay of the lines must end in the state of the valid events
 * alone and report exactly the faults (R-L4: nothing valid is lost).
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { faultyHistory } from '@license-ledger/testing'
 * fc.assert(fc.property(faultyHistory(), ({ lines, faults }) => {
 *   const result = replay()([...decodeLog(splitLines([lines.join('\n')]))].flat())
 *   return result.stats.read === lines.length && faults.length > 0
 * }))
 */
export const faultyHistory = (options: FaultyHistoryOptions = {}): fc.Arbitrary<FaultyHistory> =>
  validHistory(options)
    .filter((valid) => valid.length > 0)
    .chain((valid) =>
      fc
        .array(
          fc.record({
            after: fc.nat({ max: valid.length - 1 }),
            fault: fc.constantFrom(...FAULT_KINDS),
            variant: fc.nat({ max: 1_000 }),
            pick: fc.nat({ max: 1_000 }),
          }),
          { minLength: 1, maxLength: Math.max(1, options.maxFaults ?? 5) },
        )
        .map((drafts) => build(valid, drafts)),
    );
