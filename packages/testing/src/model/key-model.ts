/**
 * A reference model of the Kaspersky key rules (R-K1–R-K5), written from
 * docs/rules.md with plain maps and loops and no code shared with core. It
 * decides which key events apply (an unknown SVM, a target reaching no SVM, a
 * renewal for a slot not awaiting one are refused) and which reserve keys the
 * activation task adds, so the generators never ask core.
 */
import type { LicenseKeySpec } from '@license-ledger/core';

const DAY = 86_400_000;

type KeyType = LicenseKeySpec['type'];

/** A key running in a slot: its term runs from `start` to `end` (R-K1). */
export interface RunningKey {
  readonly key: LicenseKeySpec;
  readonly start: number;
  readonly end: number;
  readonly byCode: boolean;
}

/** One slot of an SVM (R-K2). */
export interface SlotRecord {
  readonly type: KeyType;
  active: RunningKey | null;
  reserve: LicenseKeySpec | null;
  renewal: 'none' | 'awaiting' | 'failed';
}

/** A registered SVM. */
export interface SvmRecord {
  readonly svmId: string;
  clusterId: string;
  slots: SlotRecord[];
}

/** The SVMs an activation task aims at (R-K4). */
export type ReserveTarget = { readonly svmId: string } | { readonly clusterId: string } | { readonly all: true };

const schemeOf = (type: KeyType): 'cores' | 'per-vm' => (type === 'cores' ? 'cores' : 'per-vm');

/** R-K1: min(start + termDays, expiresAt), never before the start. */
const running = (key: LicenseKeySpec, start: number, byCode: boolean): RunningKey => {
  const byTerm = start + key.termDays * DAY;
  const end = key.expiresAt === undefined ? byTerm : Math.min(byTerm, key.expiresAt);
  return { key, start, end: Math.max(start, end), byCode };
};

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class KeyModel {
  private readonly svms = new Map<string, SvmRecord>();
  now: number;

  constructor(start: number) {
    this.now = start;
  }

  /** Registered SVMs by id. */
  allSvms(): readonly SvmRecord[] {
    return [...this.svms.values()].sort((a, b) => byString(a.svmId, b.svmId));
  }

  /** Every slot, by SVM id then slot type. */
  allSlots(): readonly { readonly svm: SvmRecord; readonly slot: SlotRecord }[] {
    return this.allSvms().flatMap((svm) =>
      [...svm.slots].sort((a, b) => byString(a.type, b.type)).map((slot) => ({ svm, slot })),
    );
  }

  /** R-K5, R-T4: every key end due by `to`; the reserve takes over, or the slot awaits renewal or is unlicensed. */
  advance(to: number): void {
    for (;;) {
      let due: SlotRecord | undefined;
      for (const svm of this.svms.values())
        for (const slot of svm.slots)
          if (
            slot.active !== null &&
            slot.active.end <= to &&
            (due === undefined || slot.active.end < (due.active as RunningKey).end)
          )
            due = slot;
      if (due === undefined) break;
      const ended = due.active as RunningKey;
      const next = due.reserve === null ? null : running(due.reserve, ended.end, false);
      due.active = next;
      due.reserve = null;
      due.renewal = next === null && ended.byCode ? 'awaiting' : 'none';
    }
    this.now = Math.max(this.now, to);
  }

  /** An SVM joins, or moves to, a cluster. */
  registerSvm(event: { svmId: string; clusterId: string }): boolean {
    const known = this.svms.get(event.svmId);
    if (known === undefined) this.svms.set(event.svmId, { svmId: event.svmId, clusterId: event.clusterId, slots: [] });
    else known.clusterId = event.clusterId;
    return true;
  }

  /** R-K3: refused for an unknown SVM. */
  activate(event: { svmId: string; key: LicenseKeySpec; viaActivationCode?: boolean | undefined }): boolean {
    const svm = this.svms.get(event.svmId);
    if (svm === undefined) return false;
    this.putActive(svm, event.key, event.viaActivationCode === true);
    return true;
  }

  /** R-K4: refused when the target reaches no SVM; on each SVM the task adds the reserve or records a task error. */
  addReserve(event: { target: ReserveTarget; key: LicenseKeySpec }): boolean {
    const { target } = event;
    const targeted = this.allSvms().filter((svm) =>
      'svmId' in target
        ? svm.svmId === target.svmId
        : 'clusterId' in target
          ? svm.clusterId === target.clusterId
          : true,
    );
    if (targeted.length === 0) return false;
    for (const svm of targeted) {
      if (this.refusal(svm, event.key) !== null) continue;
      const slot = svm.slots.find((s) => s.type === event.key.type);
      if (slot !== undefined) slot.reserve = event.key;
    }
    return true;
  }

  /** R-K5: only for a slot awaiting renewal, with a key of the slot's type. */
  renew(event: { svmId: string; keyType: KeyType; succeeded: boolean; key?: LicenseKeySpec | undefined }): boolean {
    const svm = this.svms.get(event.svmId);
    const slot = svm?.slots.find((s) => s.type === event.keyType);
    if (svm === undefined || slot?.renewal !== 'awaiting') return false;
    if (event.key !== undefined && event.key.type !== event.keyType) return false;
    if (event.key !== undefined) this.putActive(svm, event.key, true);
    else slot.renewal = 'failed';
    return true;
  }

  /** R-K4: why the task cannot add `key` on `svm`, or null. */
  refusal(svm: SvmRecord, key: LicenseKeySpec): string | null {
    const actives = svm.slots.filter((s) => s.active !== null);
    if (actives.length === 0) return 'no-active-key';
    const active = actives.find((s) => s.type === key.type)?.active;
    if (active == null) return 'type-mismatch';
    if (active.key.subscription || key.subscription) return 'subscription';
    if (key.trial === true) return 'trial';
    if (active.key.edition !== key.edition) return 'edition-mismatch';
    return null;
  }

  /**
   * R-K3: the key of the other scheme clears the old scheme's slots; a reserve that
   * expires before the new term ends, or that R-K4 would refuse beside the new key,
   * or that is the new key itself, is removed; any wait for renewal ends.
   */
  private putActive(svm: SvmRecord, key: LicenseKeySpec, byCode: boolean): void {
    svm.slots = svm.slots.filter((s) => schemeOf(s.type) === schemeOf(key.type));
    let slot = svm.slots.find((s) => s.type === key.type);
    if (slot === undefined) {
      slot = { type: key.type, active: null, reserve: null, renewal: 'none' };
      svm.slots.push(slot);
    }
    const next = running(key, this.now, byCode);
    const reserve = slot.reserve;
    if (
      reserve !== null &&
      (reserve.keyId === key.keyId ||
        (reserve.expiresAt !== undefined && reserve.expiresAt < next.end) ||
        key.subscription ||
        reserve.edition !== key.edition)
    )
      slot.reserve = null;
    slot.active = next;
    slot.renewal = 'none';
  }
}
