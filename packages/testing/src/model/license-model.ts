/**
 * A reference model of the license rules of every pool and module (R-P, R-I,
 * R-U, R-X, R-D, R-O, R-T), written from docs/rules.md and kept plain: arrays of
 * licenses, a map of live machines, a list of deleted agents, loops. It shares
 * no code with core. The generators ask it — never core — whether an event
 * applies, so an event core wrongly rejects makes a test fail instead of
 * vanishing from the generated history.
 */

const DAY = 86_400_000;

/** The status of a license in the model (R-V1, R-D1). */
export type ModelLicenseStatus =
  'unused' | 'reserved' | 'applied' | 'held' | 'extended' | 'expired' | 'partial' | 'other';

/** R-I2: when a license became partial, the batch (one per releasing event), the deletion instant, the order made. */
type PartialRank = readonly [since: number, batch: number, deletedAt: number, seq: number];

/** One license of a pool. */
export interface LicenseRecord {
  readonly poolId: string;
  /** 1-based, as in `<poolId>#<n>` (R-P3). */
  readonly number: number;
  /** The term of its purchase (R-T5, R-P2); null for a seat without a term. */
  readonly termDays: number | null;
  status: ModelLicenseStatus;
  /** Whole days carried while not running (R-U1, R-D1); the full term while never used. */
  daysLeft: number | null;
  start: number | null;
  end: number | null;
  reservedFrom: 'unused' | 'partial' | null;
  rank: PartialRank | null;
}

/** A pool and its licenses, in number order. */
export interface PoolRecord {
  readonly poolId: string;
  readonly module: string;
  readonly licenses: LicenseRecord[];
}

/** A machine's install of one module (R-I1: one per module, whichever pool). */
export interface InstallRecord {
  readonly poolId: string;
  readonly module: string;
  readonly status: 'pending' | 'installed';
  license: LicenseRecord;
  /** Extensions in the order they take over (R-X2). */
  readonly queue: LicenseRecord[];
  /** R-X4: belongs to the machine's install of the module. */
  autoExtend: boolean;
  /** R-I4: the expired install a pending reinstall keeps on the machine until it completes or fails. */
  readonly replaces: InstallRecord | null;
}

/** A live machine (agent not deleted). */
export interface MachineRecord {
  readonly machineId: string;
  readonly incarnation: number;
  groupId: string;
  installs: InstallRecord[];
}

/** R-D1: what a deleted agent holds until recovery or Clean Database. */
interface DeletedAgent {
  readonly key: string;
  readonly deletedAt: number;
  installs: InstallRecord[];
}

/** Event fields the model reads; the event types are core's wire events, but only as data. */
interface Placed {
  readonly poolId: string;
  readonly machineId: string;
}

const compareRank = (a: PartialRank, b: PartialRank): number =>
  a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** R-D4: Clean Database leaves these modules alone. */
const CLEAN_DATABASE_EXEMPT = ['KAV', 'KAM'];

/** R-T5, R-P2. */
const DEFAULT_KES_TERM = 365;

export class LicenseModel {
  private readonly pools = new Map<string, PoolRecord>();
  private readonly machines = new Map<string, MachineRecord>();
  private readonly incarnations = new Map<string, number>();
  private readonly deleted: DeletedAgent[] = [];
  private sequence = 0;
  /** The instant time has reached (R-T4). */
  now: number;

  constructor(start: number) {
    this.now = start;
  }

  // ---- reading the model -------------------------------------------------

  /** A pool, or undefined when never purchased. */
  pool(poolId: string): PoolRecord | undefined {
    return this.pools.get(poolId);
  }

  /** Pools by id. */
  allPools(): readonly PoolRecord[] {
    return [...this.pools.values()].sort((a, b) => byString(a.poolId, b.poolId));
  }

  /** Live machines by id. */
  liveMachines(): readonly MachineRecord[] {
    return [...this.machines.values()].sort((a, b) => byString(a.machineId, b.machineId));
  }

