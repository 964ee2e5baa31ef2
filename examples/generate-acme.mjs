#!/usr/bin/env node
// Writes examples/acme-msp.ndjson: two years (2024-01 .. 2025-12) of an MSP's
// audit log for two customers, Acme and Globex. Deterministic: no randomness and
// no clock, so running it again writes the same bytes (`node examples/generate-acme.mjs`).
// Scenario blocks are written independently, then merged in time order; the
// deliberate problems are placed afterwards at fixed spots (see examples/README.md).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const t = (iso) => Date.parse(iso);
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Events before ids and merge: [at (ms), order of writing, body without id/at]. */
const pending = [];
const emit = (at, type, fields = {}) => pending.push({ at, seq: pending.length, type, fields });

/** The n-th weekday (Mon..Fri) counted from `start` (n = 0 is `start` if it is one). */
const weekday = (start, n) => {
  let day = t(start);
  let left = n;
  for (;;) {
    const dow = new Date(day).getUTCDay();
    if (dow !== 0 && dow !== 6) {
      if (left === 0) return day;
      left -= 1;
    }
    day += DAY;
  }
};

const pad = (n) => String(n).padStart(2, '0');
const hq = (n) => `ws-hq-${pad(n)}`;
const br = (n) => `ws-br-${pad(n)}`;
const gx = (n) => `gx-${pad(n)}`;

/** A KES install as Kaseya logs it: the request, then the check-in, with the install 30 min after the request. */
const kesInstall = (at, poolId, machineId, groupId) => {
  emit(at, 'InstallRequested', { poolId, machineId, groupId });
  emit(at + 70 * MINUTE, 'KesInstalled', { poolId, machineId, groupId, installedAt: iso(at + 30 * MINUTE) });
};
const seat = (at, poolId, machineId, groupId) => emit(at, 'ModuleInstalled', { poolId, machineId, groupId });

// ws-hq-18's license (numbered by R-P3: ws-hq-07's failed install hands #7 to ws-hq-08,
// so ws-hq-09..20 hold #8..#19 and the retried ws-hq-07 #20). It is marked Other,
// resolved to Partial, reserved by ws-br-09's install, Other again (R-D3), then written off.
const OTHER_TWICE = 'acme-kes#17';

// ---------------------------------------------------------------- purchases
emit(t('2024-01-02T09:00:00Z'), 'LicensePurchased', { poolId: 'acme-kes', module: 'KES', quantity: 30 });
emit(t('2024-01-02T09:05:00Z'), 'LicensePurchased', { poolId: 'acme-budr', module: 'BUDR', quantity: 20 });
emit(t('2024-01-02T09:10:00Z'), 'LicensePurchased', { poolId: 'acme-kav', module: 'KAV', quantity: 30 });
emit(t('2024-01-03T09:00:00Z'), 'LicensePurchased', { poolId: 'globex-kes', module: 'KES', quantity: 6 });
emit(t('2024-01-03T09:05:00Z'), 'LicensePurchased', { poolId: 'globex-kam', module: 'KAM', quantity: 6 });
// The renewal stock for Acme, bought before the first terms end.
emit(t('2024-12-02T09:00:00Z'), 'LicensePurchased', { poolId: 'acme-kes', module: 'KES', quantity: 12 });
// Globex ran out (see the rejected install in 2025-02); a short-term top-up (R-T5: term per purchase).
emit(t('2025-03-03T09:00:00Z'), 'LicensePurchased', {
  poolId: 'globex-kes',
  module: 'KES',
  quantity: 4,
  termDays: 180,
});

// ---------------------------------------------------------------- Acme HQ rollout, January 2024
for (let n = 1; n <= 20; n++) {
  if (n === 7) continue; // ws-hq-07 fails first, below
  const day = weekday('2024-01-08T00:00:00Z', Math.floor((n - 1) / 2));
  const at = day + (n % 2 === 1 ? 8 : 13) * HOUR;
  kesInstall(at, 'acme-kes', hq(n), 'acme.hq');
}
// ws-hq-07: the install fails (R-I4), and is retried a week later.
emit(t('2024-01-10T15:00:00Z'), 'InstallRequested', { poolId: 'acme-kes', machineId: hq(7), groupId: 'acme.hq' });
emit(t('2024-01-10T18:00:00Z'), 'InstallFailed', { poolId: 'acme-kes', machineId: hq(7) });
kesInstall(t('2024-01-22T08:00:00Z'), 'acme-kes', hq(7), 'acme.hq');

