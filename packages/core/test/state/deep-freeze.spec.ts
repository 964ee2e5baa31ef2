import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import {
  applyEvent,
  createReplayer,
  instant,
  type Instant,
  type LedgerState,
  type PersistentMap,
  type Pool,
  type Purchase,
  replay,
} from '../../src/index';
import { getLicense, getPool, mapEntries } from '../../src/internal';
import { eventBuilder } from '@license-ledger/testing';

/**
 * Every object reachable from `root` by any own property (enumerable or not,
 * string or symbol key) that is not frozen. The persistent collections keep
 * their nodes and the id table its typed arrays in private class fields, which
 * no property reaches (so no caller can change them either); a map's entries are
 * walked through `mapEntries`, as a caller reaches them.
 */
let reached = 0;
const entriesIfMap = (value: object): (readonly [string, unknown])[] => {
  try {
    return [...mapEntries(value as PersistentMap<unknown>)];
  } catch {
    return []; // not a map: its private trie is not there to read
  }
};
const unfrozen = (root: unknown): string[] => {
  const seen = new Set<object>();
  const found: string[] = [];
  const stack: [unknown, string][] = [[root, 'state']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    if (!Object.isFrozen(value)) found.push(`${path} (${value.constructor?.name ?? 'Object'})`);
    // A persistent map's entries are reached through its public reads, as a caller reaches them.
    for (const [key, entry] of entriesIfMap(value)) stack.push([entry, `${path}[${key}]`]);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor !== undefined && 'value' in descriptor) stack.push([descriptor.value, `${path}.${String(key)}`]);
    }
  }
  reached = seen.size;
  return found;
};

const history = () => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 2, termDays: 100 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }),
    e('AutoExtendSet', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
    e('KesInstalled', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
    e('ModuleInstalled', '2025-01-04T00:00:00Z', { poolId: 'budr', machineId: 'b', groupId: 'hq' }),
    e('Uninstalled', '2025-02-04T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
    e('InstallRequested', '2025-02-05T00:00:00Z', { poolId: 'kes', machineId: 'c', groupId: 'branch' }),
    e('AgentDeleted', '2025-02-06T00:00:00Z', { machineId: 'b' }),
    e('SvmRegistered', '2025-02-06T00:00:00Z', { svmId: 's1', clusterId: 'k1' }),
    e('KeyActivated', '2025-02-07T00:00:00Z', {
      svmId: 's1',
      key: { keyId: 'K1', type: 'server', edition: 'standard', subscription: false, termDays: 30 },
    }),
    e('ReserveKeyAdded', '2025-02-08T00:00:00Z', {
      target: { svmId: 's1' },
      key: { keyId: 'K2', type: 'server', edition: 'standard', subscription: false, termDays: 30 },
    }),
    e('RecoveryRun', '2026-03-01T00:00:00Z', {}),
  ];
};

describe('LedgerState (F9: deeply frozen)', () => {
  test('F9: nothing reachable from a replayed state is unfrozen', () => {
    const { state, problems } = pipe(history(), replay());
    expect(problems).toEqual([]);
    expect(unfrozen(state)).toEqual([]);
    // Not vacuous: the walk reaches the records, their histories, arrays and counters.
    expect(reached).toBeGreaterThan(100);
  });

  test("F9: pushing to a pool's purchases or setting a counter throws, and the state is unchanged", () => {
    const { state } = pipe(history(), replay());
    const pool = getPool(state, 'kes') as Pool;
    expect(() =>
      (pool.purchases as Purchase[]).push({ ...(pool.purchases[0] as Purchase), first: 6, last: 10 }),
    ).toThrow(TypeError);
    expect(() => {
      (pool.counts as { applied: number }).applied = -7;
    }).toThrow(TypeError);
    expect(getLicense(state, 'kes#10')).toBeUndefined();
    expect(pool.counts.applied).toBeGreaterThanOrEqual(0);
  });

  test('F9: nothing reachable from a state applyEvent returns is unfrozen, nor from the state it was given', () => {
    const events = history();
    let state: LedgerState = pipe(events.slice(0, 5), replay()).state;
    for (const event of events.slice(5)) {
      const before = state;
      state = applyEvent(event)(state).state;
      expect(unfrozen(state)).toEqual([]);
      expect(unfrozen(before)).toEqual([]);
    }
  });

  test("F9: nothing reachable from a replayer's view is unfrozen when it is handed out: at its clock, after more pushes, moved forward", () => {
    const events = history();
    const replayer = createReplayer({ history: 'none' });
    const unfrozenInView = (asOf?: Instant): string[] => {
      const view = replayer.view(asOf);
      if (E.isLeft(view)) throw new Error(view.left.message);
      return unfrozen(view.right);
    };
    // Up to the uninstall: the pool's partials queue holds a rank no license record has been sealed with.
    events.slice(0, 8).forEach((event) => replayer.push(event));
    expect(unfrozenInView()).toEqual([]);
    // Not vacuous: the walk reaches both pools, their counters, purchases and queues, the rank in one.
    expect(reached).toBeGreaterThan(15);
    events.slice(8).forEach((event) => replayer.push(event));
    expect(unfrozenInView()).toEqual([]);
    expect(unfrozenInView(instant(Date.UTC(2030, 0, 1)))).toEqual([]);
  });
});
