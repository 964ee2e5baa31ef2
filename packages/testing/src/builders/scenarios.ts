/**
 * Hand-written histories shared by the view packages' tests, with what they
 * should show worked out by hand from the rules (not from the code's output).
 */
import { day, type Step } from './events';

const installed = (machineId: string, groupId: string): Step => ({
  type: 'KesInstalled',
  at: day(0),
  poolId: 'p',
  machineId,
  groupId,
});
const requested = (when: number, machineId: string, groupId: string): Step => ({
  type: 'InstallRequested',
  at: day(when),
  poolId: 'p',
  machineId,
  groupId,
});

/**
 * One KES pool of 10 (365-day terms) where every popup count but Expired is
 * non-zero by day 50, and Expired too by day 400:
 *
 * - day 0: m1, m2, m3, m5, m6 check in: p#1..p#5 Applied (m1, m2, m6 in g1; m3, m5 in g2).
 * - day 10: m1 is extended by 2: p#6, p#7 Extended (R-X1).
 * - day 20: m2 uninstalled: p#2 Partial, 345 days (R-U1).
 * - day 30: m3's license marked Other: p#3 (R-O1).
 * - day 35: m5 uninstalled: p#4 Partial, 330 days.
 * - day 40: m4 (g2) requests an install: takes p#2, the earliest partial (R-I2), Pending.
 *
 * At day 50: Applied p#1 p#5; Partial p#4; Pending p#2; Extended p#6 p#7; Other p#3;
 * Unused p#8..p#10. Groups: g1 has m1 and m6; m4 is pending, not installed (R-V3).
 *
 * - day 60: m7 (g3) requests: takes p#4 (R-I2). day 61: m8 (g3) requests: no partial
 *   left, takes p#8 from Unused.
 * - day 365: p#1 ends, p#6 takes over on m1 (R-X2); p#5 ends on m6: Expired.
 *
 * At day 400: Applied p#6; Expired p#1 p#5; Partial none; Pending p#2 p#4 p#8;
 * Extended p#7; Other p#3; Unused p#9 p#10. Used (R-V2, R-V4) = p#1..p#6: the
 * reserved partials p#2 and p#4 stay Used, p#8 does not. Groups: g1 still has m1
 * and m6 (m6's license expired, it is still installed).
 *
 * @since 0.1.0
 * @example
 * import { day, ledgerAt, mixedPool } from '@license-ledger/testing'
 * ledgerAt(mixedPool, day(50))
 */
export const mixedPool: readonly Step[] = Object.freeze([
  { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 10 },
  installed('m1', 'g1'),
  installed('m2', 'g1'),
  installed('m3', 'g2'),
  installed('m5', 'g2'),
  installed('m6', 'g1'),
  { type: 'Extended', at: day(10), poolId: 'p', machineId: 'm1', count: 2 },
  { type: 'Uninstalled', at: day(20), poolId: 'p', machineId: 'm2' },
  { type: 'LicenseMarkedOther', at: day(30), poolId: 'p', machineId: 'm3', reason: 'orphaned' },
  { type: 'Uninstalled', at: day(35), poolId: 'p', machineId: 'm5' },
  requested(40, 'm4', 'g2'),
  requested(60, 'm7', 'g3'),
  requested(61, 'm8', 'g3'),
]);
