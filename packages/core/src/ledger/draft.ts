import { emptyIdHashMap, type IdHashMap } from '../collections/id-hash-map';
import { emptyHeap, type Heap, heapInsert, heapPeek, heapPop } from '../collections/leftist-heap';
import { DEFAULT_HASH_SEED, type HashSeed } from '../collections/hash-seed';
import { type Edit, emptyMap, getEntry, mapSeed, newEdit, type PersistentMap, removeEntry, retireEdit, setEntry } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { Due, LedgerState, LicenseEnd, RenewingEnd } from '../state/ledger-state';
import type { License } from '../state/license';
import type { DeletedAgent, Installation, Machine } from '../state/machine';
import type { Pool } from '../state/pool';
import type { Svm } from '../state/svm';
import { findLicense } from '../query/lookup';
import { compareDue, endBucket, renews } from './agenda';

/**
 * Told of every change a replay (or `advanceTo`) makes to a pool, as it makes it:
 * `at` is the instant from which the change shows (an event's instant; a term
 * end's own instant, or the event's when a back-dated install made it due at
 * once), and `pool` is the record as it stands after the change. Read what you
 * need during the call: the record may be reused after it returns.
 *
 * Calls come in time order but for one case: the time-driven changes made just
 * before an event that is then rejected are undone (R-L3), and made again, at the
 * same instants and with the same outcome, by the next event or `advanceTo`.
 * A call with an earlier instant than the one before therefore means that what
 * was told after that instant is being told again (see `@license-ledger/timeline`).
 *
 * @since 0.2.0
 * @example
 * import type { PoolObserver } from '@license-ledger/core'
 * const changes: number[] = []
 * const observer: PoolObserver = (at, pool) => { changes.push(at, pool.counts.applied) }
 */
export type PoolObserver = (at: Instant, pool: Pool) => void;

/**
 * The reads a handler may make while it decides whether an event can be applied.
 * Decisions see only this, so a rejected event cannot have written anything.
 */
export interface LedgerReader {
  readonly clock: Instant | null;
  readonly sequence: number;
  pool(poolId: string): Pool | undefined;
  license(licenseId: string): License | undefined;
  machine(machineId: string): Machine | undefined;
  liveMachine(machineId: string): Machine | undefined;
  svm(svmId: string): Svm | undefined;
  readonly svms: PersistentMap<Svm>;
  readonly deletedAgents: PersistentMap<DeletedAgent>;
  readonly awaitingRecovery: PersistentMap<Instant>;
}

/**
 * A ledger state open for writing within one batch. Collections are persistent
 * maps written with the batch's {@link Edit}, so a replay updates them in place
 * after the first copy, while any state committed earlier stays untouched.
 */
export class Draft implements LedgerReader {
  // Assigned by restore(), which the constructor calls.
  clock!: Instant | null;
  pools!: PersistentMap<Pool>;
  licenses!: PersistentMap<License>;
  machines!: PersistentMap<Machine>;
  deletedAgents!: PersistentMap<DeletedAgent>;
  awaitingRecovery!: PersistentMap<Instant>;
  svms!: PersistentMap<Svm>;
  agenda!: Heap<Due>;
  licenseEnds!: PersistentMap<PersistentMap<LicenseEnd>>;
  renewingEnds!: PersistentMap<RenewingEnd>;
  appliedIds!: IdHashMap;
  sequence!: number;

  /** Who is told of pool changes (a timeline); none by default. */
  observer: PoolObserver | undefined = undefined;
  /** The instant the change being made shows from, for {@link observer}: set per event and per due change. */
  now = -Infinity;

  private currentEdit: Edit = newEdit();
  /**
   * The value `machines` holds for its id, as last read or written: `setMachine`
   * compares a machine's installs with what it replaces without a second lookup.
   * Exact because only `setMachine` and `restore` change `machines`.
   */
  private lastMachine: Machine | undefined = undefined;

  constructor(
    state: LedgerState,
    /** False when a replay asked for no license and machine histories (counts only, less memory). */
    readonly keepsHistory: boolean = true,
  ) {
    this.restore(state);
  }

  /** The seed of the state's hash tables (see `HashSeed`): maps made inside it use it too. */
  get hashSeed(): HashSeed {
    return mapSeed(this.pools);
  }

  /** The batch's ownership token: nodes it made are written in place until {@link snapshot}. */
  get edit(): Edit {
    return this.currentEdit;
  }

  /**
   * The state so far, immutable from now on: the batch's token is retired (nothing
   * it made is written again) and a new one starts for whatever comes next.
   */
  snapshot(): LedgerState {
    retireEdit(this.currentEdit);
    const state = this.commit();
    this.currentEdit = newEdit();
    return state;
  }

