import * as t from 'io-ts';
import { eventCodec } from './common';
import { Bool, InstantFromString, NonEmptyString, oneOf, PositiveInt, Quantity, TermDays } from './primitives';

const pool = { poolId: NonEmptyString };
const machine = { machineId: NonEmptyString };
const placed = { poolId: NonEmptyString, machineId: NonEmptyString, groupId: NonEmptyString };

/** R-P1: adds `quantity` never-used licenses to a pool. @since 0.1.0 @example LicensePurchased.is */
export const LicensePurchased = eventCodec(
  'LicensePurchased',
  { ...pool, module: NonEmptyString, quantity: Quantity },
  { termDays: TermDays },
);
/** R-I1: a pending install reserving one license. @since 0.1.0 @example InstallRequested.is */
export const InstallRequested = eventCodec('InstallRequested', placed, {});
/** R-I3: KES checked in; the term runs from `installedAt` (default `at`). @since 0.1.0 @example KesInstalled.is */
export const KesInstalled = eventCodec('KesInstalled', placed, { installedAt: InstantFromString });
/** A seat module (BUDR, KAV, KAM…) installed. @since 0.1.0 @example ModuleInstalled.is */
export const ModuleInstalled = eventCodec('ModuleInstalled', placed, {});
/** R-I4: a pending install failed. @since 0.1.0 @example InstallFailed.is */
export const InstallFailed = eventCodec('InstallFailed', { ...pool, ...machine }, {});
/** R-U1: uninstalled through the Install/Remove page. @since 0.1.0 @example Uninstalled.is */
export const Uninstalled = eventCodec('Uninstalled', { ...pool, ...machine }, {});
/** R-U3: the end user removed the antivirus by hand. @since 0.1.0 @example AvUninstalledByUser.is */
export const AvUninstalledByUser = eventCodec('AvUninstalledByUser', machine, {});
/** R-D1: the agent was deleted without uninstalling first. @since 0.1.0 @example AgentDeleted.is */
export const AgentDeleted = eventCodec('AgentDeleted', machine, {});
/** R-D2: the background recovery process ran. @since 0.1.0 @example RecoveryRun.is */
export const RecoveryRun = eventCodec('RecoveryRun', {}, {});
/** R-D4: the Clean Database button was pressed. @since 0.1.0 @example CleanDatabaseRun.is */
export const CleanDatabaseRun = eventCodec('CleanDatabaseRun', {}, {});
/** R-X1: queue `count` extensions on a machine. @since 0.1.0 @example Extended.is */
export const Extended = eventCodec('Extended', { ...pool, ...machine }, { count: PositiveInt });
/** R-X3: give back `count` queued extensions. @since 0.1.0 @example Returned.is */
export const Returned = eventCodec('Returned', { ...pool, ...machine }, { count: PositiveInt });
/** R-X4: auto-extend on or off. @since 0.1.0 @example AutoExtendSet.is */
export const AutoExtendSet = eventCodec('AutoExtendSet', { ...pool, ...machine, enabled: Bool }, {});
/** R-O1: a machine's license becomes Other (orphaned). @since 0.1.0 @example LicenseMarkedOther.is */
export const LicenseMarkedOther = eventCodec('LicenseMarkedOther', { ...pool, ...machine, reason: t.string }, {});
/** R-O2: support resolved one Other license. @since 0.1.0 @example OtherResolved.is */
export const OtherResolved = eventCodec(
  'OtherResolved',
  { ...pool, licenseId: NonEmptyString, resolution: oneOf('Resolution', ['partial', 'unused', 'expired']) },
  {},
);

/** @since 0.1.0 @example const e: LicensePurchasedEvent['type'] = 'LicensePurchased' */
export type LicensePurchasedEvent = t.TypeOf<typeof LicensePurchased>;
/** @since 0.1.0 @example const e: InstallRequestedEvent['type'] = 'InstallRequested' */
export type InstallRequestedEvent = t.TypeOf<typeof InstallRequested>;
/** @since 0.1.0 @example const e: KesInstalledEvent['type'] = 'KesInstalled' */
export type KesInstalledEvent = t.TypeOf<typeof KesInstalled>;
/** @since 0.1.0 @example const e: ModuleInstalledEvent['type'] = 'ModuleInstalled' */
export type ModuleInstalledEvent = t.TypeOf<typeof ModuleInstalled>;
/** @since 0.1.0 @example const e: InstallFailedEvent['type'] = 'InstallFailed' */
export type InstallFailedEvent = t.TypeOf<typeof InstallFailed>;
/** @since 0.1.0 @example const e: UninstalledEvent['type'] = 'Uninstalled' */
export type UninstalledEvent = t.TypeOf<typeof Uninstalled>;
/** @since 0.1.0 @example const e: AvUninstalledByUserEvent['type'] = 'AvUninstalledByUser' */
export type AvUninstalledByUserEvent = t.TypeOf<typeof AvUninstalledByUser>;
/** @since 0.1.0 @example const e: AgentDeletedEvent['type'] = 'AgentDeleted' */
export type AgentDeletedEvent = t.TypeOf<typeof AgentDeleted>;
/** @since 0.1.0 @example const e: RecoveryRunEvent['type'] = 'RecoveryRun' */
export type RecoveryRunEvent = t.TypeOf<typeof RecoveryRun>;
/** @since 0.1.0 @example const e: CleanDatabaseRunEvent['type'] = 'CleanDatabaseRun' */
export type CleanDatabaseRunEvent = t.TypeOf<typeof CleanDatabaseRun>;
/** @since 0.1.0 @example const e: ExtendedEvent['type'] = 'Extended' */
export type ExtendedEvent = t.TypeOf<typeof Extended>;
/** @since 0.1.0 @example const e: ReturnedEvent['type'] = 'Returned' */
export type ReturnedEvent = t.TypeOf<typeof Returned>;
/** @since 0.1.0 @example const e: AutoExtendSetEvent['type'] = 'AutoExtendSet' */
export type AutoExtendSetEvent = t.TypeOf<typeof AutoExtendSet>;
/** @since 0.1.0 @example const e: LicenseMarkedOtherEvent['type'] = 'LicenseMarkedOther' */
export type LicenseMarkedOtherEvent = t.TypeOf<typeof LicenseMarkedOther>;
/** @since 0.1.0 @example const e: OtherResolvedEvent['type'] = 'OtherResolved' */
export type OtherResolvedEvent = t.TypeOf<typeof OtherResolved>;
