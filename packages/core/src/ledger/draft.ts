import { emptyIdHashMap, type IdHashMap } from '../collections/id-hash-map';
import { type Compare, emptyHeap, type Heap, heapInsert, heapPeek, heapPop } from '../collections/leftist-heap';
import { type Edit, emptyMap, getEntry, newEdit, type PersistentMap, removeEntry, retireEdit, setEntry } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { Due, LedgerState } from '../state/ledger-state';
import type { License } from '../state/license';
import type { DeletedAgent, Machine } from '../state/machine';
import type { Pool } from '../state/pool';
import type { Svm } from '../state/svm';
import { findLicense } from '../query/lookup';
import { compareIds } from '../query/compare-ids';

/** Agenda order (R-T4): instant, then licenses before keys, then pool id, machine id. */
export const compareDue: Compare<Due> = (a, b) =>
  a.at - b.at ||
  (a.kind === b.kind ? 0 : a.kind === 'license-end' ? -1 : 1) ||
  compareIds(a.poolId, b.poolId) ||
  compareIds(a.machineId, b.machineId) ||
  compareIds(a.ref, b.ref);

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
  appliedIds!: IdHashMap;
  sequence!: number;

  private currentEdit: Edit = newEdit();

  constructor(
    state: LedgerState,
    /** False when a replay asked for no license and machine histories (counts only, less memory). */
    readonly keepsHistory: boolean = true,
  ) {
    this.restore(state);
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
    this.pools = state.pools;
    this.licenses = state.licenses;
    this.machines = state.machines;
    this.deletedAgents = state.deletedAgents;
    this.awaitingRecovery = state.awaitingRecovery;
    this.svms = state.svms;
    this.agenda = state.agenda;
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
      appliedIds: this.appliedIds,
      sequence: this.sequence,
    });
  }

  pool(poolId: string): Pool | undefined {
    return getEntry(this.pools, poolId);
  }

  setPool(pool: Pool): void {
    this.pools = setEntry(this.pools, pool.poolId, Object.freeze(pool), this.edit);
  }

  /** Any license of a purchased pool, touched or not (R-P3). */
  license(licenseId: string): License | undefined {
    return findLicense(this.pools, this.licenses, licenseId);
  }

  setLicense(license: License): void {
    this.licenses = setEntry(this.licenses, license.licenseId, Object.freeze(license), this.edit);
  }

  machine(machineId: string): Machine | undefined {
    return getEntry(this.machines, machineId);
  }

  /** The machine unless unknown or its agent was deleted (R-D5). */
  liveMachine(machineId: string): Machine | undefined {
    const machine = this.machine(machineId);
    return machine === undefined || machine.deletedAt !== null ? undefined : machine;
  }

  setMachine(machine: Machine): void {
    this.machines = setEntry(this.machines, machine.machineId, Object.freeze(machine), this.edit);
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
 * The state of a ledger with nothing in it.
 *
 * @since 0.1.0
 * @example
 * import { emptyLedger } from '@license-ledger/core'
 * emptyLedger().clock // null
 */
export const emptyLedger = (): LedgerState =>
  Object.freeze({
    clock: null,
    pools: emptyMap<Pool>(),
    licenses: emptyMap<License>(),
    machines: emptyMap<Machine>(),
    deletedAgents: emptyMap<DeletedAgent>(),
    awaitingRecovery: emptyMap<Instant>(),
    svms: emptyMap<Svm>(),
    agenda: emptyHeap<Due>(),
    appliedIds: emptyIdHashMap(),
    sequence: 0,
  });