  machine(machineId: string): MachineRecord | undefined {
    return this.machines.get(machineId);
  }

  /** Every install on a live machine, by machine id then pool id. */
  liveInstalls(): readonly { readonly machine: MachineRecord; readonly install: InstallRecord }[] {
    return this.liveMachines().flatMap((machine) =>
      [...machine.installs].sort((a, b) => byString(a.poolId, b.poolId)).map((install) => ({ machine, install })),
    );
  }

  /** Every license in a status, by pool id then number. */
  licensesIn(status: ModelLicenseStatus): readonly LicenseRecord[] {
    return this.allPools().flatMap((pool) => pool.licenses.filter((l) => l.status === status));
  }

  // ---- time ----------------------------------------------------------------

  /** R-T4: every license end due by `to`, earliest first, then pool id, then machine id. */
  advance(to: number): void {
    for (;;) {
      let due: { machine: MachineRecord; install: InstallRecord; end: number } | undefined;
      for (const machine of this.machines.values()) {
        for (const install of machine.installs) {
          const { license } = install;
          if (install.status !== 'installed' || license.status !== 'applied' || license.end === null) continue;
          if (license.end > to) continue;
          if (
            due === undefined ||
            license.end < due.end ||
            (license.end === due.end &&
              (byString(install.poolId, due.install.poolId) || byString(machine.machineId, due.machine.machineId)) < 0)
          )
            due = { machine, install, end: license.end };
        }
      }
      if (due === undefined) break;
      this.termEnded(due.install, due.end);
    }
    this.now = Math.max(this.now, to);
  }

  /** R-T2, R-X2, R-X4: the ended license expires; the next extension or (auto-extend) the lowest unused takes over. */
  private termEnded(install: InstallRecord, end: number): void {
    const ended = install.license;
    ended.status = 'expired';
    ended.daysLeft = 0;
    const pool = this.pools.get(install.poolId) as PoolRecord;
    const next = install.queue.shift() ?? (install.autoExtend ? this.lowestUnused(pool) : undefined);
    if (next === undefined) return;
    this.run(next, end);
    install.license = next;
  }

  // ---- events --------------------------------------------------------------

  /** R-P1: a purchase adds never-used licenses; a known pool of another module is refused. */
  purchase(event: { poolId: string; module: string; quantity: number; termDays?: number | undefined }): boolean {
    const known = this.pools.get(event.poolId);
    if (known !== undefined && known.module !== event.module) return false;
    const pool = known ?? { poolId: event.poolId, module: event.module, licenses: [] };
    this.pools.set(pool.poolId, pool);
    const termDays = event.termDays ?? (event.module === 'KES' ? DEFAULT_KES_TERM : null);
    for (let i = 0; i < event.quantity; i++) {
      pool.licenses.push({
        poolId: pool.poolId,
        number: pool.licenses.length + 1,
        termDays,
        status: 'unused',
        daysLeft: termDays,
        start: null,
        end: null,
        reservedFrom: null,
        rank: null,
      });
    }
    return true;
  }

  /** R-I1, R-L3, R-I5: a pending install reserves a license, partials first (R-I2). */
  request(event: Placed & { groupId: string }): boolean {
    const pool = this.pools.get(event.poolId);
    if (pool === undefined || !this.mayInstall(pool, this.machines.get(event.machineId))) return false;
    const license = this.takeForInstall(pool) as LicenseRecord;
    license.reservedFrom = license.status === 'partial' ? 'partial' : 'unused';
    license.status = 'reserved';
    const machine = this.machineFor(event.machineId, event.groupId);
    const previous = this.installOfModule(machine, pool.module);
    const onMachine = previous === undefined ? null : previous.status === 'installed' ? previous : previous.replaces;
    this.placeInstall(machine, previous, {
      poolId: pool.poolId,
      module: pool.module,
      status: 'pending',
      license,
      queue: [],
      autoExtend: previous?.autoExtend ?? false,
      replaces: onMachine,
    });
    return true;
  }

