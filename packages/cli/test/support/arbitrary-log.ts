import type { LedgerEvent } from '@license-ledger/core';
import { expectedOutcomes, type ModelOutcome } from '@license-ledger/testing';
import fc from 'fast-check';

const START = Date.parse('2025-01-01T00:00:00Z');
const HOUR = 3_600_000;

const pools = [
  { poolId: 'k1', module: 'KES' },
  { poolId: 'k2', module: 'KES' },
  { poolId: 's1', module: 'BUDR' },
  { poolId: 's2', module: 'KAV' },
] as const;
const machineId = fc.constantFrom('m1', 'm2', 'm3', 'm4');
const groupId = fc.constantFrom('g1', 'g2');
const pool = fc.constantFrom(...pools);
const count = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });
const key = fc.record({
  keyId: fc.constantFrom('K1', 'K2', 'K3', 'K4'),
  type: fc.constantFrom('server', 'desktop', 'cores'),
  edition: fc.constantFrom('standard', 'enterprise'),
  subscription: fc.boolean(),
  trial: fc.boolean(),
  termDays: fc.integer({ min: 1, max: 120 }),
});

/** The body of one event, without id and at; some are meant to be rejected. */
const body: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({
      p: pool,
      quantity: fc.integer({ min: 1, max: 4 }),
      termDays: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    })
    .map(({ p, quantity, termDays }) => ({
      type: 'LicensePurchased',
      poolId: p.poolId,
      module: p.module,
      quantity,
      ...(termDays === undefined ? {} : { termDays }),
    })),
  fc
    .record({ p: pool, machineId, groupId })
    .map(({ p, ...rest }) => ({ type: 'InstallRequested', poolId: p.poolId, ...rest })),
  fc.record({ p: pool, machineId, groupId }).map(({ p, ...rest }) => ({
    type: p.module === 'KES' ? 'KesInstalled' : 'ModuleInstalled',
    poolId: p.poolId,
    ...rest,
  })),
  fc.record({ p: pool, machineId }).map(({ p, ...rest }) => ({ type: 'InstallFailed', poolId: p.poolId, ...rest })),
  fc.record({ p: pool, machineId }).map(({ p, ...rest }) => ({ type: 'Uninstalled', poolId: p.poolId, ...rest })),
  fc.record({ machineId }).map((rest) => ({ type: 'AgentDeleted', ...rest })),
  fc.record({ machineId }).map((rest) => ({ type: 'AvUninstalledByUser', ...rest })),
  fc.constantFrom({ type: 'RecoveryRun' }, { type: 'CleanDatabaseRun' }),
  fc.record({ machineId, n: count }).map(({ machineId: m, n }) => ({
    type: 'Extended',
    poolId: 'k1',
    machineId: m,
    ...(n === undefined ? {} : { count: n }),
  })),
  fc.record({ machineId, n: count }).map(({ machineId: m, n }) => ({
    type: 'Returned',
    poolId: 'k1',
    machineId: m,
    ...(n === undefined ? {} : { count: n }),
  })),
  fc.record({ machineId, enabled: fc.boolean() }).map((rest) => ({ type: 'AutoExtendSet', poolId: 'k1', ...rest })),
  fc.record({ machineId }).map((rest) => ({ type: 'LicenseMarkedOther', poolId: 'k1', reason: 'test', ...rest })),
  fc
    .record({ n: fc.integer({ min: 1, max: 5 }), resolution: fc.constantFrom('partial', 'unused', 'expired') })
    .map(({ n, resolution }) => ({
      type: 'OtherResolved',
      poolId: 'k1',
      licenseId: `k1#${n}`,
      resolution,
    })),
  fc
    .record({ svmId: fc.constantFrom('v1', 'v2'), clusterId: fc.constantFrom('c1', 'c2') })
    .map((rest) => ({ type: 'SvmRegistered', ...rest })),
  fc
    .record({ svmId: fc.constantFrom('v1', 'v2'), key, viaActivationCode: fc.boolean() })
    .map((rest) => ({ type: 'KeyActivated', ...rest })),
  fc
    .record({ target: fc.constantFrom<object>({ svmId: 'v1' }, { clusterId: 'c1' }, { all: true }), key })
    .map((rest) => ({ type: 'ReserveKeyAdded', ...rest })),
);

/** A line: an event 0..30 days after the previous one, now and then a broken line or a repeat. */
const step = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ kind: fc.constant('event' as const), hours: fc.integer({ min: 0, max: 720 }), body }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      text: fc.constantFrom('{"type":', 'not json', '{"type":"RecoveryRun","id":"","at":"x"}', '[]'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const) }) },
);

/** What replay must make of one line: an event's outcome by the rules (the model's verdict), a decode error, or a blank line. */
export type LineOutcome = ModelOutcome | 'decode' | 'blank';

/** A generated log with every line labelled by what replay must make of it. */
export interface LabelledLog {
  readonly text: string;
  readonly expected: readonly LineOutcome[];
}

/**
 * An NDJSON audit log of up to `maxLines` lines, in time order, over a few
 * pools, machines and SVMs, with broken lines and repeated events among them;
 * every line is labelled: a broken line is a decode error (R-L2), a repeat of an
 * applied event is skipped (R-L5), and every event is applied or rejected as
 * `expectedOutcomes` (the testing package's own model of the rules, not core) says.
 */
export const labelledLog = (maxLines = 40): fc.Arbitrary<LabelledLog> =>
  fc.array(step, { maxLength: maxLines }).map((steps) => {
    let at = START;
    const lines: string[] = [];
    const kinds: ('event' | 'decode' | 'blank')[] = [];
    const events: LedgerEvent[] = [];
    steps.forEach((s, i) => {
      if (s.kind === 'garbage') {
        lines.push(s.text);
        kinds.push('decode');
      } else if (s.kind === 'repeat') {
        const last = lines.length - 1;
        lines.push(lines[last] ?? '');
        kinds.push(kinds[last] ?? 'blank');
        if (kinds[last] === 'event') events.push(events[events.length - 1] as LedgerEvent);
      } else {
        at += s.hours * HOUR;
        const stamp = { type: s.body['type'], id: `e${i + 1}` };
        lines.push(JSON.stringify({ ...stamp, at: new Date(at).toISOString(), ...s.body }));
        const event = { ...stamp, at, ...s.body };
        kinds.push('event');
        events.push(event as unknown as LedgerEvent);
      }
    });
    const outcomes = [...expectedOutcomes(events)];
    const expected = kinds.map((kind) => (kind === 'event' ? (outcomes.shift() as ModelOutcome) : kind));
    return { text: lines.join('\n') + (lines.length > 0 ? '\n' : ''), expected };
  });

/** {@link labelledLog} without the labels. */
export const arbitraryLog = (maxLines = 40): fc.Arbitrary<string> => labelledLog(maxLines).map((log) => log.text);
