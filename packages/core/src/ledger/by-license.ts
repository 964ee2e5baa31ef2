import { type Journal, type Undoable, writesMakeATable } from '../collections/overlay-map';
import {
  adoptTable,
  type Edit,
  mapSeed,
  type PersistentMap,
  removeEntry,
  setEntry,
  tableCopy,
} from '../collections/persistent-map';
import { licenseIdOf, licenseNumberIn, parseLicenseId } from '../query/lookup';

/**
 * License numbers up to this are kept in their pool's array. A pool hands out
 * numbers from 1 up (R-P3), so a replay's arrays are as long as the licenses it
 * touched; a higher number (a pool of more, or a state read back with odd ids)
 * goes to a `Map`, so no array grows past this by one entry.
 */
const SLOTS = 1 << 16;

/** An array with `length` slots, none of them a hole (the array stays a plain list, not a dictionary). */
const filledTo = <V>(slots: (V | undefined)[], length: number): void => {
  for (let k = slots.length; k < length; k++) slots.push(undefined);
};

/**
 * A draft's values by license (its license ends, its renewing ends): one array
 * per pool, indexed by license number, and a `Map` by id for any id that is not
 * `<poolId>#<n>` with n up to {@link SLOTS}. A replay reads and writes one value
 * per license at about every event; in a `Map` keyed by license id of ~100 000
 * entries each of those cost ~0.6 µs of cache misses (the table, the entry, the
 * key), in an array by number about a quarter of that.
 *
 * Each id has one place, found from the id alone (the pool id passed with it
 * only saves parsing it out): the same license reached through its end, its
 * record or an install finds the same value.
 *
 * Writes made while a journal is open are recorded in it, so a rollback puts
 * back exactly what was there (R-L3).
 */
export class ByLicense<V> implements Undoable {
  private pools = new Map<string, (V | undefined)[]>();
  private others: Map<string, V> | undefined = undefined;
  /** The pool last read or written: the writes of one event are mostly to one pool. */
  private lastPoolId: string | null = null;
  private lastSlots: (V | undefined)[] | undefined = undefined;
  private count = 0;
  /** The number of the id {@link slotsOf} last placed. */
  private number = 0;

  constructor(private readonly journal: Journal) {}

  /** How many licenses have a value. */
  get size(): number {
    return this.count;
  }

  /**
   * The array `licenseId`'s value sits in (at {@link number}), or `undefined` when it
   * sits in {@link others}; with `make`, the array is made and filled up to that slot.
   */
  private slotsOf(poolId: string, licenseId: string, make: boolean): (V | undefined)[] | null | undefined {
    let pool = poolId;
    let n = licenseNumberIn(poolId, licenseId);
    if (n === 0) {
      // Not `<poolId>#<n>` for this pool id: the id's own pool, if it has one (a rare path).
      const own = parseLicenseId(licenseId);
      if (own !== undefined && licenseNumberIn(own.poolId, licenseId) === own.number) {
        pool = own.poolId;
        n = own.number;
      }
    }
    if (n === 0 || n > SLOTS) return undefined;
    this.number = n;
    let slots = pool === this.lastPoolId ? this.lastSlots : this.pools.get(pool);
    if (slots === undefined) {
      if (!make) return null;
      this.pools.set(pool, (slots = []));
    }
    this.lastPoolId = pool;
    this.lastSlots = slots;
    if (make) filledTo(slots, n + 1);
    return slots;
  }

  /** The value of a license, `undefined` for none. `poolId` is the license's pool. */
  get(poolId: string, licenseId: string): V | undefined {
    const slots = this.slotsOf(poolId, licenseId, false);
    if (slots === undefined) return this.others?.get(licenseId);
    if (slots === null) return undefined;
    const n = this.number;
    return n < slots.length ? slots[n] : undefined;
  }

