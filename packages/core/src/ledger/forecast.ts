import * as E from 'fp-ts/Either';
import { BinaryHeap } from '../collections/binary-heap';
import { heapValues } from '../collections/leftist-heap';
import { mapValues } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { Due, LedgerState } from '../state/ledger-state';
import type { License } from '../state/license';
import type { Machine } from '../state/machine';
import type { Pool } from '../state/pool';
import type { Svm } from '../state/svm';
import { beforeClock } from './apply';
import { compareDue, Draft } from './draft';
import { advanceDraft } from './time-driven';
import { byId } from '../query/compare-ids';

/**
 * A draft whose writes stay in plain maps over the state it reads, and whose
 * agenda is a mutable heap: the same time-driven code runs on it, but nothing is
 * written into persistent collections, because nothing of it is handed out but
 * the pools. That is what makes a forecast cost O(due changes) of cheap writes.
 */
class ScratchDraft extends Draft {
  private readonly poolWrites = new Map<string, Pool>();
  private readonly licenseWrites = new Map<string, License>();
  private readonly machineWrites = new Map<string, Machine>();
  private readonly svmWrites = new Map<string, Svm>();
  private readonly dues: BinaryHeap<Due>;

  constructor(state: LedgerState) {
    super(state, false);
    this.dues = new BinaryHeap(heapValues(state.agenda), compareDue);
  }

  override pool(poolId: string): Pool | undefined {
    return this.poolWrites.get(poolId) ?? super.pool(poolId);
  }

  override setPool(pool: Pool): void {
    this.poolWrites.set(pool.poolId, pool);
  }

  override license(licenseId: string): License | undefined {
    return this.licenseWrites.get(licenseId) ?? super.license(licenseId);
  }

  override setLicense(license: License): void {
    this.licenseWrites.set(license.licenseId, license);
  }

  override machine(machineId: string): Machine | undefined {
    return this.machineWrites.get(machineId) ?? super.machine(machineId);
  }

  override setMachine(machine: Machine): void {
    this.machineWrites.set(machine.machineId, machine);
  }

  override svm(svmId: string): Svm | undefined {
    return this.svmWrites.get(svmId) ?? super.svm(svmId);
  }

  override setSvm(svm: Svm): void {
    this.svmWrites.set(svm.svmId, svm);
  }

  override schedule(due: Due): void {
    this.dues.push(due);
  }

  override takeDue(until: Instant): Due | undefined {
    const due = this.dues.peek();
    return due === undefined || due.at > until ? undefined : this.dues.pop();
  }

  allPools(): Pool[] {
    return [...mapValues(this.pools)]
      .map((pool) => this.poolWrites.get(pool.poolId) ?? pool)
      .sort(byId((pool) => pool.poolId));
  }
}

/**
 * Every pool, with its counts, as of a later instant: the numbers `advanceTo`
 * would give (R-T4), computed by running the same time-driven changes on a
 * scratch copy that is thrown away. Use it to forecast the consoles (what will
 * Install/Remove show in a year?) when the rest of the future state is not needed;
 * it costs O(changes due) instead of O(changes due × persistent writes).
 *
 * @since 0.1.0
 * @example
 * import { forecastPools, parseInstant } from '@license-ledger/core'
 * forecastPools(parseInstant('2027-01-01T00:00:00Z')!)(state) // Right([...pools sorted by id])
 */
export const forecastPools =
  (until: Instant) =>
  (state: LedgerState): E.Either<string, readonly Pool[]> => {
    const past = beforeClock(state, until);
    if (past !== undefined) return E.left(past);
    const scratch = new ScratchDraft(state);
    advanceDraft(scratch, until);
    return E.right(scratch.allPools());
  };
