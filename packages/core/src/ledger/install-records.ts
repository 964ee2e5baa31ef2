import type { Installation } from '../state/machine';

/** The installs of a machine with none, and the queue of an install with none: shared, frozen. */
export const NO_INSTALLS: readonly Installation[] = Object.freeze([]);
export const NO_QUEUE: readonly string[] = Object.freeze([]);

type WritableInstall = { -readonly [K in keyof Installation]: Installation[K] };

/**
 * `install` with another license and queue (a term end's take-over, R-X2, R-X4),
 * as the one record shape every install of a state has: its fields written in
 * one literal, in one order. Installs made by spreading another and adding
 * fields each got a hidden class of their own once frozen (V8 copies the map of
 * an object outside its transition tree to freeze it): a map allocated per
 * install, and every read of an install slow. A spread copy with the two fields
 * written over it was an object of that shape whose `licenseId` was written
 * after it was made: V8 then took the field for one that changes, and threw away
 * `setMachine` and the handlers that had read it as constant.
 */
export const installWithLicense = (
  install: Installation,
  licenseId: string,
  queue: readonly string[],
): Installation => ({
  poolId: install.poolId,
  status: install.status,
  licenseId,
  queue,
  autoExtend: install.autoExtend,
  since: install.since,
  replaces: install.replaces,
});

/** A copy of an install in the one record shape ({@link installWithLicense}). */
export const installRecord = (install: Installation): Installation =>
  installWithLicense(install, install.licenseId, install.queue);

/** Freezes an install, its queue and what a pending one replaces (F9). */
export const freezeInstall = (install: Installation): void => {
  // Handlers make queues as plain arrays: a record's queue is frozen with it. Most
  // installs hold the shared empty one, frozen already (a freeze of it is still a call).
  if (install.queue !== NO_QUEUE) Object.freeze(install.queue);
  if (install.replaces !== null) freezeInstall(install.replaces);
  Object.freeze(install);
};

/** Freezes a list of installs and each install in it. */
export const freezeInstalls = (installs: readonly Installation[]): readonly Installation[] => {
  // Most machines handed out hold none (the shared list, frozen already).
  if (installs === NO_INSTALLS) return installs;
  // Indexed: `for…of` allocated an iterator result per step here, once per machine handed out.
  for (let i = 0; i < installs.length; i++) freezeInstall(installs[i] as Installation);
  return Object.freeze(installs);
};

/** Whether `install` is `target` or replaces it, directly or through another pending install. */
const holds = (install: Installation | null, target: Installation): boolean => {
  for (let at = install; at !== null; at = at.replaces) if (at === target) return true;
  return false;
};

/**
 * The install of `before` whose record may take `now`'s fields in place: the
 * draft's own (unfrozen: every record a state holds is frozen, F9), from the
 * same pool, and gone from `after`, where no install replaces it.
 */
const donorFor = (
  now: Installation,
  before: readonly Installation[],
  after: readonly Installation[],
): WritableInstall | undefined => {
  for (let i = 0; i < before.length; i++) {
    const old = before[i] as Installation;
    if (old.poolId !== now.poolId || Object.isFrozen(old)) continue;
    let kept = false;
    for (let k = 0; k < after.length && !kept; k++) kept = holds(after[k] as Installation, old);
    if (!kept) return old;
  }
  return undefined;
};

/** Writes every field of `from` over `record`, a record of the draft's own. */
const overwrite = (record: WritableInstall, from: Installation): Installation => {
  record.poolId = from.poolId;
  record.status = from.status;
  record.licenseId = from.licenseId;
  record.queue = from.queue;
  record.autoExtend = from.autoExtend;
  record.since = from.since;
  record.replaces = from.replaces;
  return record;
};

/** How many dropped records and arrays an {@link InstallPlacer} keeps for reuse. */
const SPARE_LIMIT = 4096;

/**
 * Stores a draft's installs (see {@link InstallPlacer.place}), reusing what it
 * stored itself: the records and one-install arrays of installs it dropped, which
 * nothing else holds, are written over when it next needs new ones.
 */
export class InstallPlacer {
  /** Reused per call: a machine has one install per pool. */
  private readonly scratch: Installation[] = [];
  private readonly spareRecords: WritableInstall[] = [];
  private readonly spareArrays: Installation[][] = [];

  /**
   * The installs a draft stores for a machine whose installs go from `before` (as
   * stored) to `after` (as a handler made them), and the records in them.
   *
   * An install a handler changed comes as a new record, and the one it replaces
   * would be dropped. Both would have lived long (an install changes a
   * few times in a machine's life, ~100 000 events apart in a large log), so the
   * young generation promoted every dropped one and it piled up in the old
   * generation as garbage. So, when `inPlace` (no journal is open, so no write
   * needs undoing, R-L3), a new install is written over the draft's own record of
   * the same pool and the draft's own array is written over, keeping its length;
   * otherwise an unfrozen copy of the new install is stored (in a record dropped
   * earlier, when there is one), which later changes may write in place. Records
   * stay unfrozen until a state is handed out (`freezeInstalls`). With `inPlace`,
   * the draft's own records and array that the machine no longer holds are kept
   * for reuse: nothing else holds them (a state handed out holds frozen ones
   * only, a deleted agent freezes what it keeps, and `renewingEnds` lets go of an
   * install's end when the install leaves).
   *
   * `placed` is called with each stored install that is not one of `before`, in
   * its final form.
   */
  place(
    before: readonly Installation[],
    after: readonly Installation[],
    inPlace: boolean,
    placed: (install: Installation) => void,
  ): readonly Installation[] {
    const n = after.length;
    const scratch = this.scratch;
    // First every record: `before` must stay as it was while donors are looked for in it.
    for (let k = 0; k < n; k++) {
      const now = after[k] as Installation;
      if (before.includes(now)) {
        scratch[k] = now;
        continue;
      }
      const donor = inPlace ? donorFor(now, before, after) : undefined;
      const spare = donor === undefined ? this.spareRecords.pop() : undefined;
      const stored =
        donor !== undefined ? overwrite(donor, now) : spare !== undefined ? overwrite(spare, now) : installRecord(now);
      scratch[k] = stored;
      placed(stored);
    }
    // The draft's own array and records are its alone: with no journal open, what the machine no longer holds is kept.
    const own = inPlace && !Object.isFrozen(before);
    if (own) this.keepDropped(before, n);
    let target: Installation[];
    if (n === 0) target = NO_INSTALLS as Installation[];
    else if (own && before.length === n) target = before as Installation[];
    else target = (n === 1 ? this.spareArrays.pop() : undefined) ?? new Array<Installation>(n);
    if (own && target !== before && before.length === 1 && this.spareArrays.length < SPARE_LIMIT)
      this.spareArrays.push(before as Installation[]);
    for (let k = 0; k < n; k++) {
      target[k] = scratch[k] as Installation;
      scratch[k] = undefined as unknown as Installation;
    }
    return target;
  }

  /** Keeps for reuse the draft's own records of `before` that none of the `n` installs placed (in `scratch`) holds. */
  private keepDropped(before: readonly Installation[], n: number): void {
    for (let i = 0; i < before.length; i++) {
      const old = before[i] as Installation;
      if (Object.isFrozen(old) || this.spareRecords.length >= SPARE_LIMIT) continue;
      let held = false;
      for (let k = 0; k < n && !held; k++) held = holds(this.scratch[k] as Installation, old);
      if (!held) this.spareRecords.push(old);
    }
  }
}
