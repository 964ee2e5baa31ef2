/**
 * An explanation as text: a few sentences, then its history as a table.
 *
 * @since 0.1.0
 */
import { relativeTo } from './relative-time';
import type { InstallRemoveCount } from '@license-ledger/install-remove';
import type { Explanation, LicenseExplanation, MachineExplanation, Step, SvmExplanation } from '../views/explanation';
import { printable } from './printable';
import { renderTable } from './table';

/** A copy of plain data with every string escaped (`printable`); the explanation is a few levels deep. */
const printableDeep = <T>(value: T): T => {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  }
  return value;
};

/**
 * The popup's own words for each count (R-V1).
 *
 * @since 0.1.0
 */
export const COUNT_LABELS: { readonly [C in InstallRemoveCount]: string } = {
  expired: 'Expired',
  applied: 'Applied',
  partial: 'Partial',
  pendingInstalls: 'Pending Installs',
  extended: 'Extended',
  other: 'Other',
  unused: 'Unused',
};

const dash = (value: string | number | null): string => (value === null ? '-' : String(value));

/** `e12`, or `time-driven` for a change with no event (R-T4). @since 0.1.0 */
export const byWhat = (step: Step): string => step.eventId ?? 'time-driven';

const countedInLines = (license: LicenseExplanation): string[] => {
  const { installRemove, licenseManager, because } = license.countedIn;
  const popup =
    installRemove === null ? 'in no Install/Remove count' : `Install/Remove "${COUNT_LABELS[installRemove]}" (R-V1)`;
  const manager =
    licenseManager === 'used'
      ? installRemove === 'pendingInstalls'
        ? 'License Manager "Used" (R-V2; R-V4: a partial reserved by a pending install was used before)'
        : 'License Manager "Used" (R-V2)'
      : 'not in License Manager "Used", only in Max (R-V2)';
  const lines = [`Counted in: ${popup}; ${manager}`];
  if (because !== null) {
    const note = because.note === null ? '' : `: ${because.note}`;
    lines.push(
      `Put there by: ${because.rule}, ${because.eventId === null ? 'time-driven' : `event ${because.eventId}`} at ${because.at}${note}`,
    );
  }
  return lines;
};

const licenseHistoryTable = (license: LicenseExplanation): string =>
  renderTable(
    [
      { header: 'AT' },
      { header: 'EVENT' },
      { header: 'RULE' },
      { header: 'STATUS' },
      { header: 'MACHINE' },
      { header: 'DAYS LEFT', align: 'right' },
      { header: 'NOTE' },
    ],
    license.history.map((s) => [s.at, byWhat(s), s.rule, s.status, dash(s.machineId), dash(s.daysLeft), s.note ?? '']),
  );

/** How a license relates to the machine it names: `License.machineId` is the one it is on, reserved for, queued on, or was last on. */
const MACHINE_WORDS: { readonly [S in LicenseExplanation['status']]: string } = {
  applied: 'on',
  held: 'on the deleted agent',
  reserved: 'reserved for',
  extended: 'queued on',
  unused: 'last on',
  partial: 'last on',
  expired: 'last on',
  other: 'last on',
};

const nowLine = (license: LicenseExplanation, asOf: string | null): string => {
  const parts = [`status ${license.status}`];
  if (license.machineId !== null) parts.push(`${MACHINE_WORDS[license.status]} ${license.machineId}`);
  if (license.daysLeft !== null) parts.push(`${license.daysLeft} days left`);
  if (license.startAt !== null) parts.push(`term from ${license.startAt}`);
  if (license.endAt !== null) {
    const ended = asOf !== null && Date.parse(license.endAt) <= Date.parse(asOf);
    parts.push(
      asOf === null
        ? `ends ${license.endAt}`
        : `${ended ? 'ended' : 'ends'} ${relativeTo(asOf, license.endAt)} (${license.endAt})`,
    );
  }
  return `Now: ${parts.join(', ')}`;
};

const licenseText = (license: LicenseExplanation, asOf: string | null): string => {
  const term = license.termDays === null ? 'a seat without a term' : `term ${license.termDays} days`;
  return [
    `License ${license.licenseId}: pool ${license.poolId} (${license.module}), ${term}`,
    nowLine(license, asOf),
    ...countedInLines(license),
    '',
    licenseHistoryTable(license),
  ].join('\n');
};

