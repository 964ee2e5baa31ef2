import { emptyIdHashMap, IdAppender } from '../collections/id-hash-map';
import { emptyHeap, heapInsert, sealHeap } from '../collections/leftist-heap';
import { OverlayHeap } from '../collections/overlay-heap';
import { DEFAULT_HASH_SEED, type HashSeed } from '../collections/hash-seed';
import {
  type Edit,
  emptyMap,
  getEntry,
  newEdit,
  type PersistentMap,
  retireEdit,
  setEntry,
} from '../collections/persistent-map';
import { type Journal, newJournal, OverlayMap, undoJournal } from '../collections/overlay-map';
import type { Instant } from '../time/instant';
import type { Due, LedgerState, LicenseEnd, RenewingEnd } from '../state/ledger-state';
import type { License } from '../state/license';
import type { DeletedAgent, Installation, Machine } from '../state/machine';
import { POOL_COUNTERS, type Pool, type PoolCounter } from '../state/pool';
import type { Svm } from '../state/svm';
import { parseLicenseId, untouchedLicense } from '../query/lookup';
import { stateToJSON } from '../state/not-serializable';
import { compareDue, endBucketKeys, renews } from './agenda';
import { ByLicense, commitByLicense } from './by-license';
import { EndChanges } from './end-changes';
import { freezeInstalls, InstallPlacer, NO_INSTALLS } from './install-records';
import { byNumber, comparePartial } from './queue-order';
import { newPool } from './new-pool';

/** A pool record open for writing: only the draft's own records are ever typed so. */
export type WritablePool = { -readonly [K in keyof Pool]: Pool[K] } & { counts: Record<PoolCounter, number> };

/** The fields of a pool a change may write. */
export type PoolPatch = Partial<Pick<Pool, 'purchases' | 'max' | 'nextFresh' | 'returned' | 'partials' | 'groups'>>;

/** Every field of a license a change writes: what {@link Draft.updateLicense} takes, always whole (one shape). */
export type LicenseFields = Omit<License, 'licenseId' | 'poolId' | 'number' | 'termDays'>;

/*
 * Records are stored in one shape per kind: fields written in one literal, in
 * one order. Records made by spreading another and overriding fields drifted
 * into dozens of hidden classes (V8 gives an object outside its map transition
 * tree a map of its own when frozen), which made every read of them slow.
 */
const poolRecord = (pool: Pool): WritablePool => ({
  poolId: pool.poolId,
  module: pool.module,
  purchases: pool.purchases,
  max: pool.max,
  nextFresh: pool.nextFresh,
  returned: pool.returned,
  partials: pool.partials,
  counts: {
    reservedFromUnused: pool.counts.reservedFromUnused,
    reservedFromPartial: pool.counts.reservedFromPartial,
    applied: pool.counts.applied,
    expired: pool.counts.expired,
    extended: pool.counts.extended,
    other: pool.counts.other,
    held: pool.counts.held,
  },
  groups: pool.groups,
});

/** A license in the one record shape: a spread copy with a patch over it grew an out-of-object property store (88 B per license). */
const licenseRecord = (license: License): License => ({
  licenseId: license.licenseId,
  poolId: license.poolId,
  number: license.number,
  termDays: license.termDays,
  status: license.status,
  machineId: license.machineId,
  daysLeft: license.daysLeft,
  startAt: license.startAt,
  endAt: license.endAt,
  reservedFrom: license.reservedFrom,
  partialRank: license.partialRank,
  history: license.history,
});

/** `license` with the fields a change writes taken from `next`, in the one record shape ({@link licenseRecord}). */
const licenseWith = (license: License, next: LicenseFields): License => ({
  licenseId: license.licenseId,
  poolId: license.poolId,
  number: license.number,
  termDays: license.termDays,
  status: next.status,
  machineId: next.machineId,
  daysLeft: next.daysLeft,
  startAt: next.startAt,
  endAt: next.endAt,
  reservedFrom: next.reservedFrom,
  partialRank: next.partialRank,
  history: next.history,
});

/** Writes the fields of `next` over a license record the draft owns. */
const overwriteLicense = (record: License, next: LicenseFields): void => {
  const target = record as { -readonly [K in keyof License]: License[K] };
  target.status = next.status;
  target.machineId = next.machineId;
  target.daysLeft = next.daysLeft;
  target.startAt = next.startAt;
  target.endAt = next.endAt;
  target.reservedFrom = next.reservedFrom;
  target.partialRank = next.partialRank;
  target.history = next.history;
};

