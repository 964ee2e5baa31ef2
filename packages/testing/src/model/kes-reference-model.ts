/**
 * A reference model of the KES rules of one pool, written from rules.md alone
 * and kept obviously simple: an array of licenses, a map of machines, plain
 * loops. It shares no code with the core reducers, so when the two agree on
 * every count after every command, both read the rules the same way.
 */

const DAY = 86_400_000;

export type ModelStatus = 'unused' | 'reserved' | 'applied' | 'extended' | 'expired' | 'partial';

export interface ModelLicense {
  /** 1-based, as in `<poolId>#<n>` (R-P3). */
  readonly number: number;
  status: ModelStatus;
  /** The machine it runs on, is reserved for or queued on. */
  machineId: string | null;
  /** Whole days carried while not running (R-U1); the full term while never used. */
  daysLeft: number;
  start: number | null;
  end: number | null;
  /** When it became partial, and a tie-breaker for the same instant (R-I2). */
  partialSince: number;
  partialSeq: number;
  reservedFrom: 'unused' | 'partial' | null;
}

interface ModelMachine {
  /** The license of its installed KES (running or expired), if installed. */
  current: ModelLicense | null;
  /** The license a pending install holds (R-I1). */
  pending: ModelLicense | null;
  /** Extensions in the order they take over (R-X2). */
  queue: ModelLicense[];
  /** R-X4. The setting belongs to the machine's KES install: it ends with it. */
  autoExtend: boolean;
}

export interface PopupCounts {
  expired: number;
  applied: number;
  partial: number;
  pendingInstalls: number;
  extended: number;
  other: number;
  unused: number;
}

export class KesReferenceModel {
  readonly licenses: ModelLicense[];
  private readonly machines = new Map<string, ModelMachine>();
  private partialsMade = 0;

  constructor(
    quantity: number,
    readonly termDays: number,
    public now: number,
  ) {
    this.licenses = Array.from({ length: quantity }, (_, i) => ({
      number: i + 1,
      status: 'unused',
      machineId: null,
      daysLeft: termDays,
      start: null,
      end: null,
      partialSince: 0,
      partialSeq: 0,
      reservedFrom: null,
    }));
  }

  private machine(id: string): ModelMachine {
    let machine = this.machines.get(id);
    if (machine === undefined) {
      machine = { current: null, pending: null, queue: [], autoExtend: false };
      this.machines.set(id, machine);
    }
    return machine;
  }

  private lowestUnused(): ModelLicense | undefined {
    return this.licenses.find((l) => l.status === 'unused');
  }

  /** R-I2: the partial that became partial earliest, ties in the order they were made. */
  private firstPartial(): ModelLicense | undefined {
    let first: ModelLicense | undefined;
    for (const l of this.licenses) {
      if (l.status !== 'partial') continue;
      if (
        first === undefined ||
        l.partialSince < first.partialSince ||
        (l.partialSince === first.partialSince && l.partialSeq < first.partialSeq)
      )
        first = l;
    }
    return first;
  }

  private run(license: ModelLicense, machineId: string, start: number): void {
    license.status = 'applied';
    license.machineId = machineId;
    license.start = start;
    license.end = start + license.daysLeft * DAY;
    license.reservedFrom = null;
  }

  /** R-T4: every expiry, takeover and auto-extend due by `to`, earliest first, ties by machine id. */
  advance(to: number): void {
    for (;;) {
      let due: { id: string; machine: ModelMachine; end: number } | undefined;
      for (const [id, machine] of this.machines) {
        const end = machine.current?.status === 'applied' ? machine.current.end : null;
        if (end === null || end > to) continue;
        if (due === undefined || end < due.end || (end === due.end && id < due.id)) due = { id, machine, end };
      }
      if (due === undefined) break;
      const ended = due.machine.current as ModelLicense;
      ended.status = 'expired';
      ended.daysLeft = 0;
      const next = due.machine.queue.shift() ?? (due.machine.autoExtend ? this.lowestUnused() : undefined);
      if (next !== undefined) {
        // R-X2 / R-X4: a full term from the old end.
        next.daysLeft = this.termDays;
        this.run(next, due.id, due.end);
        due.machine.current = next;
      }
    }
    this.now = Math.max(this.now, to);
  }