  /**
   * R-I3: `KesInstalled` (KES pools) or `ModuleInstalled` (seat pools) completes the
   * pending install from the pool, or takes a license by R-I2 then; the term runs from `start`.
   */
  checkIn(event: Placed & { groupId: string }, kind: 'kes' | 'seat', start: number): boolean {
    const pool = this.pools.get(event.poolId);
    if (pool === undefined || (pool.module === 'KES') !== (kind === 'kes')) return false;
    const live = this.machines.get(event.machineId);
    const pending = live?.installs.find((i) => i.poolId === pool.poolId && i.status === 'pending');
    if (pending === undefined && !this.mayInstall(pool, live)) return false;
    const license = pending?.license ?? this.takeForInstall(pool);
    if (license === undefined) return false;
    const machine = this.machineFor(event.machineId, event.groupId);
    const previous = this.installOfModule(machine, pool.module);
    this.run(license, start);
    this.placeInstall(machine, previous, {
      poolId: pool.poolId,
      module: pool.module,
      status: 'installed',
      license,
      queue: [],
      autoExtend: previous?.autoExtend ?? false,
      replaces: null,
    });
    return true;
  }

  /** R-I4: the reserved license goes back where it came from (a partial keeps its place); a replaced install returns. */
  fail(event: Placed): boolean {
    const found = this.installFrom(event);
    if (found?.install.status !== 'pending') return false;
    const { machine, install } = found;
    install.license.status = install.license.reservedFrom === 'partial' ? 'partial' : 'unused';
    install.license.reservedFrom = null;
    this.dropPending(machine, install);
    return true;
  }

  /** R-U1, R-T3, R-U2: Partial with the whole days left (Expired with none, Unused for a seat without a term). */
  uninstall(event: Placed): boolean {
    const found = this.installFrom(event);
    if (found === undefined || found.install.status === 'pending') return false;
    const { machine, install } = found;
    if (install.license.status === 'applied') this.release(install.license, this.daysLeftNow(install.license));
    this.returnQueue(install);
    machine.installs = machine.installs.filter((i) => i !== install);
    return true;
  }

  /** R-U3: licenses unchanged; only a live machine can report it. */
  avRemoved(event: { machineId: string }): boolean {
    return this.machines.has(event.machineId);
  }

  /** R-D1: running licenses are held with their days fixed; R-D3: a pending install's license becomes Other. */
  agentDeleted(event: { machineId: string }): boolean {
    const machine = this.machines.get(event.machineId);
    if (machine === undefined) return false;
    const held: InstallRecord[] = [];
    for (const install of machine.installs) {
      const { license } = install;
      if (install.status === 'pending') {
        license.status = 'other';
        continue;
      }
      if (license.status === 'applied') {
        license.daysLeft = this.daysLeftNow(license);
        license.status = 'held';
        license.start = null;
        license.end = null;
      }
      if (license.status === 'held' || install.queue.length > 0) held.push(install);
    }
    this.deleted.push({ key: `${machine.machineId}@${machine.incarnation}`, deletedAt: this.now, installs: held });
    this.machines.delete(machine.machineId);
    return true;
  }

  /** R-D2: held KES licenses become Partial with their days (Expired with none); queued extensions go back. */
  recovery(): boolean {
    this.releaseDeleted((module) => module === 'KES');
    return true;
  }

  /** R-D4: as R-D2 for every module but KAV and KAM; seats without a term go back to Unused. */
  cleanDatabase(): boolean {
    this.releaseDeleted((module) => !CLEAN_DATABASE_EXEMPT.includes(module));
    return true;
  }