// ---------------------------------------------------------------- Acme branch, February 2024
for (let n = 1; n <= 6; n++)
  kesInstall(weekday('2024-02-05T00:00:00Z', n - 1) + 9 * HOUR, 'acme-kes', br(n), 'acme.branch');

// ---------------------------------------------------------------- seat modules
for (let n = 1; n <= 12; n++)
  seat(weekday('2024-01-29T00:00:00Z', Math.floor((n - 1) / 4)) + (10 + (n % 4)) * HOUR, 'acme-budr', hq(n), 'acme.hq');
for (let n = 1; n <= 20; n++)
  seat(weekday('2024-02-19T00:00:00Z', Math.floor((n - 1) / 5)) + (9 + (n % 5)) * HOUR, 'acme-kav', hq(n), 'acme.hq');
for (let n = 1; n <= 6; n++) seat(weekday('2024-03-04T00:00:00Z', n - 1) + 14 * HOUR, 'acme-kav', br(n), 'acme.branch');

// ---------------------------------------------------------------- Globex office
for (let n = 1; n <= 5; n++)
  kesInstall(weekday('2024-02-12T00:00:00Z', n - 1) + 10 * HOUR, 'globex-kes', gx(n), 'globex.office');
for (let n = 1; n <= 5; n++)
  seat(weekday('2024-02-12T00:00:00Z', n - 1) + 12 * HOUR, 'globex-kam', gx(n), 'globex.office');
// gx-01 renews itself (R-X4); gx-06 takes the last Globex license in November.
emit(t('2024-06-17T10:00:00Z'), 'AutoExtendSet', { poolId: 'globex-kes', machineId: gx(1), enabled: true });
kesInstall(t('2024-11-04T10:00:00Z'), 'globex-kes', gx(6), 'globex.office');

// ---------------------------------------------------------------- Acme, 2024: churn
// R-U3: the user removed the antivirus by hand; the license keeps counting.
emit(t('2024-03-18T11:20:00Z'), 'AvUninstalledByUser', { machineId: br(2) });
// R-U1: uninstalled after some weeks: a Partial license with the days left...
emit(t('2024-04-10T16:00:00Z'), 'Uninstalled', { poolId: 'acme-kes', machineId: hq(20) });
// ...which the next install takes before any unused one (R-I2).
kesInstall(t('2024-05-06T09:00:00Z'), 'acme-kes', br(7), 'acme.branch');
seat(t('2024-05-06T11:00:00Z'), 'acme-kav', br(7), 'acme.branch');
// R-X1 / R-X3: two extensions queued on ws-hq-01, one returned.
emit(t('2024-06-03T10:00:00Z'), 'Extended', { poolId: 'acme-kes', machineId: hq(1), count: 2 });
emit(t('2024-06-10T10:00:00Z'), 'Returned', { poolId: 'acme-kes', machineId: hq(1) });
// Auto-extend for part of HQ (R-X4).
for (let n = 6; n <= 10; n++)
  emit(t('2024-06-17T09:00:00Z') + n * MINUTE, 'AutoExtendSet', {
    poolId: 'acme-kes',
    machineId: hq(n),
    enabled: true,
  });