  /** R-I2, R-I5: the license a new install takes, or undefined when none is left. */
  private takeForInstall(): ModelLicense | undefined {
    return this.firstPartial() ?? this.lowestUnused();
  }

  private running(machine: ModelMachine): boolean {
    return machine.current?.status === 'applied';
  }

  /** R-I1. */
  request(id: string): boolean {
    const machine = this.machine(id);
    if (machine.pending !== null || this.running(machine)) return false;
    const license = this.takeForInstall();
    if (license === undefined) return false;
    license.reservedFrom = license.status === 'partial' ? 'partial' : 'unused';
    license.status = 'reserved';
    license.machineId = id;
    machine.pending = license;
    // A reinstall over an expired install keeps it until the reinstall completes or fails.
    return true;
  }

  /** R-I3: completes a pending install, or takes a license by R-I2 at that moment. */
  install(id: string): boolean {
    const machine = this.machine(id);
    if (machine.pending === null && this.running(machine)) return false;
    const license = machine.pending ?? this.takeForInstall();
    if (license === undefined) return false;
    this.run(license, id, this.now);
    machine.pending = null;
    machine.current = license;
    machine.queue = [];
    return true;
  }

  /** R-I4: the reserved license goes back where it came from, days unchanged; a partial keeps its place. */
  fail(id: string): boolean {
    const machine = this.machine(id);
    const license = machine.pending;
    if (license === null) return false;
    license.status = license.reservedFrom === 'partial' ? 'partial' : 'unused';
    license.reservedFrom = null;
    machine.pending = null;
    // Auto-extend belongs to the machine's KES install: it goes with a failed first install,
    // and stays with the expired install a failed reinstall leaves in place.
    if (machine.current === null) machine.autoExtend = false;
    return true;
  }

  /** R-U1, R-T3, R-U2. */
  uninstall(id: string): boolean {
    const machine = this.machine(id);
    const license = machine.current;
    if (license === null || machine.pending !== null) return false;
    if (license.status === 'applied') {
      const used = Math.floor((this.now - (license.start as number)) / DAY);
      const left = license.daysLeft - used;
      license.start = null;
      license.end = null;
      if (left > 0) {
        license.status = 'partial';
        license.daysLeft = left;
        license.partialSince = this.now;
        license.partialSeq = ++this.partialsMade;
      } else {
        license.status = 'expired';
        license.daysLeft = 0;
      }
    }
    for (const queued of machine.queue) queued.status = 'unused';
    machine.current = null;
    machine.queue = [];
    machine.autoExtend = false;
    return true;
  }

  /** R-X1: `count` never-used licenses, lowest-numbered first (R-P3), queued behind the applied one. */
  extend(id: string, count: number): boolean {
    const machine = this.machine(id);
    const unused = this.licenses.filter((l) => l.status === 'unused');
    if (!this.running(machine) || unused.length < count) return false;
    for (const license of unused.slice(0, count)) {
      license.status = 'extended';
      license.machineId = id;
      machine.queue.push(license);
    }
    return true;
  }

  /** R-X3: newest first; more than queued is rejected whole. */
  giveBack(id: string, count: number): boolean {
    const machine = this.machine(id);
    if ((machine.current === null && machine.pending === null) || machine.queue.length < count) return false;
    for (let i = 0; i < count; i++) (machine.queue.pop() as ModelLicense).status = 'unused';
    return true;
  }

  /** R-X4: needs KES checked in (applied or expired); on an install that is only pending it is rejected. */
  setAutoExtend(id: string, enabled: boolean): boolean {
    const machine = this.machine(id);
    if (machine.current === null) return false;
    machine.autoExtend = enabled;
    return true;
  }

  /** R-V1: the Install/Remove popup and the page's Unused. */
  counts(): PopupCounts {
    const counts: PopupCounts = {
      expired: 0,
      applied: 0,
      partial: 0,
      pendingInstalls: 0,
      extended: 0,
      other: 0,
      unused: 0,
    };
    for (const l of this.licenses) {
      if (l.status === 'reserved') counts.pendingInstalls += 1;
      else counts[l.status] += 1;
    }
    return counts;
  }
}
