import type { Instant, KeySlot, KeyTypeName } from '@license-ledger/core';

/**
 * A slot's status in the report (docs/report-json.md): `licensed` while a key's term is
 * running, `renewal-failed` after online renewal by activation code failed
 * (R-K5), `unlicensed` otherwise, including while that renewal is still awaited.
 *
 * @since 0.1.0
 */
export type SlotStatusName = 'licensed' | 'unlicensed' | 'renewal-failed';

/**
 * One license slot of an SVM (R-K2): its status, the key whose term is running
 * (with the instant it ends, R-K1) and the reserve key waiting to take over (R-K5).
 *
 * @since 0.1.0
 */
export interface SlotStatus {
  readonly type: KeyTypeName;
  readonly status: SlotStatusName;
  readonly active: { readonly keyId: string; readonly endsAt: Instant } | null;
  readonly reserve: { readonly keyId: string } | null;
}

const statusName = (slot: KeySlot): SlotStatusName => {
  if (slot.active !== null) return 'licensed';
  // A slot cannot be licensed and failed at once: activation resets the renewal (R-K3).
  return slot.renewal === 'failed' ? 'renewal-failed' : 'unlicensed';
};

/**
 * The report view of one core slot. Read at the state's clock: an active key
 * in a committed state is always one whose term is still running (R-T4).
 *
 * @since 0.1.0
 */
export const slotStatus = (slot: KeySlot): SlotStatus => ({
  type: slot.type,
  status: statusName(slot),
  active: slot.active === null ? null : { keyId: slot.active.key.keyId, endsAt: slot.active.endsAt },
  reserve: slot.reserve === null ? null : { keyId: slot.reserve.keyId },
});