  /** R-X1: `count` never-used licenses, lowest-numbered first, queued behind an applied KES license. */
  extend(event: Placed & { count?: number | undefined }): boolean {
    const count = event.count ?? 1;
    const found = this.installFrom(event);
    const pool = this.pools.get(event.poolId);
    if (found === undefined || pool?.module !== 'KES') return false;
    const { install } = found;
    if (install.status !== 'installed' || install.license.status !== 'applied') return false;
    if (pool.licenses.filter((l) => l.status === 'unused').length < count) return false;
    for (let i = 0; i < count; i++) {
      const license = this.lowestUnused(pool) as LicenseRecord;
      license.status = 'extended';
      install.queue.push(license);
    }
    return true;
  }

  /** R-X3: newest first; more than are queued is refused whole. */
  giveBack(event: Placed & { count?: number | undefined }): boolean {
    const count = event.count ?? 1;
    const found = this.installFrom(event);
    if (found === undefined || found.install.queue.length < count) return false;
    for (let i = 0; i < count; i++) this.toUnused(found.install.queue.pop() as LicenseRecord);
    return true;
  }

  /** R-X4: needs KES checked in from the pool; a pending reinstall over an expired install from it counts. */
  setAutoExtend(event: Placed & { enabled: boolean }): boolean {
    const found = this.installFrom(event);
    if (found === undefined || found.install.module !== 'KES') return false;
    const { install } = found;
    if (install.status === 'pending' && install.replaces?.poolId !== install.poolId) return false;
    install.autoExtend = event.enabled;
    return true;
  }

  /** R-O1: the machine's license leaves it as Other with its days; an expired one cannot be marked. */
  markOther(event: Placed): boolean {
    const found = this.installFrom(event);
    if (found === undefined) return false;
    const { machine, install } = found;
    const { license } = install;
    if (install.status === 'installed' && license.status === 'expired') return false;
    if (license.status === 'applied') license.daysLeft = this.daysLeftNow(license);
    license.status = 'other';
    license.start = null;
    license.end = null;
    this.returnQueue(install);
    if (install.status === 'pending') this.dropPending(machine, install);
    else machine.installs = machine.installs.filter((i) => i !== install);
    return true;
  }

  /** R-O2: one Other license to Partial (with days it had, if any), Unused (a full term) or Expired. */
  resolveOther(event: { poolId: string; licenseId: string; resolution: 'partial' | 'unused' | 'expired' }): boolean {
    const license = this.pools.get(event.poolId)?.licenses.find((l) => `${l.poolId}#${l.number}` === event.licenseId);
    if (license?.status !== 'other') return false;
    switch (event.resolution) {
      case 'partial':
        if (license.daysLeft === null || license.daysLeft <= 0) return false;
        this.release(license, license.daysLeft);
        return true;
      case 'unused':
        this.toUnused(license);
        return true;
      case 'expired':
        license.status = 'expired';
        license.daysLeft = 0;
        return true;
    }
  }

  // ---- helpers -------------------------------------------------------------

  private installOfModule(machine: MachineRecord | undefined, module: string): InstallRecord | undefined {
    return machine?.installs.find((i) => i.module === module);
  }

  private installFrom(event: Placed): { machine: MachineRecord; install: InstallRecord } | undefined {
    if (!this.pools.has(event.poolId)) return undefined;
    const machine = this.machines.get(event.machineId);
    const install = machine?.installs.find((i) => i.poolId === event.poolId);
    return machine === undefined || install === undefined ? undefined : { machine, install };
  }

  /** R-I1/R-L3/R-I5: nothing of the module pending or running on the machine, and a license left in the pool. */
  private mayInstall(pool: PoolRecord, machine: MachineRecord | undefined): boolean {
    const current = this.installOfModule(machine, pool.module);
    if (current?.status === 'pending') return false;
    if (current !== undefined && current.license.status === 'applied') return false;
    return this.takeForInstall(pool) !== undefined;
  }