  /** Sets the value of a license (`undefined`: none). `poolId` is the license's pool. */
  set(poolId: string, licenseId: string, value: V | undefined): void {
    const slots = this.slotsOf(poolId, licenseId, true) as (V | undefined)[] | undefined;
    const previous = slots === undefined ? this.others?.get(licenseId) : slots[this.number];
    const entries = this.journal.entries;
    if (entries !== null) entries.push(this, licenseId, previous);
    this.count += (value === undefined ? 0 : 1) - (previous === undefined ? 0 : 1);
    if (slots !== undefined) slots[this.number] = value;
    else if (value === undefined) this.others?.delete(licenseId);
    else (this.others ??= new Map()).set(licenseId, value);
  }

  /** Puts back what was there before a write (see `undoJournal`). */
  restoreOwn(licenseId: string, previous: unknown): void {
    // No pool id at hand: the id's own is found from it.
    this.set('', licenseId, previous as V | undefined);
  }

  /**
   * Calls `visit` with every license's value and id. `idOf` gives the id from a
   * value that holds it (so no id string is made for it), else `undefined`.
   */
  forEach(visit: (value: V, licenseId: string) => void, idOf: (value: V) => string | undefined): void {
    this.pools.forEach((slots, poolId) => {
      for (let n = 0; n < slots.length; n++) {
        const value = slots[n];
        if (value !== undefined) visit(value, idOf(value) ?? licenseIdOf(poolId, n));
      }
    });
    this.others?.forEach(visit);
  }

  /**
   * Calls `visit` with every license's value, and no id: a commit onto an empty
   * map skips the licenses that have none now (`null`), most of a replay's
   * renewing ends and many of its license ends, and each id {@link forEach}
   * would make for them was a string built only to be dropped.
   */
  forEachValue(visit: (value: V) => void): void {
    this.pools.forEach((slots) => {
      for (let n = 0; n < slots.length; n++) {
        const value = slots[n];
        if (value !== undefined) visit(value);
      }
    });
    this.others?.forEach(visit);
  }

  /** Forgets every value (without a journal entry: for a commit). */
  clear(): void {
    this.pools = new Map();
    this.others = undefined;
    this.lastPoolId = null;
    this.lastSlots = undefined;
    this.count = 0;
  }
}

const sealed = <V>(value: V, seal: ((value: V) => void) | undefined): V => {
  if (seal !== undefined) seal(value);
  return value;
};

/**
 * `base` with the values `changes` holds (`null`: the license has none now),
 * which it then forgets: the persistent map a draft hands out. Onto an empty
 * base (a replay's result) the values make one table, taken over; many writes
 * onto a large base, one new table; a few, persistent writes under `edit`.
 * `idOf` gives a value's license id; `seal` is called on each value written (to
 * freeze what the draft made unfrozen).
 */
export const commitByLicense = <V>(
  base: PersistentMap<V>,
  changes: ByLicense<V | null>,
  idOf: (value: V) => string,
  edit: Edit,
  seal?: (value: V) => void,
): PersistentMap<V> => {
  const count = changes.size;
  if (count === 0) return base;
  const idOfValue = (value: V | null): string | undefined => (value === null ? undefined : idOf(value));
  let map = base;
  if (base.size === 0) {
    // Nothing to take out: only the values there are now, each knowing its id.
    const table = new Map<string, V>();
    changes.forEachValue((value) => {
      if (value !== null) table.set(idOf(value), sealed(value, seal));
    });
    if (table.size !== 0) map = adoptTable(table, mapSeed(base));
  } else if (writesMakeATable(count, base.size)) {
    const table = tableCopy(base);
    changes.forEach((value, licenseId) => {
      if (value === null) table.delete(licenseId);
      else table.set(licenseId, sealed(value, seal));
    }, idOfValue);
    map = adoptTable(table, mapSeed(base));
  } else {
    changes.forEach((value, licenseId) => {
      map = value === null ? removeEntry(map, licenseId, edit) : setEntry(map, licenseId, sealed(value, seal), edit);
    }, idOfValue);
  }
  changes.clear();
  return map;
};