const machineRecord = (machine: Machine, installs: readonly Installation[]): Machine => ({
  machineId: machine.machineId,
  incarnation: machine.incarnation,
  groupId: machine.groupId,
  deletedAt: machine.deletedAt,
  avRemovedAt: machine.avRemovedAt,
  installs,
  history: machine.history,
});

const FROZEN_RECORDS = { frozenValues: true } as const;

/** How many ends a draft drops before it purges its agenda of them ({@link Draft.dropLicenseEnd}). */
const AGENDA_PURGE_MINIMUM = 64;

/** The license a renewing end is of (its key in `renewingEnds`). */
const renewingLicense = (entry: RenewingEnd): string => entry.due.licenseId;

/** The instant of an agenda entry: `compareDue` orders by it first. */
const dueInstant = (due: Due): number => due.at;

/** Writes every field of `next` over a machine record the draft owns (one field order, as {@link machineRecord}). */
const overwriteMachine = (record: Machine, next: Machine, installs: readonly Installation[]): void => {
  const target = record as { -readonly [K in keyof Machine]: Machine[K] };
  target.incarnation = next.incarnation;
  target.groupId = next.groupId;
  target.deletedAt = next.deletedAt;
  target.avRemovedAt = next.avRemovedAt;
  target.installs = installs;
  target.history = next.history;
};

/** Freezes a machine record when a state is handed out, with its installs (F9): the draft writes them in place until then. */
const sealMachine = (machine: Machine): void => {
  freezeInstalls(machine.installs);
  Object.freeze(machine);
};

/**
 * Freezes a license record when a state is handed out, with its partial rank
 * (F9): a release makes the rank unfrozen (~600 instructions a freeze, and most
 * partials are taken again before a hand-out; docs/performance.md, "Twentieth session").
 * A pool's partials queue holds only ranks of its partial licenses, so every rank
 * a state holds is frozen with a license record of that state or an earlier one.
 */
const sealLicense = (license: License): void => {
  if (license.partialRank !== null) Object.freeze(license.partialRank);
  Object.freeze(license);
};

/** Freezes a renewing end when a state is handed out, with the end it holds (F9): its install is sealed with its machine. */
const sealRenewing = (entry: RenewingEnd): void => {
  Object.freeze(entry.due);
  Object.freeze(entry);
};

/** Freezes a pool record when a state is handed out: the record and the arrays, counters and queues in it (F9). */
const sealPool = (pool: Pool): void => {
  sealHeap(pool.returned);
  sealHeap(pool.partials);
  Object.freeze(pool.purchases);
  Object.freeze(pool.counts);
  Object.freeze(pool);
};

/**
 * {@link sealPool} for pools handed out alone ({@link Draft.commitCounts}): the
 * partial ranks of its queue are frozen with the queue's new nodes, since no
 * license record is sealed with them then (see {@link sealLicense}).
 */
const sealPoolAlone = (pool: Pool): void => {
  sealHeap(pool.partials, Object.freeze);
  sealPool(pool);
};

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
  /** Every SVM, in no particular order. */
  allSvms(): Svm[];
  deletedAgent(key: string): DeletedAgent | undefined;
  /** The keys of every deleted agent still holding something, in no particular order. */
  deletedAgentKeys(): string[];
  /** The keys of the deleted agents holding KES licenses (R-D2), in no particular order. */
  awaitingRecoveryKeys(): string[];
}

/**
 * A ledger state open for writing: the one interface every handler writes
 * through. Reads see the draft's own writes over the state it started from;
 * writes go to plain mutable maps ({@link OverlayMap}) and become a persistent,
 * immutable state only when one is handed out ({@link snapshot}). A replay keeps
 * one draft for a whole log (a transient replay: nothing persistent is built per
 * event); `applyEvent` makes one per event over the state it was given, which it
 * never changes.
 */
export class Draft implements LedgerReader {
  // Assigned by restore(), which the constructor calls.
  clock!: Instant | null;
  private pools!: OverlayMap<Pool>;
  private licenses!: OverlayMap<License>;
  private machines!: OverlayMap<Machine>;
  private deletedAgents!: OverlayMap<DeletedAgent>;
  private awaitingRecovery!: OverlayMap<Instant>;
  private svms!: OverlayMap<Svm>;
  private agenda!: OverlayHeap<Due>;
  /** The state the draft started from or last handed out: what its overlays and end changes lie over. */
  private base!: LedgerState;
  private endChanges!: EndChanges;
  /**
   * Ends dropped since the agenda was last purged ({@link purgeAgenda}): each may
   * have left an entry on the agenda that would only be skipped as stale when it came up.
   */
  private endsDropped = 0;
  /** What the draft changed in `renewingEnds` since its base, by license (`null`: the license left it). */
  private renewingEnds!: ByLicense<RenewingEnd | null>;
  /** Every applied event id with its body digest (R-L5). */
  appliedIds!: IdAppender;
  /** The body digest of the event being applied, as four words (`applyToDraft`). */
  readonly digestWords = new Int32Array(4);
  sequence!: number;