  /** Points the draft at `state`: where it starts, or a {@link snapshot} to go back to (a rejected event). */
  restore(state: LedgerState): void {
    this.clock = state.clock;
    this.now = state.clock ?? -Infinity;
    this.pools = state.pools;
    this.licenses = state.licenses;
    this.machines = state.machines;
    this.lastMachine = undefined;
    this.deletedAgents = state.deletedAgents;
    this.awaitingRecovery = state.awaitingRecovery;
    this.svms = state.svms;
    this.agenda = state.agenda;
    this.licenseEnds = state.licenseEnds;
    this.renewingEnds = state.renewingEnds;
    this.appliedIds = state.appliedIds;
    this.sequence = state.sequence;
  }

  /** Whether a time-driven change is due at or before `at` (R-T4). */
  hasDueBy(at: Instant): boolean {
    const due = heapPeek(this.agenda);
    return due !== undefined && due.at <= at;
  }

  private commit(): LedgerState {
    return Object.freeze({
      clock: this.clock,
      pools: this.pools,
      licenses: this.licenses,
      machines: this.machines,
      deletedAgents: this.deletedAgents,
      awaitingRecovery: this.awaitingRecovery,
      svms: this.svms,
      agenda: this.agenda,
      licenseEnds: this.licenseEnds,
      renewingEnds: this.renewingEnds,
      appliedIds: this.appliedIds,
      sequence: this.sequence,
    });
  }

  pool(poolId: string): Pool | undefined {
    return getEntry(this.pools, poolId);
  }

  setPool(pool: Pool): void {
    const stored = Object.freeze(pool);
    this.pools = setEntry(this.pools, pool.poolId, stored, this.edit);
    if (this.observer !== undefined) this.observer(this.now as Instant, stored);
  }

  /** Any license of a purchased pool, touched or not (R-P3). */
  license(licenseId: string): License | undefined {
    return findLicense(this.pools, this.licenses, licenseId);
  }

  setLicense(license: License): void {
    this.licenses = setEntry(this.licenses, license.licenseId, Object.freeze(license), this.edit);
  }

  machine(machineId: string): Machine | undefined {
    const machine = getEntry(this.machines, machineId);
    if (machine !== undefined) this.lastMachine = machine;
    return machine;
  }

  /** The machine unless unknown or its agent was deleted (R-D5). */
  liveMachine(machineId: string): Machine | undefined {
    const machine = this.machine(machineId);
    return machine === undefined || machine.deletedAt !== null ? undefined : machine;
  }

  /** Writes a machine; when its installs changed, `renewingEnds` follows (the one place machines are written). */
  setMachine(machine: Machine): void {
    // The handler nearly always read this machine just before: no second lookup then.
    const last = this.lastMachine;
    const before = last?.machineId === machine.machineId ? last : getEntry(this.machines, machine.machineId);
    const stored = Object.freeze(machine);
    this.machines = setEntry(this.machines, machine.machineId, stored, this.edit);
    this.lastMachine = stored;
    if (before?.installs !== stored.installs) this.syncRenewing(before?.installs ?? [], stored.installs);
  }

  /**
   * Keeps `renewingEnds` in step with one machine's installs (one per pool): the
   * end of an install's license leaves it when the install no longer renews or
   * runs another license, and enters it, with the install, whenever a renewing
   * install changed. Every `applyLicense` is followed by a write of its machine
   * with a changed install, so a renewing end is always the current one; an end
   * that came and went while its install stayed the same (auto-extend found
   * nothing) is left behind, and `forecastPools` skips it because `licenseEnds`
   * no longer holds it.
   */
  private syncRenewing(before: readonly Installation[], after: readonly Installation[]): void {
    if (!before.some(renews) && !after.some(renews)) return;
    for (const old of before) {
      if (!renews(old)) continue;
      const now = after.find((install) => install.poolId === old.poolId);
      if (now === undefined || !renews(now) || now.licenseId !== old.licenseId) this.renewingEnds = removeEntry(this.renewingEnds, old.licenseId, this.edit);
    }
    for (const now of after) {
      if (!renews(now) || before.includes(now)) continue;
      const due = this.licenseEnd(now.licenseId);
      this.renewingEnds =
        due === undefined
          ? removeEntry(this.renewingEnds, now.licenseId, this.edit)
          : setEntry(this.renewingEnds, now.licenseId, Object.freeze({ due, install: now }), this.edit);
    }
  }

