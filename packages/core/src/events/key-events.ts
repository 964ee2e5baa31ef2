import * as t from 'io-ts';
import { eventCodec } from './common';
import { Bool, InstantFromString, NonEmptyString, TermDays, oneOf } from './primitives';
import { hasOwn, isRecord } from './records';
import { struct } from './struct';

/**
 * R-K2: the slot a key occupies.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { KeyType } from '@license-ledger/core'
 * assert.equal(KeyType.decode('cores')._tag, 'Right')
 */
export const KeyType = oneOf('KeyType', ['server', 'desktop', 'cores']);

/**
 * R-K1: a Kaspersky license key.
 *
 * @since 0.1.0
 * @example
 * import { LicenseKey } from '@license-ledger/core'
 * LicenseKey.decode({ keyId: 'K-A', type: 'server', edition: 'standard', subscription: false, termDays: 365 })
 */
export const LicenseKey = struct(
  'LicenseKey',
  {
    keyId: NonEmptyString,
    type: KeyType,
    edition: oneOf('Edition', ['standard', 'enterprise']),
    subscription: Bool,
    termDays: TermDays,
  },
  { trial: Bool, expiresAt: InstantFromString },
);

/**
 * A Kaspersky license key as events carry it: id, type, edition, trial flag and expiry.
 *
 * @since 0.1.0
 */
export type LicenseKeySpec = t.TypeOf<typeof LicenseKey>;
/**
 * A Kaspersky key type: `server`, `desktop` or `cores`.
 *
 * @since 0.1.0
 */
export type KeyTypeName = t.TypeOf<typeof KeyType>;

const targetShapes = {
  svmId: struct('SvmTarget', { svmId: NonEmptyString }, {}),
  clusterId: struct('ClusterTarget', { clusterId: NonEmptyString }, {}),
  all: struct('AllTarget', { all: t.literal(true) }, {}),
} as const;
/**
 * The key that says which SVMs an activation task runs on: `svmId`, `clusterId` or `all`.
 *
 * @since 0.3.0
 */
export type ReserveTargetKey = keyof typeof targetShapes;
type TargetKey = ReserveTargetKey;
const TARGET_KEYS = Object.keys(targetShapes) as TargetKey[];

/**
 * R-K4: the SVMs an activation task runs on: one SVM, one KSC cluster, or all.
 *
 * @since 0.1.0
 */
export type ReserveKeyTarget = { [K in ReserveTargetKey]: t.TypeOf<(typeof targetShapes)[K]> }[ReserveTargetKey];

const targetKeysOf = (u: Record<string, unknown>): TargetKey[] => TARGET_KEYS.filter((k) => hasOwn(u, k));

/*
 * Chosen by the one target key present rather than as a t.union: a union reports
 * every alternative's errors at once ("clusterId: unknown field" next to
 * "clusterId: expected a non-empty string"), which reads as a contradiction.
 */
const ReserveTarget = new t.Type<ReserveKeyTarget, ReserveKeyTarget, unknown>(
  'ReserveKeyTarget',
  (u): u is ReserveKeyTarget => {
    if (!isRecord(u)) return false;
    const [only, ...more] = targetKeysOf(u);
    return only !== undefined && more.length === 0 && targetShapes[only].is(u);
  },
  (u, context) => {
    if (!isRecord(u)) return t.failure(u, context, 'an object: {"svmId": …}, {"clusterId": …} or {"all": true}');
    const [only, ...more] = targetKeysOf(u);
    if (only === undefined || more.length > 0)
      return t.failure(u, context, 'exactly one of "svmId", "clusterId" or "all"');
    return targetShapes[only].validate(u, context);
  },
  t.identity,
);

/**
 * An SVM joins a KSC cluster.
 *
 * @since 0.1.0
 */
export const SvmRegistered = eventCodec('SvmRegistered', { svmId: NonEmptyString, clusterId: NonEmptyString }, {});
/**
 * R-K3: a key becomes active in its slot.
 *
 * @since 0.1.0
 */
export const KeyActivated = eventCodec(
  'KeyActivated',
  { svmId: NonEmptyString, key: LicenseKey },
  { viaActivationCode: Bool },
);
/**
 * R-K4: the activation task adds a reserve key.
 *
 * @since 0.1.0
 */
export const ReserveKeyAdded = eventCodec('ReserveKeyAdded', { target: ReserveTarget, key: LicenseKey }, {});
/**
 * R-K5: the outcome of online renewal by activation code.
 *
 * @since 0.1.0
 */
export const ActivationCodeRenewal = eventCodec(
  'ActivationCodeRenewal',
  { svmId: NonEmptyString, keyType: KeyType, succeeded: Bool },
  { key: LicenseKey },
);

/**
 * A decoded `SvmRegistered` event (the static type of the `SvmRegistered` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type SvmRegisteredEvent = t.TypeOf<typeof SvmRegistered>;
/**
 * A decoded `KeyActivated` event (the static type of the `KeyActivated` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type KeyActivatedEvent = t.TypeOf<typeof KeyActivated>;
/**
 * A decoded `ReserveKeyAdded` event (the static type of the `ReserveKeyAdded` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type ReserveKeyAddedEvent = t.TypeOf<typeof ReserveKeyAdded>;
/**
 * A decoded `ActivationCodeRenewal` event (the static type of the `ActivationCodeRenewal` codec; see docs/events.md).
 *
 * @since 0.1.0
 */
export type ActivationCodeRenewalEvent = t.TypeOf<typeof ActivationCodeRenewal>;