  private readonly journal: Journal = newJournal();
  /** What {@link rollback} puts back besides the journaled writes. */
  private saved: { clock: Instant | null; sequence: number; now: number; edit: Edit } | null = null;
  /** Who is told of pool changes (a timeline); none by default. */
  observer: PoolObserver | undefined = undefined;
  /** The instant the change being made shows from, for {@link observer}: set per event and per due change. */
  now = -Infinity;

  private currentEdit: Edit = newEdit();
  /**
   * The machine last read or written and its id (`undefined`: none with that
   * id): a handler reads the machine of its event while it decides and again
   * when it writes, and `setMachine` compares the installs with what it
   * replaces, all without a second lookup in a large map. Exact because only
   * `setMachine`, `restore` and `rollback` change `machines`.
   */
  private lastMachineId: string | null = null;
  private lastMachine: Machine | undefined = undefined;
  /** Whether `lastMachine` is one of the draft's own writes ({@link OverlayMap.owns}), as found when it was read or stored. */
  private lastMachineOwned = false;
  /**
   * The license last read or written, by id, likewise (only found ones: a
   * license unknown now may be bought later). Only `setLicense`,
   * `updateLicense`, `restore` and `rollback` change `licenses`.
   */
  private lastLicenseId: string | null = null;
  private lastLicense: License | undefined = undefined;
  private lastLicenseOwned = false;
  /** `endBucket`, one string per bucket for the draft's life ({@link endBucketKeys}). */
  private readonly endKey = endBucketKeys();

  constructor(
    state: LedgerState,
    /** False when a replay asked for no license and machine histories (counts only, less memory). */
    readonly keepsHistory: boolean = true,
  ) {
    this.restore(state);
  }

  /** The seed of the state's hash tables (see `HashSeed`): maps made inside it use it too. */
  get hashSeed(): HashSeed {
    return this.pools.seed;
  }

  /**
   * The ownership token of the nested persistent collections (a pool's groups,
   * an end bucket): nodes it made are written in place until the next
   * {@link snapshot} or {@link checkpoint}.
   */
  get edit(): Edit {
    return this.currentEdit;
  }

  /** Retires the token (nothing it made is written again) and starts a new one. */
  private renewEdit(): void {
    retireEdit(this.currentEdit);
    this.currentEdit = newEdit();
  }

  /**
   * Takes the records and indexes of a state read for a replay that goes on
   * from it and owns them (`replayerFromSnapshot`) as if the draft had written
   * them itself: `licenses` and `machines` are changed in place and frozen when
   * a state is handed out, `ends` are the changes of `licenseEnds`,
   * `renewingEnds` its writes and `dues` the agenda's pushes. The draft's state
   * must hold no license, machine, license end, renewing end nor agenda entry,
   * and nothing else may hold what it is given.
   */
  ownRecords(parts: {
    readonly licenses: Map<string, License>;
    readonly machines: Map<string, Machine>;
    readonly ends: Map<string, LicenseEnd>;
    readonly renewingEnds: Map<string, RenewingEnd>;
    readonly dues: Due[];
  }): void {
    this.licenses.adoptOwn(parts.licenses);
    this.machines.adoptOwn(parts.machines);
    this.endChanges.adoptOwn(parts.ends);
    const renewing = this.renewingEnds;
    parts.renewingEnds.forEach((entry, licenseId) => renewing.set(entry.due.poolId, licenseId, entry));
    this.agenda.adoptOwn(parts.dues);
    this.forgetLastRecords();
  }

  /** The bucket of `licenseEnds` that held a license's end in the state the draft started from. */
  private readonly bucketBefore = (licenseId: string): string | undefined => {
    const before = getEntry(this.base.licenses, licenseId);
    return before !== undefined && before.status === 'applied' && before.endAt !== null
      ? this.endKey(before.endAt, before.poolId)
      : undefined;
  };