  /** The live machine, or a new one (R-D5: a new incarnation after its agent was deleted); an install names its group (R-V3). */
  private machineFor(machineId: string, groupId: string): MachineRecord {
    const known = this.machines.get(machineId);
    if (known !== undefined) {
      known.groupId = groupId;
      return known;
    }
    const incarnation = (this.incarnations.get(machineId) ?? 0) + 1;
    this.incarnations.set(machineId, incarnation);
    const fresh: MachineRecord = { machineId, incarnation, groupId, installs: [] };
    this.machines.set(machineId, fresh);
    return fresh;
  }

  private placeInstall(machine: MachineRecord, previous: InstallRecord | undefined, install: InstallRecord): void {
    machine.installs = [...machine.installs.filter((i) => i !== previous), install];
  }

  /** A pending install ends; the expired install it was replacing is back, with the pending one's auto-extend. */
  private dropPending(machine: MachineRecord, pending: InstallRecord): void {
    machine.installs = machine.installs.filter((i) => i !== pending);
    if (pending.replaces !== null) machine.installs.push({ ...pending.replaces, autoExtend: pending.autoExtend });
  }

  private lowestUnused(pool: PoolRecord): LicenseRecord | undefined {
    return pool.licenses.find((l) => l.status === 'unused');
  }

  /** R-I2: the partial that became partial first, else the lowest-numbered unused one. */
  private takeForInstall(pool: PoolRecord): LicenseRecord | undefined {
    let first: LicenseRecord | undefined;
    for (const l of pool.licenses) {
      if (l.status !== 'partial' || l.rank === null) continue;
      if (first === undefined || compareRank(l.rank, first.rank as PartialRank) < 0) first = l;
    }
    return first ?? this.lowestUnused(pool);
  }

  /** R-I3, R-X2: the license runs from `start` for the days it has (a seat without a term never ends). */
  private run(license: LicenseRecord, start: number): void {
    license.status = 'applied';
    license.start = start;
    license.end = license.daysLeft === null ? null : start + license.daysLeft * DAY;
    license.reservedFrom = null;
    license.rank = null;
  }

  /** R-T3: whole days left now, counting down while applied. */
  private daysLeftNow(license: LicenseRecord): number | null {
    if (license.status !== 'applied' || license.daysLeft === null || license.start === null) return license.daysLeft;
    return Math.max(0, license.daysLeft - Math.floor((this.now - license.start) / DAY));
  }

  /** R-U1, R-D2, R-O2: Partial with days left, Expired with none, Unused for a seat without a term. */
  private release(license: LicenseRecord, daysLeft: number | null, deletedAt = this.now, batch?: number): void {
    license.start = null;
    license.end = null;
    license.reservedFrom = null;
    if (daysLeft === null) {
      this.toUnused(license);
      return;
    }
    if (daysLeft <= 0) {
      license.status = 'expired';
      license.daysLeft = 0;
      return;
    }
    const seq = ++this.sequence;
    license.status = 'partial';
    license.daysLeft = daysLeft;
    license.rank = [this.now, batch ?? seq, deletedAt, seq];
  }

  /** R-X3, R-U2, R-O2: never used again, with a full term. */
  private toUnused(license: LicenseRecord): void {
    license.status = 'unused';
    license.daysLeft = license.termDays;
    license.start = null;
    license.end = null;
    license.reservedFrom = null;
  }

  private returnQueue(install: InstallRecord): void {
    for (const queued of install.queue.splice(0)) this.toUnused(queued);
  }

  /** R-D2/R-D4: agents in deletion order (then id), one batch, so their partials go out in that order (R-I2). */
  private releaseDeleted(releases: (module: string) => boolean): void {
    const batch = ++this.sequence;
    const agents = [...this.deleted].sort((a, b) => a.deletedAt - b.deletedAt || byString(a.key, b.key));
    for (const agent of agents) {
      agent.installs = agent.installs.filter((install) => {
        if (!releases(install.module)) return true;
        if (install.license.status === 'held')
          this.release(install.license, install.license.daysLeft, agent.deletedAt, batch);
        this.returnQueue(install);
        return false;
      });
    }
  }
}
