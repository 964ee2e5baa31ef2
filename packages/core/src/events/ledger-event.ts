import * as t from 'io-ts';
import * as K from './key-events';
import * as L from './license-events';

/** A tuple of at least two codecs, as `t.union` takes them, keeping each codec's type. */
const codecList = <CS extends [t.Mixed, t.Mixed, ...t.Mixed[]]>(...codecs: CS): CS => codecs;

/** Every license event codec (docs/events.md v1). Adding an event type is adding its codec here or to {@link KEY_EVENT_CODECS}. */
const LICENSE_EVENT_CODECS = codecList(
  L.LicensePurchased,
  L.InstallRequested,
  L.KesInstalled,
  L.ModuleInstalled,
  L.InstallFailed,
  L.Uninstalled,
  L.AvUninstalledByUser,
  L.AgentDeleted,
  L.RecoveryRun,
  L.CleanDatabaseRun,
  L.Extended,
  L.Returned,
  L.AutoExtendSet,
  L.LicenseMarkedOther,
  L.OtherResolved,
);

/** Every key event codec (docs/events.md v1). */
const KEY_EVENT_CODECS = codecList(K.SvmRegistered, K.KeyActivated, K.ReserveKeyAdded, K.ActivationCodeRenewal);

/**
 * The union of every license and key event, tagged by `type` (docs/events.md v1):
 * the one list the decoder, the codec map and the event types derive from.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { LedgerEventCodec } from '@license-ledger/core'
 * assert.deepStrictEqual(LedgerEventCodec.is({}), false)
 */
export const LedgerEventCodec = t.union([...LICENSE_EVENT_CODECS, ...KEY_EVENT_CODECS]);

/**
 * Every event codec, by its `type` tag. A `Map`, so a `type` of `constructor`
 * or `__proto__` finds nothing rather than an Object.prototype member.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { eventCodecs } from '@license-ledger/core'
 * assert.deepStrictEqual(eventCodecs.get('Extended')?.name, 'Extended')
 */
export const eventCodecs: ReadonlyMap<string, t.Mixed> = new Map<string, t.Mixed>(
  LedgerEventCodec.types.map((codec) => [codec.name, codec]),
);

/**
 * Any audit-log event, decoded (the union of every event type; see docs/events.md).
 *
 * @since 0.1.0
 */
export type LedgerEvent = t.TypeOf<typeof LedgerEventCodec>;
/**
 * The `type` of an event: `LicensePurchased`, `Returned`, …
 *
 * @since 0.1.0
 */
export type EventType = LedgerEvent['type'];
/** The event of one type. @since 0.1.0 */
export type EventOf<T extends EventType> = Extract<LedgerEvent, { type: T }>;
/**
 * An event about Kaspersky keys and SVMs.
 *
 * @since 0.1.0
 */
export type KeyEvent = t.TypeOf<(typeof KEY_EVENT_CODECS)[number]>;
/**
 * An event about KES licenses, pools and machines (every event that is not a `KeyEvent`).
 *
 * @since 0.1.0
 */
export type LicenseEvent = Exclude<LedgerEvent, KeyEvent>;