// R-D1 / R-D2: ws-hq-19's agent is deleted without uninstalling; the next weekly RecoveryRun makes its KES license Partial.
emit(t('2024-07-02T14:00:00Z'), 'AgentDeleted', { machineId: hq(19) });
// R-D4: ws-br-06 is deleted and Clean Database is pressed the same day: its KES
// license becomes Partial, but its KAV seat is untouched (KKB000511).
emit(t('2024-08-06T10:00:00Z'), 'AgentDeleted', { machineId: br(6) });
emit(t('2024-08-06T10:30:00Z'), 'CleanDatabaseRun');
// ws-hq-12 was deleted with BUDR installed: Clean Database releases the BUDR seat too.
emit(t('2024-08-12T09:00:00Z'), 'AgentDeleted', { machineId: hq(12) });
emit(t('2024-08-12T09:15:00Z'), 'CleanDatabaseRun');
// R-O1 / R-O2: support marks ws-hq-18's license Other, then resolves it to Partial.
emit(t('2024-09-02T13:00:00Z'), 'LicenseMarkedOther', {
  poolId: 'acme-kes',
  machineId: hq(18),
  reason: 'duplicate agent after re-imaging',
});
// ws-br-08 joins the branch office and takes a Partial (R-I2).
kesInstall(t('2024-09-16T09:00:00Z'), 'acme-kes', br(8), 'acme.branch');
// R-D5: ws-hq-19 comes back under the same id as a new machine.
kesInstall(t('2024-10-07T09:00:00Z'), 'acme-kes', hq(19), 'acme.hq');
// Renewal: one extension each for ws-hq-01..05 (ws-hq-01 already has one queued).
for (let n = 2; n <= 5; n++)
  emit(t('2024-12-03T10:00:00Z') + n * MINUTE, 'Extended', { poolId: 'acme-kes', machineId: hq(n) });

// ---------------------------------------------------------------- 2025
// The first terms end in January 2025 (time-driven, R-T2): queued extensions take over (R-X2),
// auto-extend takes unused licenses (R-X4), the rest expire.
// An expired install is renewed by installing again (partials first, R-I2).
for (let n = 11; n <= 14; n++)
  kesInstall(weekday('2025-01-20T00:00:00Z', n - 11) + 9 * HOUR, 'acme-kes', hq(n), 'acme.hq');
emit(t('2025-01-29T10:00:00Z'), 'OtherResolved', { poolId: 'acme-kes', licenseId: OTHER_TWICE, resolution: 'partial' });
// An expired license stays Expired when uninstalled (R-U1).
emit(t('2025-02-10T10:00:00Z'), 'Uninstalled', { poolId: 'acme-kes', machineId: hq(15) });
// Globex: gx-01's term ends 2025-02-11 with auto-extend on and no unused license: auto-extend fails (R-X4 notice).
// gx-07 asks for a license while none is left (R-I5): rejected.
emit(t('2025-02-20T09:00:00Z'), 'InstallRequested', {
  poolId: 'globex-kes',
  machineId: gx(7),
  groupId: 'globex.office',
});
// After the 180-day top-up: gx-01 renewed by a new install, gx-07 installed.
kesInstall(t('2025-03-04T09:00:00Z'), 'globex-kes', gx(1), 'globex.office');
kesInstall(t('2025-03-05T09:00:00Z'), 'globex-kes', gx(7), 'globex.office');
// R-D1/R-D2/R-D4 for Globex: gx-03 (KES expired, KAM seat) and gx-07 (KES running) are deleted;
// the weekly RecoveryRun makes gx-07's KES Partial; Clean Database leaves gx-03's KAM seat alone.
emit(t('2025-06-03T08:00:00Z'), 'AgentDeleted', { machineId: gx(3) });
emit(t('2025-06-03T08:05:00Z'), 'AgentDeleted', { machineId: gx(7) });
emit(t('2025-06-10T08:00:00Z'), 'CleanDatabaseRun');
// R-D5: gx-07 reinstalled; it takes its own old license back as the only Partial.
kesInstall(t('2025-06-16T09:00:00Z'), 'globex-kes', gx(7), 'globex.office');
// R-D3: a pending install on an agent that is then deleted leaves its license Other...
emit(t('2025-08-04T09:00:00Z'), 'InstallRequested', {
  poolId: 'acme-kes',
  machineId: 'ws-br-09',
  groupId: 'acme.branch',
});
emit(t('2025-08-05T09:00:00Z'), 'AgentDeleted', { machineId: 'ws-br-09' });
// ...until support writes it off as Expired (R-O2).
emit(t('2025-09-01T09:00:00Z'), 'OtherResolved', { poolId: 'acme-kes', licenseId: OTHER_TWICE, resolution: 'expired' });
// Autumn: more extensions, a return of part of them, and auto-extend switched off.
emit(t('2025-10-06T10:00:00Z'), 'Extended', { poolId: 'acme-kes', machineId: hq(6), count: 2 });
emit(t('2025-10-13T10:00:00Z'), 'Returned', { poolId: 'acme-kes', machineId: hq(6) });
emit(t('2025-10-20T10:00:00Z'), 'AutoExtendSet', { poolId: 'acme-kes', machineId: hq(10), enabled: false });
// December: an install still pending at the end of the log, and an agent deleted after the
// last RecoveryRun, so its license is still waiting for recovery, counted as Applied (R-D1).
emit(t('2025-12-29T09:00:00Z'), 'InstallRequested', {
  poolId: 'acme-kes',
  machineId: 'ws-br-10',
  groupId: 'acme.branch',
});
emit(t('2025-12-30T15:00:00Z'), 'AgentDeleted', { machineId: hq(8) });

