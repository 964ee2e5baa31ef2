/**
 * A small audit log whose views are worked out by hand in the comments, against
 * the rules (docs/rules.md, cited by id). Used by several specs.
 */
const key = (keyId: string, termDays: number, extra: object = {}) => ({
  keyId,
  type: 'server',
  edition: 'standard',
  subscription: false,
  termDays,
  ...extra,
});

export const SCENARIO = [
  // line 1: 5 KES licenses, 365 days each (R-P1, R-T5): p-kes#1..#5 Unused.
  { type: 'LicensePurchased', id: 'e1', at: '2025-01-01T00:00:00Z', poolId: 'p-kes', module: 'KES', quantity: 5 },
  // line 2: ws-1 pending, #1 reserved from Unused (R-I1).
  {
    type: 'InstallRequested',
    id: 'e2',
    at: '2025-01-02T08:00:00Z',
    poolId: 'p-kes',
    machineId: 'ws-1',
    groupId: 'g.a',
  },
  // line 3: checked in; the term runs from installedAt (R-I3): #1 ends 2026-01-02T08:30:00Z.
  {
    type: 'KesInstalled',
    id: 'e3',
    at: '2025-01-02T09:00:00Z',
    poolId: 'p-kes',
    machineId: 'ws-1',
    groupId: 'g.a',
    installedAt: '2025-01-02T08:30:00Z',
  },
  // lines 4-5: ws-2 gets #2, applied from 2025-01-03T09:00:00Z.
  {
    type: 'InstallRequested',
    id: 'e4',
    at: '2025-01-03T08:00:00Z',
    poolId: 'p-kes',
    machineId: 'ws-2',
    groupId: 'g.b',
  },
  { type: 'KesInstalled', id: 'e5', at: '2025-01-03T09:00:00Z', poolId: 'p-kes', machineId: 'ws-2', groupId: 'g.b' },
  // line 6: uninstalled 65 days later: #2 Partial with 300 days (R-U1, R-T3).
  { type: 'Uninstalled', id: 'e6', at: '2025-03-09T09:00:00Z', poolId: 'p-kes', machineId: 'ws-2' },
  // line 7: ws-3's install takes the Partial #2 (R-I2): Pending, in Used, not in Partial (R-V4).
  {
    type: 'InstallRequested',
    id: 'e7',
    at: '2025-03-10T08:00:00Z',
    poolId: 'p-kes',
    machineId: 'ws-3',
    groupId: 'g.a',
  },
  // line 8: two extensions queued on ws-1: #3, #4 (R-X1).
  { type: 'Extended', id: 'e8', at: '2025-03-11T08:00:00Z', poolId: 'p-kes', machineId: 'ws-1', count: 2 },
  // line 9: not JSON (R-L2).
  '{"type":"Returned",',
  // line 10: returning 3 of 2 queued is rejected whole (R-X3).
  { type: 'Returned', id: 'e10', at: '2025-03-12T08:00:00Z', poolId: 'p-kes', machineId: 'ws-1', count: 3 },
  // lines 11-14: an SVM with a 30-day key (R-K1: ends 2025-04-11T09:00:00Z), a reserve, and a refused trial reserve (R-K4).
  { type: 'SvmRegistered', id: 'e11', at: '2025-03-12T09:00:00Z', svmId: 'svm-1', clusterId: 'c1' },
  { type: 'KeyActivated', id: 'e12', at: '2025-03-12T09:00:00Z', svmId: 'svm-1', key: key('K-A', 30) },
  { type: 'ReserveKeyAdded', id: 'e13', at: '2025-03-12T10:00:00Z', target: { svmId: 'svm-1' }, key: key('K-B', 365) },
  {
    type: 'ReserveKeyAdded',
    id: 'e14',
    at: '2025-03-12T11:00:00Z',
    target: { all: true },
    key: key('K-T', 30, { trial: true }),
  },
] as const;

/** The clock after the scenario: its last event. */
export const SCENARIO_END = '2025-03-12T11:00:00Z';
