import * as E from 'fp-ts/Either';
import {
  advanceTo,
  DAY_MS,
  parseInstant,
  replay,
  type Instant,
  type KeyTypeName,
  type LedgerEvent,
  type LedgerState,
  type LicenseKeySpec,
  type ReserveKeyTarget,
} from '@license-ledger/core';

/** Key events built by hand (what log lines decode to), replayed through core's public API. */

export const at = (iso: string): Instant => {
  const parsed = parseInstant(iso);
  if (parsed === undefined) throw new Error(`bad instant in a test: ${iso}`);
  return parsed;
};

export const T0 = at('2025-01-01T00:00:00Z');
export const plusDays = (from: Instant, days: number): Instant => (from + days * DAY_MS) as Instant;
export const plusMs = (from: Instant, ms: number): Instant => (from + ms) as Instant;

export const key = (keyId: string, fields: Partial<Omit<LicenseKeySpec, 'keyId'>> = {}): LicenseKeySpec => ({
  keyId,
  type: 'server',
  edition: 'standard',
  subscription: false,
  termDays: 365,
  ...fields,
});

export const registered = (id: string, when: Instant, svmId: string, clusterId: string): LedgerEvent => ({ type: 'SvmRegistered', id, at: when, svmId, clusterId });

export const activated = (id: string, when: Instant, svmId: string, activeKey: LicenseKeySpec, viaActivationCode = false): LedgerEvent =>
  ({ type: 'KeyActivated', id, at: when, svmId, key: activeKey, viaActivationCode });

export const reserveAdded = (id: string, when: Instant, target: ReserveKeyTarget, reserveKey: LicenseKeySpec): LedgerEvent =>
  ({ type: 'ReserveKeyAdded', id, at: when, target, key: reserveKey });

export const renewal = (id: string, when: Instant, svmId: string, keyType: KeyTypeName, renewed: LicenseKeySpec | null): LedgerEvent =>
  renewed === null
    ? { type: 'ActivationCodeRenewal', id, at: when, svmId, keyType, succeeded: false }
    : { type: 'ActivationCodeRenewal', id, at: when, svmId, keyType, succeeded: true, key: renewed };

/** Replays strictly: a fixture that the ledger rejects is a broken test. */
export const stateOf = (events: readonly LedgerEvent[]): LedgerState => {
  const result = replay({ mode: 'strict' })(events);
  if (result.problems.length > 0) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.state;
};

export const stateAt = (events: readonly LedgerEvent[], when: Instant): LedgerState => {
  const advanced = advanceTo(when)(stateOf(events));
  if (E.isLeft(advanced)) throw new Error(advanced.left);
  return advanced.right;
};