  /**
   * The state so far, immutable from now on: the writes are built into
   * persistent maps over the state the draft started from (O(writes)), and the
   * draft goes on from that state.
   */
  snapshot(): LedgerState {
    const edit = this.currentEdit;
    const state = Object.freeze({
      clock: this.clock,
      pools: this.pools.commit(edit, sealPool),
      licenses: this.licenses.commit(edit, sealLicense),
      machines: this.machines.commit(edit, sealMachine),
      deletedAgents: this.deletedAgents.commit(edit),
      awaitingRecovery: this.awaitingRecovery.commit(edit),
      svms: this.svms.commit(edit),
      agenda: this.agenda.commit(Object.freeze),
      licenseEnds: this.endChanges.commit(this.base.licenseEnds, this.bucketBefore, this.endKey, this.hashSeed, edit),
      renewingEnds: commitByLicense(this.base.renewingEnds, this.renewingEnds, renewingLicense, edit, sealRenewing),
      appliedIds: this.appliedIds.map(),
      sequence: this.sequence,
      toJSON: stateToJSON,
    });
    this.base = state;
    // What the draft stored is the state's now: nothing is its own any more.
    this.lastMachineOwned = false;
    this.lastLicenseOwned = false;
    this.renewEdit();
    return state;
  }

  /**
   * The pools and SVMs so far, immutable from now on (F9), and nothing else
   * built: what the counts of a replay are read from (`Replayer.view`). The
   * licenses, machines, ends and agenda stay the draft's own, and the draft goes
   * on as after {@link snapshot}: what it hands out here is never written again.
   * Not while a journal is open (between events only).
   */
  commitCounts(): { readonly pools: PersistentMap<Pool>; readonly svms: PersistentMap<Svm> } {
    const edit = this.currentEdit;
    const pools = this.pools.commit(edit, sealPoolAlone);
    const svms = this.svms.commit(edit);
    // The pools handed out hold queues and groups made under this token, which the draft would otherwise go on writing in place.
    this.renewEdit();
    return { pools, svms };
  }

  /** Points the draft at `state`, dropping every write not yet in a snapshot. */
  restore(state: LedgerState): void {
    const journal = this.journal;
    journal.entries = null;
    this.saved = null;
    this.clock = state.clock;
    this.now = state.clock ?? -Infinity;
    // A state's records are frozen (F9) and the draft's own are not until it hands them out.
    this.pools = new OverlayMap(state.pools, journal, FROZEN_RECORDS);
    this.licenses = new OverlayMap(state.licenses, journal, FROZEN_RECORDS);
    this.machines = new OverlayMap(state.machines, journal, FROZEN_RECORDS);
    this.forgetLastRecords();
    this.deletedAgents = new OverlayMap(state.deletedAgents, journal);
    this.awaitingRecovery = new OverlayMap(state.awaitingRecovery, journal);
    this.svms = new OverlayMap(state.svms, journal);
    this.agenda = new OverlayHeap(state.agenda, compareDue, dueInstant);
    this.endsDropped = 0;
    this.base = state;
    this.endChanges = new EndChanges(journal);
    this.renewingEnds = new ByLicense(journal);
    this.appliedIds = new IdAppender(state.appliedIds);
    this.sequence = state.sequence;
  }

  /**
   * Starts recording writes so that {@link rollback} can undo them: an event
   * whose due changes run before it is decided (R-T4) may still be rejected,
   * and then moves nothing, not even time (R-L3). {@link release} keeps them.
   */
  checkpoint(): void {
    // Nested persistent collections written in place could change a record the
    // journal keeps: the journaled writes get an edit token of their own, so they
    // copy what the draft's token owns, and the draft's token goes on afterwards
    // (renewing it instead made every nested collection copy its path again after
    // each of the ~120 000 checkpoints of the 1M-event benchmark log).
    this.saved = { clock: this.clock, sequence: this.sequence, now: this.now, edit: this.currentEdit };
    this.currentEdit = newEdit();
    this.journal.entries = [];
    this.agenda.mark();
  }

  /** Retires the journal's edit token and goes back to the draft's. */
  private endJournal(saved: { readonly edit: Edit }): void {
    retireEdit(this.currentEdit);
    this.currentEdit = saved.edit;
  }

  /** Undoes every write since {@link checkpoint}. */
  rollback(): void {
    undoJournal(this.journal);
    const saved = this.saved;
    this.saved = null;
    this.forgetLastRecords();
    if (saved === null) return;
    this.endJournal(saved);
    this.clock = saved.clock;
    this.sequence = saved.sequence;
    this.agenda.undo();
    this.now = saved.now;
  }

  /** Keeps the writes since {@link checkpoint} and stops recording. */
  release(): void {
    this.journal.entries = null;
    this.agenda.keep();
    const saved = this.saved;
    this.saved = null;
    if (saved !== null) this.endJournal(saved);
  }