  /** The scheduled end of a license, if it is applied with a term. */
  private licenseEnd(licenseId: string): LicenseEnd | undefined {
    const license = this.license(licenseId);
    if (license?.status !== 'applied' || license.endAt === null) return undefined;
    const ends = getEntry(this.licenseEnds, endBucket(license.endAt, license.poolId));
    return ends === undefined ? undefined : getEntry(ends, licenseId);
  }

  /** Stores what a deleted agent still holds; `holdsKes` keeps the recovery index in step. */
  setDeletedAgent(agent: DeletedAgent, holdsKes: boolean): void {
    this.deletedAgents =
      agent.installs.length === 0
        ? removeEntry(this.deletedAgents, agent.key, this.edit)
        : setEntry(this.deletedAgents, agent.key, Object.freeze(agent), this.edit);
    this.awaitingRecovery = holdsKes
      ? setEntry(this.awaitingRecovery, agent.key, agent.deletedAt, this.edit)
      : removeEntry(this.awaitingRecovery, agent.key, this.edit);
  }

  svm(svmId: string): Svm | undefined {
    return getEntry(this.svms, svmId);
  }

  setSvm(svm: Svm): void {
    this.svms = setEntry(this.svms, svm.svmId, svm, this.edit);
  }

  schedule(due: Due): void {
    this.agenda = heapInsert(this.agenda, Object.freeze(due), compareDue);
  }

  /** Schedules an applied license's end (R-T2): on the agenda, and in the exact `licenseEnds`. */
  scheduleLicenseEnd(due: LicenseEnd): void {
    const frozen = Object.freeze(due);
    this.schedule(frozen);
    const bucket = endBucket(frozen.at, frozen.poolId);
    const ends = getEntry(this.licenseEnds, bucket) ?? emptyMap<LicenseEnd>(this.hashSeed);
    this.licenseEnds = setEntry(this.licenseEnds, bucket, setEntry(ends, frozen.licenseId, frozen, this.edit), this.edit);
  }

  /**
   * A license with an end left Applied: its end leaves `licenseEnds` (the agenda
   * keeps its entry, which is skipped as stale when it comes up; so may
   * `renewingEnds`, see {@link syncRenewing}).
   */
  dropLicenseEnd(license: Pick<License, 'licenseId' | 'poolId'> & { readonly endAt: Instant }): void {
    const { licenseId } = license;
    const bucket = endBucket(license.endAt, license.poolId);
    const ends = getEntry(this.licenseEnds, bucket);
    if (ends === undefined) return;
    const rest = removeEntry(ends, licenseId, this.edit);
    if (rest === ends) return;
    this.licenseEnds = rest.size === 0 ? removeEntry(this.licenseEnds, bucket, this.edit) : setEntry(this.licenseEnds, bucket, rest, this.edit);
  }

  /** The next time-driven change if it is due at or before `until`, taken off the agenda. */
  takeDue(until: Instant): Due | undefined {
    const due = heapPeek(this.agenda);
    if (due === undefined || due.at > until) return undefined;
    this.agenda = heapPop(this.agenda, compareDue);
    return due;
  }

  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

/**
 * How to start an empty ledger.
 *
 * @since 0.2.0
 * @example const options: LedgerOptions = { hashSeed: hashSeedOf(7, 11) }
 */
export interface LedgerOptions {
  /**
   * The key of the hash every table of the state places its keys by. Pass a
   * random one for logs you do not trust (`randomHashSeed()` from
   * `@license-ledger/core/node`), so their ids cannot be chosen to collide; the
   * default is fixed and public ({@link DEFAULT_HASH_SEED}). It changes no
   * result, only where keys sit in memory.
   */
  readonly hashSeed?: HashSeed;
}

/**
 * The state of a ledger with nothing in it.
 *
 * @since 0.1.0
 * @example
 * import { emptyLedger } from '@license-ledger/core'
 * emptyLedger().clock // null
 */
export const emptyLedger = (options: LedgerOptions = {}): LedgerState => {
  const seed = options.hashSeed ?? DEFAULT_HASH_SEED;
  return Object.freeze({
    clock: null,
    pools: emptyMap<Pool>(seed),
    licenses: emptyMap<License>(seed),
    machines: emptyMap<Machine>(seed),
    deletedAgents: emptyMap<DeletedAgent>(seed),
    awaitingRecovery: emptyMap<Instant>(seed),
    svms: emptyMap<Svm>(seed),
    agenda: emptyHeap<Due>(),
    licenseEnds: emptyMap<PersistentMap<LicenseEnd>>(seed),
    renewingEnds: emptyMap<RenewingEnd>(seed),
    appliedIds: emptyIdHashMap(seed),
    sequence: 0,
  });
};