// ---------------------------------------------------------------- RecoveryRun, every Sunday 03:00
for (let at = t('2024-01-07T03:00:00Z'); at <= t('2025-12-28T03:00:00Z'); at += 7 * DAY) emit(at, 'RecoveryRun');

// ---------------------------------------------------------------- Kaspersky SVMs (KSC clusters)
const key = (keyId, type, termDays, extra = {}) => ({
  keyId,
  type,
  edition: 'standard',
  subscription: false,
  termDays,
  ...extra,
});
emit(t('2024-01-09T12:00:00Z'), 'SvmRegistered', { svmId: 'svm-a1', clusterId: 'ksc-acme' });
emit(t('2024-01-09T12:01:00Z'), 'SvmRegistered', { svmId: 'svm-a2', clusterId: 'ksc-acme' });
emit(t('2024-01-09T12:02:00Z'), 'SvmRegistered', { svmId: 'svm-g1', clusterId: 'ksc-globex' });
emit(t('2024-01-09T12:03:00Z'), 'SvmRegistered', { svmId: 'svm-g2', clusterId: 'ksc-globex' });
emit(t('2024-01-10T00:00:00Z'), 'KeyActivated', { svmId: 'svm-a1', key: key('K-A1-SRV', 'server', 365) });
emit(t('2024-01-10T00:00:00Z'), 'KeyActivated', { svmId: 'svm-a1', key: key('K-A1-DSK', 'desktop', 365) });
emit(t('2024-01-10T00:00:00Z'), 'KeyActivated', {
  svmId: 'svm-a2',
  key: key('K-A2-SRV', 'server', 365),
  viaActivationCode: true,
});
emit(t('2024-01-11T00:00:00Z'), 'KeyActivated', {
  svmId: 'svm-g1',
  key: key('K-G1-CORES', 'cores', 365),
  viaActivationCode: true,
});
emit(t('2024-03-01T00:00:00Z'), 'KeyActivated', { svmId: 'svm-g2', key: key('K-G2-DSK', 'desktop', 365) });
// Reserve keys (R-K4): refused ones become task errors on each targeted SVM.
emit(t('2024-04-02T10:00:00Z'), 'ReserveKeyAdded', {
  target: { all: true },
  key: key('K-TRIAL', 'server', 30, { trial: true }),
});
emit(t('2024-04-02T10:05:00Z'), 'ReserveKeyAdded', {
  target: { svmId: 'svm-a1' },
  key: key('K-SUB', 'desktop', 365, { subscription: true }),
});
emit(t('2024-04-02T10:10:00Z'), 'ReserveKeyAdded', {
  target: { clusterId: 'ksc-globex' },
  key: key('K-G-SRV', 'server', 365),
});
emit(t('2024-04-02T10:15:00Z'), 'ReserveKeyAdded', {
  target: { svmId: 'svm-a1' },
  key: key('K-ENT', 'desktop', 365, { edition: 'enterprise' }),
});
emit(t('2024-11-04T10:00:00Z'), 'ReserveKeyAdded', {
  target: { svmId: 'svm-a1' },
  key: key('K-A1-SRV-R', 'server', 365),
});
emit(t('2024-11-04T10:05:00Z'), 'ReserveKeyAdded', {
  target: { svmId: 'svm-a1' },
  key: key('K-A1-DSK-R', 'desktop', 365, { expiresAt: '2025-06-30T00:00:00Z' }),
});
// R-K3: a new desktop key whose term outlasts the reserve's expiresAt removes the reserve.
emit(t('2024-12-01T00:00:00Z'), 'KeyActivated', { svmId: 'svm-a1', key: key('K-A1-DSK-2', 'desktop', 365) });
// R-K5: svm-a1's server key ends 2025-01-09 and its reserve takes over; svm-a2's ends and online
// renewal succeeds; svm-g1's ends and renewal fails; svm-g2's desktop key ends with nothing: unlicensed.
emit(t('2025-01-09T06:00:00Z'), 'ActivationCodeRenewal', {
  svmId: 'svm-a2',
  keyType: 'server',
  succeeded: true,
  key: key('K-A2-SRV-2', 'server', 365),
});
emit(t('2025-01-10T06:00:00Z'), 'ActivationCodeRenewal', { svmId: 'svm-g1', keyType: 'cores', succeeded: false });

