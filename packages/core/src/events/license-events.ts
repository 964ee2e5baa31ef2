import * as t from 'io-ts';
import { eventCodec } from './common';
import { Bool, InstantFromString, NonEmptyString, oneOf, PositiveInt, Quantity, TermDays } from './primitives';

const pool = { poolId: NonEmptyString };
const machine = { machineId: NonEmptyString };
const placed = { poolId: NonEmptyString, machineId: NonEmptyString, groupId: NonEmptyString };

/**
 * R-P1: adds `quantity` never-used licenses to a pool.
 *
 * @since 0.1.0
 */
export const LicensePurchased = eventCodec(
  'LicensePurchased',
  { ...pool, module: NonEmptyString, quantity: Quantity },
  { termDays: TermDays },
);
/**
 * R-I1: a pending install reserving one license.
 *
 * @since 0.1.0
 */
export const InstallRequested = eventCodec('InstallRequested', placed, {});
/**
 * R-I3: KES checked in; the term runs from `installedAt` (default `at`).
 *
 * @since 0.1.0
 */
export const KesInstalled = eventCodec('KesInstalled', placed, { installedAt: InstantFromString });
/**
 * A seat module (BUDR, KAV, KAM…) installed.
 *
 * @since 0.1.0
 */
export const ModuleInstalled = eventCodec('ModuleInstalled', placed, {});
/**
 * R-I4: a pending install failed.
 *
 * @since 0.1.0
 */
export const InstallFailed = eventCodec('InstallFailed', { ...pool, ...machine }, {});
/**
 * R-U1: uninstalled through the Install/Remove page.
 *
 * @since 0.1.0
 */
export const Uninstalled = eventCodec('Uninstalled', { ...pool, ...machine }, {});
/**
 * R-U3: the end user removed the antivirus by hand.
 *
 * @since 0.1.0
 */
export const AvUninstalledByUser = eventCodec('AvUninstalledByUser', machine, {});
/**
 * R-D1: the agent was deleted without uninstalling first.
 *
 * @since 0.1.0
 */
export const AgentDeleted = eventCodec('AgentDeleted', machine, {});
/**
 * R-D2: the background recovery process ran.
 *
 * @since 0.1.0
 */
export const RecoveryRun = eventCodec('RecoveryRun', {}, {});
/**
 * R-D4: the Clean Database button was pressed.
 *
 * @since 0.1.0
 */
export const CleanDatabaseRun = eventCodec('CleanDatabaseRun', {}, {});
/**
 * R-X1: queue `count` extensions on a machine.
 *
 * @since 0.1.0
 */
export const Extended = eventCodec('Extended', { ...pool, ...machine }, { count: PositiveInt });
/**
 * R-X3: give back `count` queued extensions.
 *
 * @since 0.1.0
 */
export const Returned = eventCodec('Returned', { ...pool, ...machine }, { count: PositiveInt });
/**
 * R-X4: auto-extend on or off.
 *
 * @since 0.1.0
 */
export const AutoExtendSet = eventCodec('AutoExtendSet', { ...pool, ...machine, enabled: Bool }, {});
/**
 * R-O1: a machine's license becomes Other (orphaned).
 *
 * @since 0.1.0
 */
export const LicenseMarkedOther = eventCodec('LicenseMarkedOther', { ...pool, ...machine, reason: t.string }, {});
/**
 * R-O2: support resolved one Other license.
 *
 * @since 0.1.0
 */
export const OtherResolved = eventCodec(
  'OtherResolved',
  { ...pool, licenseId: NonEmptyString, resolution: oneOf('Resolution', ['partial', 'unused', 'expired']) },
  {},
);

/**
 * A decoded `LicensePurchased` event (the static type of the `LicensePurchased` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type LicensePurchasedEvent = t.TypeOf<typeof LicensePurchased>;
/**
 * A decoded `InstallRequested` event (the static type of the `InstallRequested` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type InstallRequestedEvent = t.TypeOf<typeof InstallRequested>;
/**
 * A decoded `KesInstalled` event (the static type of the `KesInstalled` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type KesInstalledEvent = t.TypeOf<typeof KesInstalled>;
/**
 * A decoded `ModuleInstalled` event (the static type of the `ModuleInstalled` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type ModuleInstalledEvent = t.TypeOf<typeof ModuleInstalled>;
/**
 * A decoded `InstallFailed` event (the static type of the `InstallFailed` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type InstallFailedEvent = t.TypeOf<typeof InstallFailed>;
/**
 * A decoded `Uninstalled` event (the static type of the `Uninstalled` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type UninstalledEvent = t.TypeOf<typeof Uninstalled>;
/**
 * A decoded `AvUninstalledByUser` event (the static type of the `AvUninstalledByUser` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type AvUninstalledByUserEvent = t.TypeOf<typeof AvUninstalledByUser>;
/**
 * A decoded `AgentDeleted` event (the static type of the `AgentDeleted` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type AgentDeletedEvent = t.TypeOf<typeof AgentDeleted>;
/**
 * A decoded `RecoveryRun` event (the static type of the `RecoveryRun` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type RecoveryRunEvent = t.TypeOf<typeof RecoveryRun>;
/**
 * A decoded `CleanDatabaseRun` event (the static type of the `CleanDatabaseRun` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type CleanDatabaseRunEvent = t.TypeOf<typeof CleanDatabaseRun>;
/**
 * A decoded `Extended` event (the static type of the `Extended` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type ExtendedEvent = t.TypeOf<typeof Extended>;
/**
 * A decoded `Returned` event (the static type of the `Returned` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type ReturnedEvent = t.TypeOf<typeof Returned>;
/**
 * A decoded `AutoExtendSet` event (the static type of the `AutoExtendSet` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type AutoExtendSetEvent = t.TypeOf<typeof AutoExtendSet>;
/**
 * A decoded `LicenseMarkedOther` event (the static type of the `LicenseMarkedOther` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type LicenseMarkedOtherEvent = t.TypeOf<typeof LicenseMarkedOther>;
/**
 * A decoded `OtherResolved` event (the static type of the `OtherResolved` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type OtherResolvedEvent = t.TypeOf<typeof OtherResolved>;
