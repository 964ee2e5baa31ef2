import type { KeyTypeName, LicenseKeySpec } from '../events/key-events';
import { addDays, type Instant } from '../time/instant';
import type { ActiveKey, KeySlot } from '../state/svm';

/** R-K2: `cores` is one licensing scheme, `server`/`desktop` (per VM) the other. */
export const schemeOf = (type: KeyTypeName): 'cores' | 'per-vm' => (type === 'cores' ? 'cores' : 'per-vm');

/** R-K1: a term started at `startAt` ends at min(start + termDays, expiresAt), never before it starts. */
export const keyTermEnd = (key: LicenseKeySpec, startAt: Instant): Instant => {
  const byTerm = addDays(startAt, key.termDays);
  const end = key.expiresAt === undefined ? byTerm : Math.min(byTerm, key.expiresAt);
  return Math.max(startAt, end) as Instant;
};

export const activeKey = (key: LicenseKeySpec, startAt: Instant, viaActivationCode: boolean): ActiveKey => ({
  key,
  startAt,
  endsAt: keyTermEnd(key, startAt),
  viaActivationCode,
});

export const emptySlot = (type: KeyTypeName): KeySlot => ({ type, active: null, reserve: null, renewal: 'none' });
