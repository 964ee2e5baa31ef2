import type { HashSeed } from './hash-seed';
import {
  adoptTable,
  type Edit,
  emptyMap,
  getEntry,
  mapEntries,
  mapSeed,
  type PersistentMap,
  removeEntry,
  setEntry,
  tableCopy,
} from './persistent-map';

/**
 * A string-keyed map being written by one owner (a replay, one `applyEvent`):
 * reads see its own writes, kept in a plain mutable `Map`, over an immutable
 * {@link PersistentMap} base it started from. Nothing is copied per write, and
 * the base is never changed: {@link OverlayMap.commit} builds the next
 * persistent map from the base and the writes, once, when a state is handed out.
 *
 * A replay from an empty ledger keeps everything in the `Map` until its result
 * is asked for (a transient replay); `applyEvent` keeps the handful of records
 * one event changes. Both run the same handlers over the same reads and writes.
 *
 * Writes made while a {@link Journal} is open are recorded so that they can be
 * undone in reverse order (a rejected event moves nothing, R-L3).
 *
 * @since 0.1.0
 */

/** Marks a key removed from the base. */
const GONE: unique symbol = Symbol('gone');
/** In a journal: the key had no own entry before the write. */
const ABSENT: unique symbol = Symbol('absent');

type Own<V> = Map<string, V | typeof GONE>;

/**
 * From this many writes, and a quarter of the base's size, {@link OverlayMap.commit}
 * makes one table of the base and the writes instead of writing each into the base.
 */
const BULK = 32;
const MANY = 4;

/**
 * Whether `writes` onto a base of `baseSize` entries are committed as one new
 * table (from `BULK` writes and a quarter of the base) rather than written into
 * the base one by one; shared by every collection a draft commits this way.
 */
export const writesMakeATable = (writes: number, baseSize: number): boolean =>
  writes >= BULK && writes * MANY >= baseSize;

/**
 * A map that takes its base over does so once its reads that found nothing of
 * its own number more than a quarter of the base (and the base has at least
 * `BULK` entries): from then on one lookup answers a read instead of two, and
 * its commit adopts the map it holds instead of copying the base again.
 */
const TAKEOVER = 4;

/**
 * The undo record shared by the maps of one draft: while open, every write
 * appends `(map, key, previous own entry)`; {@link undoJournal} replays them backwards.
 *
 * @since 0.1.0
 */
export interface Journal {
  entries: unknown[] | null;
}

/**
 * What a journal entry's first element is: the collection written, which puts
 * back the entry `key` had before the write (`previous`, as it recorded it).
 *
 * @since 0.4.0
 */
export interface Undoable {
  restoreOwn(key: string, previous: unknown): void;
}

/** @since 0.1.0 */
export const newJournal = (): Journal => ({ entries: null });

/**
 * What an {@link OverlayMap} may assume of the values it holds.
 *
 * @since 0.6.0
 */
export interface OverlayOptions {
  /**
   * The base's values are frozen, and so is a value written once the owner may
   * no longer change it in place (the records of a state handed out, F9); an
   * unfrozen value is one the owner made. This lets the map take its base over
   * (copy it into its own `Map`) once many reads go to it: it then tells the
   * base's values from its own writes by whether they are frozen.
   */
  readonly frozenValues?: boolean;
}

/** @since 0.1.0 */
export class OverlayMap<V> implements Undoable {
  private own: Own<V> | undefined = undefined;
  /** Reads that went to the base since the last commit (counted only while a takeover may come). */
  private baseReads = 0;
  /** Whether `own` holds the base's entries too (and `base` is empty): see {@link OverlayOptions}. */
  private tookOver = false;
  private readonly mayTakeOver: boolean;

  constructor(
    private base: PersistentMap<V>,
    private readonly journal: Journal,
    options: OverlayOptions = {},
  ) {
    this.mayTakeOver = options.frozenValues === true;
  }

  /** The seed of the base's hash table, which the committed maps keep. */
  get seed(): HashSeed {
    return mapSeed(this.base);
  }

  /**
   * Whether the value the last {@link get} found is one of this map's own
   * writes ({@link owns}): an owner that remembers it need not ask again.
   */
  lastOwned = false;

  get(key: string): V | undefined {
    const own = this.own;
    if (own !== undefined) {
      const value = own.get(key);
      if (value !== undefined) {
        this.lastOwned = value !== GONE && !(this.tookOver && Object.isFrozen(value));
        return value === GONE ? undefined : value;
      }
    }
    this.lastOwned = false;
    const base = this.base;
    if (base.size === 0) return undefined;
    if (
      this.mayTakeOver &&
      base.size >= BULK &&
      ++this.baseReads * TAKEOVER > base.size &&
      this.journal.entries === null
    ) {
      this.takeOver();
      return this.get(key);
    }
    return getEntry(base, key);
  }

  /**
   * What {@link get} would find for `key`, with none of its effects: `lastOwned`
   * is left as it was, and the read does not count towards a takeover. For
   * reading ahead (`Draft.readAhead`), which must leave the map as it found it.
   */
  peek(key: string): V | undefined {
    const own = this.own;
    if (own !== undefined) {
      const value = own.get(key);
      if (value !== undefined) return value === GONE ? undefined : value;
    }
    const base = this.base;
    return base.size === 0 ? undefined : getEntry(base, key);
  }