  /** Whether a time-driven change is due at or before `at` (R-T4). */
  hasDueBy(at: Instant): boolean {
    const due = this.agenda.peek();
    return due !== undefined && due.at <= at;
  }

  pool(poolId: string): Pool | undefined {
    return this.pools.get(poolId);
  }

  /**
   * Stores a pool record the draft did not have (a first purchase, a state read
   * back): it is changed in place from now on ({@link writablePool}) and frozen,
   * with its counters and purchases, when a state is handed out (F9).
   */
  setPool(pool: Pool): void {
    const own = poolRecord(pool);
    this.pools.set(own.poolId, own);
    this.poolChanged(own);
  }

  /**
   * The pool record to write a change to: the record itself when the draft may
   * change it in place ({@link OverlayMap.owns}), else a copy with counters of its own,
   * stored in its place. Call {@link poolChanged} once the change is made.
   */
  writablePool(pool: Pool): WritablePool {
    if (this.journal.entries === null && this.pools.owns(pool.poolId, pool)) return pool;
    const copy = poolRecord(pool);
    this.pools.set(copy.poolId, copy);
    return copy;
  }

  /** Writes `patch` over a pool ({@link writablePool}) and tells the observer; returns the record now stored. */
  updatePool(pool: Pool, patch: PoolPatch): Pool {
    const target = Object.assign(this.writablePool(pool), patch);
    this.poolChanged(target);
    return target;
  }

  /** Tells the observer of a change written to a pool through {@link writablePool}. */
  poolChanged(pool: Pool): void {
    if (this.observer !== undefined) this.observer(this.now as Instant, pool);
  }

  private forgetLastRecords(): void {
    this.lastMachineId = null;
    this.lastMachine = undefined;
    this.lastMachineOwned = false;
    this.lastLicenseId = null;
    this.lastLicense = undefined;
    this.lastLicenseOwned = false;
  }

  /** {@link readAhead}'s scratch, reused so that nothing is allocated per window: the machines found, then their installs' license ids. */
  private readonly aheadMachines: (Machine | undefined)[] = [];
  private readonly aheadLicenseIds: string[] = [];
  private readonly aheadLicenses: (License | undefined)[] = [];
  /** What {@link readAhead} read, summed: a load whose value is never used may be dropped by the compiler. */
  private aheadSink = 0;

  /**
   * Reads what the next events, of machines `machineIds[0 .. count)`, will read
   * first, and throws it away: each machine's record, the licenses its installs
   * hold, and those license records. Nothing is written but the scratch and a
   * sum of what was read, so no rule and no output can change. The machine and
   * license maps hold ~100 000 records each and a lookup of a record not in the
   * cache waits ~0.5 µs; a handler reads its machine, then its installs, then
   * their licenses, one miss after the other. Here each level is one short loop
   * over the whole window, so the processor has all the window's misses of a
   * level in flight at once (as `toSnapshot` reads ahead: docs/performance.md,
   * "Twenty-second session: the fold reads ahead").
   */
  readAhead(machineIds: readonly string[], count: number): void {
    const machines = this.aheadMachines;
    for (let k = 0; k < count; k++) machines[k] = this.machines.peek(machineIds[k] as string);
    const licenseIds = this.aheadLicenseIds;
    let held = 0;
    for (let k = 0; k < count; k++) {
      const machine = machines[k];
      if (machine === undefined) continue;
      const installs = machine.installs;
      for (let j = 0; j < installs.length; j++) licenseIds[held++] = (installs[j] as Installation).licenseId;
      machines[k] = undefined;
    }
    const licenses = this.aheadLicenses;
    for (let k = 0; k < held; k++) licenses[k] = this.licenses.peek(licenseIds[k] as string);
    let sink = 0;
    for (let k = 0; k < held; k++) {
      const license = licenses[k];
      if (license !== undefined) sink += license.number;
      licenses[k] = undefined;
    }
    this.aheadSink = (this.aheadSink + sink) | 0;
  }

  /** Any license of a purchased pool, touched or not (R-P3). */
  license(licenseId: string): License | undefined {
    if (licenseId === this.lastLicenseId) return this.lastLicense;
    const stored = this.licenses.get(licenseId);
    const owned = this.licenses.lastOwned;
    const license = stored ?? this.untouched(licenseId);
    if (license !== undefined) this.rememberLicense(license, owned);
    return license;
  }

