import * as E from 'fp-ts/Either';
import {
  advanceTo,
  DAY_MS,
  historyToArray,
  parseInstant,
  replay,
  type ActivationCodeRenewalEvent,
  type Instant,
  type KeyActivatedEvent,
  type KeySlot,
  type KeyTypeName,
  type LedgerEvent,
  type LedgerState,
  type LicenseKeySpec,
  type ReplayResult,
  type ReserveKeyAddedEvent,
  type ReserveKeyTarget,
  type SvmChange,
  type SvmRegisteredEvent,
  type TaskError,
} from '../../src/index';
import { getSvm } from '../../src/internal';

/** Key events built by hand, replayed through the public API: what a log line decodes to. */

export const at = (iso: string): Instant => {
  const parsed = parseInstant(iso);
  if (parsed === undefined) throw new Error(`bad instant in a test: ${iso}`);
  return parsed;
};

export const T0 = at('2025-01-01T00:00:00Z');
export const HOUR_MS = 3_600_000;
export const plusDays = (from: Instant, days: number): Instant => (from + days * DAY_MS) as Instant;
export const plusMs = (from: Instant, ms: number): Instant => (from + ms) as Instant;

/** A plain standard server key, 365 days, no expiry date: the case every test varies one field of. */
export const key = (keyId: string, fields: Partial<Omit<LicenseKeySpec, 'keyId'>> = {}): LicenseKeySpec => ({
  keyId,
  type: 'server',
  edition: 'standard',
  subscription: false,
  termDays: 365,
  ...fields,
});

export const registered = (id: string, when: Instant, svmId: string, clusterId: string): SvmRegisteredEvent => ({
  type: 'SvmRegistered',
  id,
  at: when,
  svmId,
  clusterId,
});

export const activated = (
  id: string,
  when: Instant,
  svmId: string,
  activeKey: LicenseKeySpec,
  viaActivationCode?: boolean,
): KeyActivatedEvent =>
  viaActivationCode === undefined
    ? { type: 'KeyActivated', id, at: when, svmId, key: activeKey }
    : { type: 'KeyActivated', id, at: when, svmId, key: activeKey, viaActivationCode };

export const reserveAdded = (
  id: string,
  when: Instant,
  target: ReserveKeyTarget,
  reserveKey: LicenseKeySpec,
): ReserveKeyAddedEvent => ({
  type: 'ReserveKeyAdded',
  id,
  at: when,
  target,
  key: reserveKey,
});

/** `renewed` null is a failed renewal. */
export const renewal = (
  id: string,
  when: Instant,
  svmId: string,
  keyType: KeyTypeName,
  renewed: LicenseKeySpec | null,
): ActivationCodeRenewalEvent =>
  renewed === null
    ? { type: 'ActivationCodeRenewal', id, at: when, svmId, keyType, succeeded: false }
    : { type: 'ActivationCodeRenewal', id, at: when, svmId, keyType, succeeded: true, key: renewed };

/** Lenient replay, so a test can look at every rejection. */
export const run = (events: readonly LedgerEvent[]): ReplayResult => replay({ mode: 'lenient' })(events);

export const stateOf = (events: readonly LedgerEvent[]): LedgerState => {
  const result = run(events);
  if (result.problems.length > 0) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.state;
};

/** The state after `events`, time run forward to `when`. */
export const stateAt = (events: readonly LedgerEvent[], when: Instant): LedgerState => {
  const advanced = advanceTo(when)(stateOf(events));
  if (E.isLeft(advanced)) throw new Error(advanced.left.message);
  return advanced.right;
};

export const slotOf = (state: LedgerState, svmId: string, type: KeyTypeName): KeySlot | undefined =>
  getSvm(state, svmId)?.slots.find((slot) => slot.type === type);

export const activeKeyId = (state: LedgerState, svmId: string, type: KeyTypeName): string | null =>
  slotOf(state, svmId, type)?.active?.key.keyId ?? null;

export const reserveKeyId = (state: LedgerState, svmId: string, type: KeyTypeName): string | null =>
  slotOf(state, svmId, type)?.reserve?.keyId ?? null;

export const taskErrorsOf = (state: LedgerState, svmId: string): TaskError[] => {
  const svm = getSvm(state, svmId);
  return svm === undefined ? [] : historyToArray(svm.taskErrors);
};

export const slotTypes = (state: LedgerState, svmId: string): KeyTypeName[] =>
  getSvm(state, svmId)?.slots.map((slot) => slot.type) ?? [];

export const historyOf = (state: LedgerState, svmId: string): SvmChange[] => {
  const svm = getSvm(state, svmId);
  return svm === undefined ? [] : historyToArray(svm.history);
};
