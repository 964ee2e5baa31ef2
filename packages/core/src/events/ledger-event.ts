import * as t from 'io-ts';
import * as K from './key-events';
import * as L from './license-events';

/**
 * Every event codec, by its `type` tag. A `Map`, so a `type` of `constructor`
 * or `__proto__` finds nothing rather than an Object.prototype member.
 *
 * @since 0.1.0
 * @example eventCodecs.get('Extended')?.name // 'Extended'
 */
export const eventCodecs: ReadonlyMap<string, t.Mixed> = new Map<string, t.Mixed>(
  [
    L.LicensePurchased, L.InstallRequested, L.KesInstalled, L.ModuleInstalled, L.InstallFailed, L.Uninstalled,
    L.AvUninstalledByUser, L.AgentDeleted, L.RecoveryRun, L.CleanDatabaseRun, L.Extended, L.Returned,
    L.AutoExtendSet, L.LicenseMarkedOther, L.OtherResolved,
    K.SvmRegistered, K.KeyActivated, K.ReserveKeyAdded, K.ActivationCodeRenewal,
  ].map((codec) => [codec.name, codec]),
);

/**
 * The union of every license and key event, tagged by `type` (audit-log.md v1).
 *
 * @since 0.1.0
 * @example LedgerEventCodec.is({}) // false
 */
export const LedgerEventCodec = t.union([
  L.LicensePurchased, L.InstallRequested, L.KesInstalled, L.ModuleInstalled, L.InstallFailed, L.Uninstalled,
  L.AvUninstalledByUser, L.AgentDeleted, L.RecoveryRun, L.CleanDatabaseRun, L.Extended, L.Returned,
  L.AutoExtendSet, L.LicenseMarkedOther, L.OtherResolved,
  K.SvmRegistered, K.KeyActivated, K.ReserveKeyAdded, K.ActivationCodeRenewal,
]);

/** @since 0.1.0 @example const t: LedgerEvent['type'] = 'RecoveryRun' */
export type LedgerEvent = t.TypeOf<typeof LedgerEventCodec>;
/** @since 0.1.0 @example const t: EventType = 'Returned' */
export type EventType = LedgerEvent['type'];
/** The event of one type. @since 0.1.0 @example type P = EventOf<'LicensePurchased'> */
export type EventOf<T extends EventType> = Extract<LedgerEvent, { type: T }>;
/** @since 0.1.0 @example const t: KeyEvent['type'] = 'KeyActivated' */
export type KeyEvent = EventOf<'SvmRegistered' | 'KeyActivated' | 'ReserveKeyAdded' | 'ActivationCodeRenewal'>;
/** @since 0.1.0 @example const t: LicenseEvent['type'] = 'Extended' */
export type LicenseEvent = Exclude<LedgerEvent, KeyEvent>;