  private untouched(licenseId: string): License | undefined {
    const parsed = parseLicenseId(licenseId);
    const pool = parsed === undefined ? undefined : this.pools.get(parsed.poolId);
    return pool === undefined || parsed === undefined ? undefined : untouchedLicense(pool, parsed.number);
  }

  /**
   * License `number` of `pool` as it stands before it is first handed out (R-P3):
   * for a number from the pool's `nextFresh`, which no record exists for yet.
   */
  freshLicense(pool: Pool, number: number): License | undefined {
    // Not frozen: it is only read, and its first change stores a copy (it is not the draft's own). Freezing
    // it cost ~500 instructions per license handed out (docs/performance.md, "Nineteenth session").
    const license = untouchedLicense(pool, number, false);
    if (license !== undefined) this.rememberLicense(license, false);
    return license;
  }

  private rememberLicense(license: License, owned: boolean): void {
    this.lastLicenseId = license.licenseId;
    this.lastLicense = license;
    this.lastLicenseOwned = owned;
  }

  /** Whether the draft may change `license` in place: its own record, and no journal open. */
  private ownsLicense(license: License): boolean {
    if (this.journal.entries !== null) return false;
    return license === this.lastLicense ? this.lastLicenseOwned : this.licenses.owns(license.licenseId, license);
  }

  /** Stores a copy of `license` (the draft may change what it stores, never what it was given). */
  setLicense(license: License): void {
    const stored = licenseRecord(license);
    this.licenses.set(stored.licenseId, stored);
    this.rememberLicense(stored, true);
  }

  /**
   * Writes `next` over a license: in place when the draft may ({@link OverlayMap.owns}),
   * else into a copy stored in its place. Returns the record now stored. Every
   * field is written from one shape of `next`: `Object.assign` of a partial
   * patch (eight shapes) went through V8's generic property stores, ~1 000
   * instructions a call (docs/performance.md, "Nineteenth session").
   */
  updateLicense(license: License, next: LicenseFields): License {
    if (this.ownsLicense(license)) {
      overwriteLicense(license, next);
      return license;
    }
    const copy = licenseWith(license, next);
    this.licenses.set(copy.licenseId, copy);
    this.rememberLicense(copy, true);
    return copy;
  }

  machine(machineId: string): Machine | undefined {
    if (machineId === this.lastMachineId) return this.lastMachine;
    const machine = this.machines.get(machineId);
    this.lastMachineId = machineId;
    this.lastMachine = machine;
    this.lastMachineOwned = this.machines.lastOwned;
    return machine;
  }

  /** The machine unless unknown or its agent was deleted (R-D5). */
  liveMachine(machineId: string): Machine | undefined {
    const machine = this.machine(machineId);
    return machine === undefined || machine.deletedAt !== null ? undefined : machine;
  }

  /**
   * Writes a machine; when its installs changed, `renewingEnds` follows (the
   * one place machines are written). Like pools and licenses, the record the
   * draft stored itself is overwritten in place ({@link OverlayMap.owns}) and
   * frozen when a state is handed out: a new record per write made an old one
   * garbage in the old generation at nearly every event, which fragmented the
   * heap (a third of its pages in use at the end of a large replay). Its
   * installs and their array are the draft's own too ({@link InstallPlacer}).
   */
  setMachine(machine: Machine): void {
    // The handler nearly always read this machine just before: no second lookup then.
    const before = this.machine(machine.machineId);
    // `before` is lastMachine now: whether the draft owns it was found when it was read.
    const owned = before !== undefined && this.lastMachineOwned;
    const installsBefore = before === undefined ? NO_INSTALLS : before.installs;
    // No write in place while a journal is open: a rollback puts back the records it replaced (R-L3).
    const inPlace = this.journal.entries === null;
    const installs =
      machine.installs === installsBefore
        ? installsBefore
        : this.changeInstalls(installsBefore, machine.installs, inPlace && owned);
    if (owned && inPlace) overwriteMachine(before, machine, installs);
    else {
      const stored = machineRecord(machine, installs);
      this.machines.set(machine.machineId, stored);
      this.lastMachineId = machine.machineId;
      this.lastMachine = stored;
      this.lastMachineOwned = true;
    }
  }

  /** Where the draft's installs are stored, and what it dropped is kept for reuse. */
  private readonly installs = new InstallPlacer();

