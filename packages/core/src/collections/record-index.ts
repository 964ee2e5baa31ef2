/**
 * An index of records by string id in front of a larger map: where a lookup
 * found each id's record last, so the next lookup of that id is answered here.
 *
 * Why not only the `Map`: a replay reads a machine record per event, from ~100 000
 * in random order, and on this kind of machine each load that misses the caches
 * costs 190–290 ns. A `Map` lookup whose key is an equal string but not the very
 * one stored (the decoder hands each event its own copy of a machine id) loads
 * the bucket, the entry, the stored key of each entry on the chain (to compare
 * characters) and then the record. Here the slots hold each id's full 32-bit hash
 * (keyed with the state's seed, so a log cannot choose ids that collide) in one
 * typed array and the id and record side by side in another: a slot whose hash
 * differs is passed over without loading any string, and the record is found in
 * two loads. Measured on the 1M-event log: the fold's main-thread CPU −6 %
 * (docs/performance.md, "Fourteenth session").
 *
 * It holds no state of its own that matters: its owner stores what a lookup of
 * the map found ({@link RecordIndex.set}) and tells it of every change to an id's
 * record (set again, or {@link RecordIndex.forget}); a miss here means "ask the map".
 * Each record carries one flag for its owner (the draft's: whether the record is
 * its own), kept in the slot's hash word: reading it loads nothing more.
 *
 * @since 0.6.0
 */
import { type HashSeed, keyedHashInt32 } from './hash-seed';

/** Slots of a new index; it doubles once half of them are used. */
const FIRST_SLOTS = 64;

/** The bits of a slot's word that hold its hash; bit 1 is always set (0 is an empty slot) and bit 0 is the flag. */
const HASH_BITS = ~3;
const STORED = 2;
const FLAG = 1;

/** The word a slot holds for `hash` before its flag: never 0. A slot's home is the word's hash bits, `word >>> 2`. */
const wordOf = (hash: number): number => (hash & HASH_BITS) | STORED;

/** @since 0.6.0 */
export class RecordIndex<V> {
  /** Each slot's word ({@link wordOf} of its id's hash, and the flag); 0 for an empty slot. */
  private words = new Int32Array(FIRST_SLOTS);
  /**
   * Slot `i`'s id at `2i` and record at `2i + 1` (`undefined`: forgotten; a slot
   * is never emptied, ids are few and come back), side by side in one cache line.
   * The id is the string the record was last stored or found by: the ids of one
   * event are the decoder's, and the next lookup by the same string is settled
   * without reading a character. (The id read from the record instead, which
   * saved this column's 2 MB for 100 000 machines, measured about half the gain.)
   */
  private entries: (string | V | undefined)[] = new Array<string | V | undefined>(2 * FIRST_SLOTS).fill(undefined);
  private used = 0;
  /** The flag of the record the last {@link get} found (false when it found none). */
  lastFlag = false;

  constructor(private readonly seed: HashSeed) {}

  /** The slot holding `id`, or -1. */
  private slotOf(id: string): number {
    const word = wordOf(keyedHashInt32(this.seed, id));
    const words = this.words;
    const mask = words.length - 1;
    for (let i = (word >>> 2) & mask; ; i = (i + 1) & mask) {
      const w = words[i] as number;
      if (w === 0) return -1;
      if ((w & ~FLAG) === word && this.entries[2 * i] === id) return i;
    }
  }

  /** The record last stored for `id`, or `undefined` (none, or forgotten); its flag in {@link lastFlag}. */
  get(id: string): V | undefined {
    const i = this.slotOf(id);
    const record = i < 0 ? undefined : (this.entries[2 * i + 1] as V | undefined);
    this.lastFlag = record !== undefined && ((this.words[i] as number) & FLAG) !== 0;
    return record;
  }

  /** Stores `record` as `id`'s, with its flag. */
  set(id: string, record: V, flag: boolean): void {
    const word = wordOf(keyedHashInt32(this.seed, id));
    const words = this.words;
    const mask = words.length - 1;
    for (let i = (word >>> 2) & mask; ; i = (i + 1) & mask) {
      const w = words[i] as number;
      if (w === 0 || ((w & ~FLAG) === word && this.entries[2 * i] === id)) {
        words[i] = flag ? word | FLAG : word;
        this.entries[2 * i] = id;
        this.entries[2 * i + 1] = record;
        if (w !== 0) return;
        this.used += 1;
        if (this.used * 2 > words.length) this.grow();
        return;
      }
    }
  }

  /** Drops the record stored for `id`, if any. */
  forget(id: string): void {
    const i = this.slotOf(id);
    if (i >= 0) this.entries[2 * i + 1] = undefined;
  }

  /** Clears every record's flag (the draft's: a state was handed out, and nothing is its own any more). */
  clearFlags(): void {
    const words = this.words;
    for (let i = 0; i < words.length; i++) words[i] = (words[i] as number) & ~FLAG;
  }

  /** Twice the slots, every stored id placed again by the word its slot kept (nothing is hashed again). */
  private grow(): void {
    const words = this.words;
    const entries = this.entries;
    const size = words.length * 2;
    const next = new Int32Array(size);
    const nextEntries = new Array<string | V | undefined>(2 * size).fill(undefined);
    const mask = size - 1;
    for (let k = 0; k < words.length; k++) {
      const w = words[k] as number;
      if (w === 0) continue;
      let i = (w >>> 2) & mask;
      while (next[i] !== 0) i = (i + 1) & mask;
      next[i] = w;
      nextEntries[2 * i] = entries[2 * k];
      nextEntries[2 * i + 1] = entries[2 * k + 1];
    }
    this.words = next;
    this.entries = nextEntries;
  }
}