// ---------------------------------------------------------------- merge, number, write
pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
const lines = pending.map((e, i) =>
  JSON.stringify({ type: e.type, id: `e${String(i + 1).padStart(4, '0')}`, at: iso(e.at), ...e.fields }),
);

const indexOf = (predicate) => {
  const i = lines.findIndex(predicate);
  if (i < 0) throw new Error('scenario changed: a deliberate problem has no anchor');
  return i;
};
const insertAfter = (i, text) => lines.splice(i + 1, 0, text);

const atOf = (i) => JSON.parse(lines[i]).at;
const dayBefore = (text) => iso(t(text) - DAY);

// Deliberate problems, each anchored to a line of the scenario and stamped with its
// instant, so that they do not also break the time order (except the one meant to):
// 1. R-X3: ws-hq-01 returns more extensions than it has queued (one is left after 2024-06-10).
{
  const i = indexOf((l) => l.includes('"Returned"') && l.includes('"ws-hq-01"'));
  insertAfter(
    i,
    JSON.stringify({
      type: 'Returned',
      id: 'x-return-3',
      at: atOf(i),
      poolId: 'acme-kes',
      machineId: 'ws-hq-01',
      count: 3,
    }),
  );
}
// 2. R-L2: a line cut short by a crashed collector (not valid JSON).
insertAfter(
  indexOf((l) => l.includes('"at":"2024-07-0')),
  '{"type":"KesInstalled","id":"x-cut","at":"2024-07-03T09:00:00Z","poolId":"acme-kes","machineId":"ws-',
);
// 3. R-L2: an unknown field (a typo must not be silently ignored).
{
  const i = indexOf((l) => l.includes('"at":"2024-08-1'));
  insertAfter(
    i,
    JSON.stringify({
      type: 'ModuleInstalled',
      id: 'x-typo',
      at: atOf(i),
      poolId: 'acme-kav',
      machineId: 'ws-br-07',
      groupId: 'acme.branch',
      note: 'reinstalled',
    }),
  );
}
// 4. R-T1: an event a day older than the line before it.
{
  const i = indexOf((l) => l.includes('"at":"2024-10-1'));
  insertAfter(
    i,
    JSON.stringify({ type: 'AvUninstalledByUser', id: 'x-late', at: dayBefore(atOf(i)), machineId: 'ws-hq-03' }),
  );
}
// 5. R-L5: a collector retry sends the same event twice in a row: the copy is skipped, not a problem.
{
  const i = indexOf((l) => l.includes('"KesInstalled"') && l.includes('"ws-hq-19"') && l.includes('2024-10'));
  insertAfter(i, lines[i]);
}
// 6. R-L5: an id reused with another body is rejected.
{
  const reused = JSON.parse(lines[indexOf((l) => l.includes('"InstallRequested"') && l.includes('"ws-br-08"'))]);
  const i = indexOf((l) => l.includes('"at":"2025-04-'));
  insertAfter(
    i,
    JSON.stringify({
      type: 'InstallRequested',
      id: reused.id,
      at: atOf(i),
      poolId: 'acme-kes',
      machineId: 'ws-br-11',
      groupId: 'acme.branch',
    }),
  );
}
// (R-I5, an install with no license left, is gx-07's request of 2025-02-20 above.)

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'acme-msp.ndjson'), `${lines.join('\n')}\n`);
console.log(`examples/acme-msp.ndjson: ${lines.length} lines`);