const machineText = (machine: MachineExplanation, asOf: string | null): string => {
  const agent =
    machine.deletedAt === null
      ? 'Agent: live'
      : `Agent: deleted at ${machine.deletedAt} (R-D1); events for this id start incarnation ${machine.incarnation + 1} (R-D5)`;
  const lines = [`Machine ${machine.machineId}: group ${machine.groupId}, incarnation ${machine.incarnation}`, agent];
  if (machine.avRemovedAt !== null)
    lines.push(
      `Antivirus removed by the end user at ${machine.avRemovedAt}: licenses unchanged and still counting down (R-U3)`,
    );
  const installs =
    machine.installs.length === 0
      ? '(nothing installed now)\n'
      : renderTable(
          [
            { header: 'POOL' },
            { header: 'MODULE' },
            { header: 'STATUS' },
            { header: 'LICENSE' },
            { header: 'QUEUED EXTENSIONS' },
            { header: 'AUTO-EXTEND' },
            { header: 'SINCE' },
            { header: 'IN GROUP COUNT (R-V3)' },
          ],
          machine.installs.map((i) => [
            i.poolId,
            i.module,
            i.status,
            i.licenseId,
            i.queue.length === 0 ? '-' : i.queue.join(' '),
            i.autoExtend ? 'on' : 'off',
            i.since,
            i.countedInGroup ? `yes, in ${machine.groupId}` : 'no',
          ]),
        );
  const history = renderTable(
    [{ header: 'AT' }, { header: 'EVENT' }, { header: 'RULE' }, { header: 'WHAT' }],
    machine.history.map((s) => [s.at, byWhat(s), s.rule, s.what]),
  );
  const licenses =
    machine.licenses.length === 0
      ? ['(no license was ever on this machine)\n']
      : machine.licenses.map((license) => licenseText(license, asOf));
  return [
    ...lines,
    '',
    'Installs now',
    installs,
    'History',
    history,
    `Licenses (${machine.licenses.length})`,
    licenses.join('\n'),
  ].join('\n');
};

const svmText = (svm: SvmExplanation): string => {
  const slots =
    svm.slots.length === 0
      ? '(no key slots: no key was ever activated)\n'
      : renderTable(
          [
            { header: 'SLOT' },
            { header: 'STATUS' },
            { header: 'ACTIVE KEY' },
            { header: 'ENDS AT' },
            { header: 'RESERVE' },
          ],
          svm.slots.map((s) => [
            s.type,
            s.status,
            s.active?.keyId ?? '-',
            s.active?.endsAt ?? '-',
            s.reserve?.keyId ?? '-',
          ]),
        );
  const errors =
    svm.taskErrors.length === 0
      ? '(none)\n'
      : renderTable(
          [{ header: 'AT' }, { header: 'KEY' }, { header: 'REASON' }],
          svm.taskErrors.map((e) => [e.at, e.keyId, e.reason]),
        );
  const history = renderTable(
    [{ header: 'AT' }, { header: 'EVENT' }, { header: 'RULE' }, { header: 'KEY' }, { header: 'WHAT' }],
    svm.history.map((s) => [s.at, byWhat(s), s.rule, dash(s.keyId), s.what]),
  );
  return [
    `SVM ${svm.svmId}: cluster ${svm.clusterId}`,
    '',
    'Key slots (R-K2)',
    slots,
    'Failed activation tasks (R-K4)',
    errors,
    'History',
    history,
  ].join('\n');
};

/**
 * Renders an explanation, headed by the instant it stands at.
 *
 * @since 0.1.0
 */
export const renderExplainText = (raw: Explanation, asOf: string | null): string => {
  // Every id and note from the log escaped once, here, so no sentence can forge a line (`printable`).
  const explanation = printableDeep(raw);
  const body =
    explanation.kind === 'license'
      ? licenseText(explanation.license, asOf)
      : explanation.kind === 'machine'
        ? machineText(explanation.machine, asOf)
        : svmText(explanation.svm);
  return `As of ${asOf ?? '(no events)'}\n${body}`;
};