  /**
   * The installs to store for a machine going from `before` to `after`, and
   * `renewingEnds` kept in step (one install per pool): the end of an install's
   * license leaves it when the install no longer renews or runs another
   * license, and enters it, with the install, whenever a renewing install
   * changed. Every `applyLicense` is followed by a write of its machine with a
   * changed install, so a renewing end is always the current one; an end that
   * came and went while its install stayed the same (auto-extend found nothing)
   * is left behind, and `forecastPools` skips it because `licenseEnds` no
   * longer holds it.
   */
  private changeInstalls(
    before: readonly Installation[],
    after: readonly Installation[],
    inPlace: boolean,
  ): readonly Installation[] {
    // Ends leaving first: this reads `before` as it is, and `place` may write over its records.
    // Indexed loops: `for…of` allocated an iterator result per install here (a hot path).
    for (let i = 0; i < before.length; i++) {
      const old = before[i] as Installation;
      if (!renews(old)) continue;
      let now: Installation | undefined;
      for (let k = 0; k < after.length && now === undefined; k++)
        if ((after[k] as Installation).poolId === old.poolId) now = after[k];
      if (now === undefined || !renews(now) || now.licenseId !== old.licenseId)
        this.renewingEnds.set(old.poolId, old.licenseId, null);
    }
    return this.installs.place(before, after, inPlace, this.enterRenewing);
  }

  /** A changed install stored: its end enters `renewingEnds` when it renews (see {@link changeInstalls}). */
  private readonly enterRenewing = (install: Installation): void => {
    if (!renews(install)) return;
    // An install's license is one of its pool's.
    const due = this.licenseEnd(install.poolId, install.licenseId);
    this.renewingEnds.set(
      install.poolId,
      install.licenseId,
      // Frozen, with its end, when a state is handed out (`sealRenewing`): the end may have left the agenda and
      // the end changes by then, and only the renewing end still holds it.
      due === undefined ? null : { due, install },
    );
  };

  /**
   * The scheduled end of license `licenseId` of pool `poolId`, if it is applied with a term. An end the
   * draft recorded is the license's end now, `null` its having none: a license
   * leaving Applied with a term drops its end and `applyLicense` schedules the
   * next, so the license is read only for an end the base holds (a renewing
   * install's license, looked up again after the event's other licenses had
   * taken the last-license place: ~150 000 lookups in the 1M-event log).
   */
  private licenseEnd(poolId: string, licenseId: string): LicenseEnd | undefined {
    const changed = this.endChanges.get(poolId, licenseId);
    if (changed !== undefined) return changed ?? undefined;
    const license = this.license(licenseId);
    if (license?.status !== 'applied' || license.endAt === null) return undefined;
    // Unchanged since the base: the license runs to the end the base holds for it.
    const ends = getEntry(this.base.licenseEnds, this.endKey(license.endAt, license.poolId));
    return ends === undefined ? undefined : getEntry(ends, licenseId);
  }

  deletedAgent(key: string): DeletedAgent | undefined {
    return this.deletedAgents.get(key);
  }

  deletedAgentKeys(): string[] {
    return [...this.deletedAgents.keys()];
  }

  awaitingRecoveryKeys(): string[] {
    return [...this.awaitingRecovery.keys()];
  }

  /** Stores what a deleted agent still holds; `holdsKes` keeps the recovery index in step. */
  setDeletedAgent(agent: DeletedAgent, holdsKes: boolean): void {
    if (agent.installs.length === 0) this.deletedAgents.delete(agent.key);
    else
      this.deletedAgents.set(
        agent.key,
        // A literal, not a spread: V8 gives each frozen copy of a spread object a hidden class of its own
        // (~200 B each: 12 MB for the 61 000 deleted agents at the end of the memory benchmark's log).
        Object.freeze({
          key: agent.key,
          machineId: agent.machineId,
          deletedAt: agent.deletedAt,
          installs: freezeInstalls(agent.installs),
        }),
      );
    if (holdsKes) this.awaitingRecovery.set(agent.key, agent.deletedAt);
    else this.awaitingRecovery.delete(agent.key);
  }

  svm(svmId: string): Svm | undefined {
    return this.svms.get(svmId);
  }

  allSvms(): Svm[] {
    return [...this.svms.values()];
  }

  setSvm(svm: Svm): void {
    // Key events are rare: each slot is copied frozen, so no key object of an event (the caller's) is shared with the state.
    const slots = Object.freeze(
      svm.slots.map((slot) =>
        Object.freeze({
          ...slot,
          active:
            slot.active === null ? null : Object.freeze({ ...slot.active, key: Object.freeze({ ...slot.active.key }) }),
          reserve: slot.reserve === null ? null : Object.freeze({ ...slot.reserve }),
        }),
      ),
    );
    this.svms.set(svm.svmId, Object.freeze({ ...svm, slots }));
  }