  /**
   * Makes `table` this map's own writes, as if it had stored every entry itself:
   * the owner may change its values in place, and the next commit adopts it. For a
   * map over an empty base with no writes yet; nothing else may hold `table` or
   * its values (a state read for a replay that owns it).
   */
  adoptOwn(table: Map<string, V>): void {
    if (this.base.size !== 0 || this.own !== undefined) throw new Error('internal: adoptOwn onto a base or writes');
    this.own = table;
  }

  /**
   * Copies the base into the map's own `Map`, its writes over it, and reads
   * only that from now on. Not while a journal is open: its entries record own
   * entries as they were over the base, and an undo must still fall back to it.
   */
  private takeOver(): void {
    const table = tableCopy(this.base) as Own<V>;
    const own = this.own;
    if (own !== undefined)
      own.forEach((value, key) => {
        if (value === GONE) table.delete(key);
        else table.set(key, value);
      });
    this.own = table;
    this.base = emptyMap(mapSeed(this.base));
    this.tookOver = true;
  }

  /**
   * Whether `value` is what this map's own writes hold for `key`: a record the
   * owner stored itself since the last {@link commit}, which no state handed out
   * and no state it started from holds, so the owner may change it in place
   * (while no journal is open: a rollback puts back records as they were).
   */
  owns(key: string, value: V): boolean {
    return this.own !== undefined && this.own.get(key) === value && !(this.tookOver && Object.isFrozen(value));
  }

  set(key: string, value: V): void {
    const own = this.own ?? (this.own = new Map());
    const entries = this.journal.entries;
    if (entries !== null) entries.push(this, key, own.has(key) ? own.get(key) : ABSENT);
    own.set(key, value);
  }

  delete(key: string): void {
    const own = this.own;
    if (this.base.size === 0 && (own === undefined || !own.has(key))) return;
    const entries = this.journal.entries;
    const target = own ?? (this.own = new Map());
    if (entries !== null) entries.push(this, key, target.has(key) ? target.get(key) : ABSENT);
    // Over an empty base a key is deleted, not marked: `keys()` walks the own map, and
    // a RecoveryRun walks every agent awaiting recovery, so marks left by recovered
    // agents made a long replay slower and slower (tried in the seventh session: the
    // 2 GB benchmark log took twice as long).
    if (this.base.size === 0) target.delete(key);
    else target.set(key, GONE);
  }

  /** Puts back one own entry as it was before a write (see {@link undoJournal}). */
  restoreOwn(key: string, previous: unknown): void {
    const own = this.own as Own<V>;
    if (previous === ABSENT) own.delete(key);
    else own.set(key, previous as V | typeof GONE);
  }

  /** Every key with a value, own writes first, in no particular order. */
  *keys(): Generator<string> {
    const own = this.own;
    if (own !== undefined) for (const [key, value] of own) if (value !== GONE) yield key;
    for (const [key] of mapEntries(this.base)) if (own === undefined || !own.has(key)) yield key;
  }

  /** Every value, in no particular order. */
  *values(): Generator<V> {
    for (const key of this.keys()) yield this.get(key) as V;
  }

  /**
   * What a commit stores for a value of its own: what `seal` returns in its
   * place, if anything. A base value taken over (frozen) is stored as it is.
   */
  private stored(value: V, seal: ((value: V) => V | void) | undefined): V {
    if (seal === undefined || (this.tookOver && Object.isFrozen(value))) return value;
    return seal(value) ?? value;
  }

  /**
   * The persistent map holding the base and every write, which becomes the new
   * base. Nodes are made under `edit` (written in place while it is live); the
   * caller retires it before anyone else sees the map. `seal` is called on
   * each value written (to freeze records the owner changed in place); what it
   * returns, if anything, is stored instead of the value (a mutable value made
   * persistent). A map that took its base over ({@link OverlayOptions}) seals
   * only its unfrozen values: the frozen ones are the base's, or sealed already.
   */
  commit(edit: Edit, seal?: (value: V) => V | void): PersistentMap<V> {
    const own = this.own;
    if (own === undefined || own.size === 0) return this.base;
    let map = this.base;
    if (writesMakeATable(own.size, map.size)) {
      // Many writes (a transient replay's result, a long tail replayed onto a
      // state): one table holds the base and the writes, and the map takes it
      // over. Onto an empty base that table is the writes' own `Map`: nothing is
      // built at all.
      const table = map.size === 0 ? (own as Map<string, V | typeof GONE>) : (tableCopy(map) as Own<V>);
      // forEach: iterating a Map with for…of makes a [key, value] pair per entry.
      own.forEach((value, key) => {
        if (value === GONE) {
          table.delete(key);
          return;
        }
        const stored = this.stored(value, seal);
        if (stored !== value || table !== own) table.set(key, stored);
      });
      map = adoptTable(table as Map<string, V>, this.seed);
    } else {
      own.forEach((value, key) => {
        map = value === GONE ? removeEntry(map, key, edit) : setEntry(map, key, this.stored(value, seal), edit);
      });
    }
    this.base = map;
    this.own = undefined;
    this.tookOver = false;
    this.baseReads = 0;
    return map;
  }
}

/**
 * Undoes every write recorded since the journal was opened, newest first, and closes it.
 *
 * @since 0.1.0
 */
export const undoJournal = (journal: Journal): void => {
  const entries = journal.entries;
  journal.entries = null;
  if (entries === null) return;
  for (let i = entries.length - 3; i >= 0; i -= 3) {
    (entries[i] as Undoable).restoreOwn(entries[i + 1] as string, entries[i + 2]);
  }
};