  /**
   * Puts a change on the agenda. The entry is frozen when a state is handed out
   * ({@link snapshot}), not here: most come due or are purged before (~500
   * instructions a freeze, docs/performance.md, "Nineteenth session"). Nothing
   * may change it meanwhile: the draft only reads it.
   */
  schedule(due: Due): void {
    this.agenda.push(due);
  }

  /** Schedules an applied license's end (R-T2): on the agenda, and in the exact `licenseEnds` (frozen as {@link schedule} says). */
  scheduleLicenseEnd(due: LicenseEnd): void {
    this.schedule(due);
    this.endChanges.set(due.poolId, due.licenseId, due);
  }

  /**
   * A license with an end left Applied: its end leaves `licenseEnds`. The agenda
   * keeps its entry until a purge takes it off ({@link purgeAgenda}) or it comes
   * up and is skipped as stale; `renewingEnds` may keep it too (see {@link changeInstalls}).
   */
  dropLicenseEnd(license: Pick<License, 'licenseId' | 'poolId'>): void {
    this.endChanges.set(license.poolId, license.licenseId, null);
    this.endsDropped += 1;
    // Purged once the dropped ends could be half the agenda: O(agenda) per purge,
    // so O(1) per dropped end. Not under a journal: a rollback may make a dropped end current again.
    if (
      this.endsDropped >= AGENDA_PURGE_MINIMUM &&
      this.endsDropped * 2 >= this.agenda.size &&
      this.journal.entries === null
    )
      this.purgeAgenda();
  }

  /**
   * Takes off the agenda the license ends this draft has since replaced or
   * dropped (its `endChanges` hold another end, or none, for their license):
   * `licenseTermEnded` would skip every one of them, and a long log (a license
   * released before its term's end leaves its entry until then) otherwise kept
   * hundreds of thousands (405 000 of 406 000 entries at line 6M of the
   * memory benchmark's log). Ends the draft has not changed are kept.
   */
  private purgeAgenda(): void {
    this.endsDropped = 0;
    const ends = this.endChanges;
    this.agenda.purge((due) => {
      if (due.kind !== 'license-end') return false;
      const end = ends.get(due.poolId, due.licenseId);
      return end !== undefined && end !== due;
    });
  }

  /** The next time-driven change if it is due at or before `until`, taken off the agenda. */
  takeDue(until: Instant): Due | undefined {
    const due = this.agenda.peek();
    if (due === undefined || due.at > until) return undefined;
    this.agenda.pop();
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
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * assert.deepStrictEqual(emptyLedger().clock, null)
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
    toJSON: stateToJSON,
  });
};

/**
 * A draft made and dropped when this module loads, which writes once every
 * field the fold later changes in place on a draft and its pool records: a
 * checkpoint and its release (the draft's edit token, the agenda's mark), and
 * each pool counter and queue. V8 treats a field that no one has written since
 * its object was made as a constant; the fold's first write of each (its first
 * checkpoint, a pool's first expiry or hold, mid-log) threw away `transition`,
 * `takeForInstall`, `adjustGroup`, `scheduleLicenseEnd` and the handler that made
 * it (docs/performance.md, "Twenty-first session: deopts at a field's first change").
 * The queues get a node holding a number and one holding an object, as a pool's do,
 * through the comparators the fold orders them by.
 * Returns the pool record it wrote (for the test that every counter is written),
 * which the module holds: V8 may drop a shape that no live object has.
 *
 * @internal
 */
export const warmUpDraft = (): Pool => {
  const draft = new Draft(emptyLedger(), false);
  draft.checkpoint();
  draft.release();
  draft.setPool(newPool('', '', DEFAULT_HASH_SEED));
  const pool = draft.writablePool(draft.pool('') as Pool);
  for (const counter of POOL_COUNTERS) pool.counts[counter] += 1;
  pool.purchases = [];
  pool.max += 1;
  pool.nextFresh += 1;
  pool.returned = heapInsert(pool.returned, 1, byNumber, draft.edit);
  // Instants as the log's are (milliseconds past 2^31: not small integers), so no field of the rank's shape narrows.
  const at = Date.UTC(2024, 0, 1) as Instant;
  const rank = { since: at, batch: 0, deletedAt: at, seq: 0, licenseId: '' };
  pool.partials = heapInsert(pool.partials, rank, comparePartial, draft.edit);
  pool.groups = setEntry(pool.groups, '', 1, draft.edit);
  return pool;
};

/** @internal The pool record {@link warmUpDraft} wrote when this module loaded. */
export const WARMED_POOL: Pool = warmUpDraft();
