import type { BodyDigest } from '../ledger/body-digest';
import { DEFAULT_HASH_SEED, type HashSeed, keyedHashInt32, keyedHashOfBytes } from './hash-seed';
import { type Edit, emptyMap, getEntry, mapEntries, type PersistentMap, setEntry } from './persistent-map';

/**
 * Every applied event id with the digest of its body (R-L5), compactly: the one
 * collection that grows with every event of a log, so it lives in typed arrays
 * outside the JavaScript heap (~35 B per id instead of ~90 B of trie nodes on the
 * heap, and nothing for the garbage collector to walk).
 *
 * Memory in proportion to the ids held: the columns (each id's characters, where
 * they end, its body digest) are fixed-size pages, so growing allocates one page
 * and copies nothing; only the slots (the hash table) grow by doubling.
 *
 * Persistence without copying: the pages are an append-only store shared by
 * every version of the map. A version sees the store's first `shared` entries
 * (entries are only ever added, never changed) plus its own small persistent
 * `overlay`. Adding to the newest version appends to the store in place; adding to
 * an older version (a branch, e.g. `applyEvent` twice on one state) goes to that
 * version's overlay, and an overlay grown large is folded into a store of its own.
 * Ids are compared exactly, never by hash alone. Ids are placed by a hash keyed
 * with the table's seed (see `HashSeed`), so a log cannot choose ids that share
 * one slot chain.
 *
 * @since 0.1.0
 */
export interface IdHashMap {
  /** How many ids this version holds. */
  readonly size: number;
  /** Phantom marker: the rest is internal. */
  readonly _idHashMap?: never;
}

/** Entries per page of the columns (ends and digests): 2^16, i.e. 256 KiB of ends and 1 MiB of digests. */
const PAGE_BITS = 16;
/** Characters per page: 2^20 (1 MiB). An id never straddles two pages; a longer one is kept as a string. */
const CHAR_PAGE_BITS = 20;
// Small at first: a ledger of a few events (tests, branches) should not cost a page. The first page
// of each column starts this small and doubles until it is a whole page; the later ones are whole.
const MIN_CAPACITY = 16;
/** Past this, `Uint32Array` offsets into the id characters would overflow. */
const MAX_CHARS = 0xffff_ffff;
/** An overlay this large (and at least a quarter of the store) is folded into a store of its own. */
const MIN_FOLD = 4096;
/** The slots are at most this full (linear probing; a probe past a taken slot costs no extra memory read, below). */
const MAX_LOAD = 0.7;
const MIN_SLOT_BITS = 5;
/** 2^30 slots (4 GiB): ~750 million ids. */
const MAX_SLOT_BITS = 30;

/** Code units of one body digest. */
const DIGEST = 8;

/** Whether the platform lays a `Uint16Array` out little-endian, as snapshots do. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The append-only store. Entry `e` is visible to every version whose `shared`
 * exceeds `e`. Entry `e` sits at index `e & pageMask` of page `e >>> pageBits`
 * of each column. Its characters are the Latin-1 code units `[start, end)`
 * within one page of `charPages` (offsets count across pages: offset `o` is in
 * page `o >>> charPageBits`), where `end` is `ends[e]` and `start` is where the
 * entry before it ends, or the next page's start when the id did not fit in the
 * rest of that page (`startOf`).
 */
class Store {
  constructor(
    readonly seed: HashSeed,
    readonly pageBits: number,
    readonly charPageBits: number,
  ) {}
  count = 0;
  /** Entry `e`'s body digest is 8 code units from `(e & pageMask) * 8` of its page. */
  readonly digestPages: Uint16Array<ArrayBuffer>[] = [];
  /** Where each entry's characters end. */
  readonly endPages: Uint32Array<ArrayBuffer>[] = [];
  readonly charPages: Uint8Array<ArrayBuffer>[] = [];
  /** How many characters of each page but the last are used (the rest, less than an id, is left empty). */
  readonly charFills: number[] = [];
  /** Where the newest entry's characters end. */
  charEnd = 0;
  /**
   * Ids kept as strings: those with a code unit above 0xff (rare in audit logs)
   * or longer than a page of characters. Their character range is empty.
   */
  readonly wide = new Map<number, string>();
  /**
   * Open addressing, linear probing, at most `MAX_LOAD` full: 0 for an empty
   * slot, else `entry + 1` in the low `slotBits` bits (entries never reach
   * `2 ** slotBits`) and the id hash's bits above those in the high bits: a
   * probe rejects nearly every other id without reading its entry.
   */
  slots = new Int32Array(1 << MIN_SLOT_BITS);
  slotBits = MIN_SLOT_BITS;
  /** How many entries the slots take before they grow. */
  slotLimit = Math.floor((1 << MIN_SLOT_BITS) * MAX_LOAD);
}

interface Version {
  readonly size: number;
  readonly store: Store;
  readonly shared: number;
  readonly overlay: PersistentMap<BodyDigest>;
}

/**
 * A version as handed out: a frozen object whose only property is `size`; the
 * store (typed arrays appended to in place) and the overlay sit in a private
 * field, which no property access reaches, so nothing reachable from a state
 * can change them.
 */
class IdBox {
  readonly size: number;
  readonly #version: Version;

  constructor(version: Version) {
    this.size = version.size;
    this.#version = version;
    Object.freeze(this);
  }

  static versionOf(map: IdBox): Version {
    return map.#version;
  }
}

const version = (map: IdHashMap): Version => IdBox.versionOf(map as unknown as IdBox);

const makeVersion = (store: Store, shared: number, overlay: PersistentMap<BodyDigest>): IdHashMap =>
  new IdBox({ size: shared + overlay.size, store, shared, overlay });

const latin1 = (id: string): boolean => {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return false;
  return true;
};

const endOf = (store: Store, entry: number): number =>
  (store.endPages[entry >>> store.pageBits] as Uint32Array)[entry & ((1 << store.pageBits) - 1)] as number;

/** Where an entry's characters start, given where the entry before it ends and where it ends. */
const startAfter = (store: Store, before: number, end: number): number => {
  const bits = store.charPageBits;
  const pageEnd = before - (before & ((1 << bits) - 1)) + (1 << bits);
  return end > pageEnd ? pageEnd : before;
};

const startOf = (store: Store, entry: number): number =>
  entry === 0 ? 0 : startAfter(store, endOf(store, entry - 1), endOf(store, entry));

/** The page holding the characters from `start` (an id's), and `start`'s index in it. */
const charPage = (store: Store, start: number): Uint8Array =>
  store.charPages[start >>> store.charPageBits] as Uint8Array;
const charIndex = (store: Store, start: number): number => start & ((1 << store.charPageBits) - 1);

const sameId = (store: Store, entry: number, id: string): boolean => {
  const end = endOf(store, entry);
  const start = entry === 0 ? 0 : startAfter(store, endOf(store, entry - 1), end);
  if (start === end) {
    const wide = store.wide.get(entry);
    if (wide !== undefined) return wide === id;
  }
  if (end - start !== id.length) return false;
  if (start === end) return true;
  const chars = charPage(store, start);
  const at = charIndex(store, start);
  for (let i = 0; i < id.length; i++) if (chars[at + i] !== id.charCodeAt(i)) return false;
  return true;
};

const digestOf = (store: Store, entry: number): BodyDigest => {
  const d = store.digestPages[entry >>> store.pageBits] as Uint16Array;
  const at = (entry & ((1 << store.pageBits) - 1)) * DIGEST;
  return String.fromCharCode(
    d[at] as number,
    d[at + 1] as number,
    d[at + 2] as number,
    d[at + 3] as number,
    d[at + 4] as number,
    d[at + 5] as number,
    d[at + 6] as number,
    d[at + 7] as number,
  ) as BodyDigest;
};

/** Slots looked at by every lookup and placement so far: what a flood of colliding ids would make quadratic. */
let probes = 0;

/** The body digest of `id` among the store's first `visible` entries. */
const findShared = (store: Store, id: string, hash: number, visible: number): BodyDigest | undefined => {
  const { slots, slotBits } = store;
  const mask = slots.length - 1;
  for (let i = hash & mask; ; i = (i + 1) & mask) {
    probes += 1;
    const slot = slots[i] as number;
    if (slot === 0) return undefined;
    if ((slot ^ hash) >>> slotBits === 0) {
      const entry = (slot & mask) - 1;
      if (entry < visible && sameId(store, entry, id)) return digestOf(store, entry);
    }
  }
};

/** The slot where a probe for `hash` ends: the first empty one. */
const freeSlot = (slots: Int32Array, hash: number): number => {
  const mask = slots.length - 1;
  let i = hash & mask;
  probes += 1;
  while (slots[i] !== 0) {
    i = (i + 1) & mask;
    probes += 1;
  }
  return i;
};

const slotOf = (hash: number, bits: number, entry: number): number => ((hash >>> bits) << bits) | (entry + 1);

/**
 * The hashes of a block of entries, computed before any is placed: placing
 * right after hashing leaves each slot's cache miss nothing to overlap with (two
 * to three times slower than hashing a block, then placing it).
 */
const BLOCK = 1024;
const blockHashes = new Int32Array(BLOCK);

/** Computes the hashes of entries `from .. to` (at most a block) into `blockHashes`; gives where entry `to - 1` ends. */
const hashBlock = (store: Store, from: number, to: number, before: number): number => {
  const { seed, pageBits, charPageBits, endPages, charPages, wide } = store;
  const pageMask = (1 << pageBits) - 1;
  const charMask = (1 << charPageBits) - 1;
  let ends = endPages[from >>> pageBits] as Uint32Array;
  for (let e = from; e < to; e++) {
    if ((e & pageMask) === 0) ends = endPages[e >>> pageBits] as Uint32Array;
    const end = ends[e & pageMask] as number;
    // Where the entry starts (`startAfter`).
    const pageEnd = before - (before & charMask) + charMask + 1;
    const start = end > pageEnd ? pageEnd : before;
    before = end;
    if (start === end) blockHashes[e - from] = keyedHashInt32(seed, wide.get(e) ?? '');
    else {
      const at = start & charMask;
      blockHashes[e - from] = keyedHashOfBytes(
        seed,
        charPages[start >>> charPageBits] as Uint8Array,
        at,
        at + end - start,
      );
    }
  }
  return before;
};

/** The slots, twice as many: every entry's hash is computed again from its characters (the slots keep only part of it). */
const growSlots = (store: Store): void => {
  const bits = store.slotBits + 1;
  if (bits > MAX_SLOT_BITS) throw new RangeError('more than 750 million event ids: the id table is full');
  const slots = new Int32Array(1 << bits);
  let before = 0;
  for (let from = 0; from < store.count; from += BLOCK) {
    const to = Math.min(store.count, from + BLOCK);
    before = hashBlock(store, from, to, before);
    for (let e = from; e < to; e++) {
      const hash = blockHashes[e - from] as number;
      slots[freeSlot(slots, hash)] = slotOf(hash, bits, e);
    }
  }
  store.slots = slots;
  store.slotBits = bits;
  store.slotLimit = Math.floor(slots.length * MAX_LOAD);
};

const grown = <A extends Uint32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(
  array: A,
  length: number,
): A => {
  const bigger = new (array.constructor as new (n: number) => A)(length);
  bigger.set(array);
  return bigger;
};

/** Room for entry `entry` (the next one) in the columns: a new page, or the first page doubled. */
const reserveEntry = (store: Store, entry: number): void => {
  const ends = store.endPages[entry >>> store.pageBits];
  if (ends === undefined || (entry & ((1 << store.pageBits) - 1)) >= ends.length) addRoom(store, entry);
};

/** Room for every entry up to `last` in the columns. */
const reserveEntries = (store: Store, last: number): void => {
  const pageSize = 1 << store.pageBits;
  for (;;) {
    const ends = store.endPages[last >>> store.pageBits];
    if (ends !== undefined && (last & (pageSize - 1)) < ends.length) return;
    // The first entry there is no room for.
    const page = store.endPages.length - 1;
    addRoom(store, page < 0 ? 0 : page * pageSize + (store.endPages[page] as Uint32Array).length);
  }
};

const addRoom = (store: Store, entry: number): void => {
  const page = entry >>> store.pageBits;
  const pageSize = 1 << store.pageBits;
  if (page === store.endPages.length) {
    const length = page === 0 ? Math.min(MIN_CAPACITY, pageSize) : pageSize;
    store.endPages.push(new Uint32Array(length));
    store.digestPages.push(new Uint16Array(length * DIGEST));
    return;
  }
  // Only the first page is ever short.
  const ends = store.endPages[page] as Uint32Array<ArrayBuffer>;
  const length = Math.min(pageSize, ends.length * 2);
  store.endPages[page] = grown(ends, length);
  store.digestPages[page] = grown(store.digestPages[page] as Uint16Array<ArrayBuffer>, length * DIGEST);
};

/**
 * Where the next id's `length` characters (1 to a page) go: after the newest
 * entry's, or at the start of the next page when they do not fit in the rest
 * of this one. Makes room for them (a new page, or the first page doubled).
 */
const placeChars = (store: Store, length: number): number => {
  const start = store.charEnd;
  const at = start & ((1 << store.charPageBits) - 1);
  // Most ids: in the rest of the page the one before ends in.
  if (at > 0 && at + length <= (store.charPages[start >>> store.charPageBits] as Uint8Array).length) {
    if (start + length > MAX_CHARS) throw new RangeError('more than 4 GiB of event ids: the id table is full');
    store.charEnd = start + length;
    return start;
  }
  return placeCharsOnPage(store, length);
};

const placeCharsOnPage = (store: Store, length: number): number => {
  const bits = store.charPageBits;
  const pageSize = 1 << bits;
  let start = store.charEnd;
  const used = start & (pageSize - 1);
  if (used + length > pageSize) start = start - used + pageSize;
  const end = start + length;
  if (end > MAX_CHARS) throw new RangeError('more than 4 GiB of event ids: the id table is full');
  const page = start >>> bits;
  const pages = store.charPages;
  if (page === pages.length) {
    if (page > 0) store.charFills[page - 1] = store.charEnd - (page - 1) * pageSize;
    pages.push(new Uint8Array(page === 0 ? Math.min(pageSize, Math.max(MIN_CAPACITY * 16, end)) : pageSize));
  } else {
    // Only the first page is ever short.
    const chars = pages[page] as Uint8Array<ArrayBuffer>;
    const needed = end - page * pageSize;
    if (needed > chars.length) pages[page] = grown(chars, Math.min(pageSize, Math.max(chars.length * 2, needed)));
  }
  store.charEnd = end;
  return start;
};

/** Whether an id is kept in the character pages (else as a string). */
const narrow = (store: Store, id: string): boolean => id.length <= 1 << store.charPageBits && latin1(id);

/** Entry `store.count` in the columns: its characters (or string), end and digest (unless `null`); not in the slots. */
const appendEntry = (store: Store, id: string, digest: BodyDigest | null): number => {
  const entry = store.count;
  reserveEntry(store, entry);
  if (!narrow(store, id)) store.wide.set(entry, id);
  else if (id.length > 0) {
    const start = placeChars(store, id.length);
    const chars = charPage(store, start);
    const at = charIndex(store, start);
    for (let i = 0; i < id.length; i++) chars[at + i] = id.charCodeAt(i);
  }
  const page = entry >>> store.pageBits;
  const index = entry & ((1 << store.pageBits) - 1);
  (store.endPages[page] as Uint32Array)[index] = store.charEnd;
  if (digest !== null) {
    const digests = store.digestPages[page] as Uint16Array;
    for (let i = 0; i < DIGEST; i++) digests[index * DIGEST + i] = digest.charCodeAt(i);
  }
  store.count = entry + 1;
  return entry;
};

const append = (store: Store, id: string, hash: number, digest: BodyDigest): void => {
  if (store.count >= store.slotLimit) growSlots(store);
  const entry = appendEntry(store, id, digest);
  store.slots[freeSlot(store.slots, hash)] = slotOf(hash, store.slotBits, entry);
};

const idOf = (store: Store, entry: number): string => {
  const end = endOf(store, entry);
  const start = startOf(store, entry);
  if (start === end) return store.wide.get(entry) ?? '';
  const chars = charPage(store, start);
  const at = charIndex(store, start);
  let id = '';
  for (let i = at; i < at + end - start; i++) id += String.fromCharCode(chars[i] as number);
  return id;
};

/** A store of this version's own: its visible entries, then its overlay. O(size), once per large branch. */
const fold = (from: Version): IdHashMap => {
  const { seed, pageBits, charPageBits } = from.store;
  const store = new Store(seed, pageBits, charPageBits);
  for (let e = 0; e < from.shared; e++) {
    const id = idOf(from.store, e);
    append(store, id, keyedHashInt32(seed, id), digestOf(from.store, e));
  }
  for (const [id, digest] of mapEntries(from.overlay)) append(store, id, keyedHashInt32(seed, id), digest);
  return makeVersion(store, store.count, emptyMap(seed));
};

/**
 * A map with no ids, placing them by the hash keyed with `seed` (the fixed
 * public seed when none is given: see `HashSeed`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyIdHashMap } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(emptyIdHashMap().size, 0)
 */
export const emptyIdHashMap = (seed: HashSeed = DEFAULT_HASH_SEED): IdHashMap =>
  makeVersion(new Store(seed, PAGE_BITS, CHAR_PAGE_BITS), 0, emptyMap(seed));

/**
 * {@link emptyIdHashMap} with pages of `2 ** pageBits` entries and of
 * `2 ** charPageBits` characters (ids longer than that are kept as strings):
 * for tests, which cross page boundaries with few ids. Not exported from the
 * package.
 */
export const emptyIdHashMapPaged = (seed: HashSeed, pageBits: number, charPageBits: number): IdHashMap =>
  makeVersion(new Store(seed, pageBits, charPageBits), 0, emptyMap(seed));

/**
 * The body digest stored for `id`, or `undefined` if this version has not seen it.
 *
 * @since 0.1.0
 */
export const getIdHash = (map: IdHashMap, id: string): BodyDigest | undefined => {
  const { store, shared, overlay } = version(map);
  if (overlay.size > 0) {
    const own = getEntry(overlay, id);
    if (own !== undefined) return own;
  }
  return shared === 0 ? undefined : findShared(store, id, keyedHashInt32(store.seed, id), shared);
};

/**
 * How many table slots every lookup and placement of this process has looked
 * at so far: a diagnostic for tests (a flood of colliding ids would make it
 * grow with the square of the ids). Not exported from the package.
 */
export const idTableProbes = (): number => probes;

/**
 * A version that also holds `id` with its body digest; this one is untouched.
 * `id` must not be in the map yet (the ledger checks first, R-L5). `edit` is
 * the batch's ownership token for the overlay (see `setEntry`).
 *
 * @since 0.1.0
 */
export const setIdHash = (map: IdHashMap, id: string, digest: BodyDigest, edit: Edit | null = null): IdHashMap => {
  const from = version(map);
  if (from.shared === from.store.count) {
    append(from.store, id, keyedHashInt32(from.store.seed, id), digest);
    return makeVersion(from.store, from.shared + 1, from.overlay);
  }
  const overlay = setEntry(from.overlay, id, digest, edit);
  const next: Version = { size: from.shared + overlay.size, store: from.store, shared: from.shared, overlay };
  return overlay.size >= MIN_FOLD && overlay.size * 4 >= from.shared
    ? fold(next)
    : makeVersion(from.store, from.shared, overlay);
};

/**
 * A replay's id table: looks ids up and adds them like {@link getIdHash} and
 * {@link setIdHash}, but makes no version per id. While it holds the store's
 * newest entries it appends in place and only counts; {@link IdAppender.map}
 * makes the version when a state is handed out. The hash of the id last looked
 * up is kept, so the id a replay checks and then adds is hashed once.
 *
 * @since 0.4.0
 */
export class IdAppender {
  #current: IdHashMap | undefined;
  #store: Store;
  #shared: number;
  #overlay: PersistentMap<BodyDigest>;
  #lastId: string | null = null;
  #lastHash = 0;

  constructor(map: IdHashMap) {
    const from = version(map);
    this.#current = map;
    this.#store = from.store;
    this.#shared = from.shared;
    this.#overlay = from.overlay;
  }

  /** How many ids it holds. */
  get size(): number {
    return this.#shared + this.#overlay.size;
  }

  /** The body digest stored for `id`, or `undefined` if it has not seen it. */
  get(id: string): BodyDigest | undefined {
    if (this.#overlay.size > 0) {
      const own = getEntry(this.#overlay, id);
      if (own !== undefined) return own;
    }
    if (this.#shared === 0) return undefined;
    return findShared(this.#store, id, this.#hashOf(id), this.#shared);
  }

  /** Adds `id` (not held yet: the ledger checks first, R-L5) with its body digest; `edit` as for {@link setIdHash}. */
  add(id: string, digest: BodyDigest, edit: Edit | null = null): void {
    const store = this.#store;
    if (this.#overlay.size === 0 && this.#shared === store.count) {
      append(store, id, this.#hashOf(id), digest);
      this.#shared += 1;
      this.#current = undefined;
      return;
    }
    const next = version(setIdHash(this.map(), id, digest, edit));
    this.#current = undefined;
    this.#store = next.store;
    this.#shared = next.shared;
    this.#overlay = next.overlay;
  }

  /** The version holding every id added so far (the same one until the next {@link add}). */
  map(): IdHashMap {
    return (this.#current ??= makeVersion(this.#store, this.#shared, this.#overlay));
  }

  #hashOf(id: string): number {
    if (id !== this.#lastId) {
      this.#lastId = id;
      this.#lastHash = keyedHashInt32(this.#store.seed, id);
    }
    return this.#lastHash;
  }
}

/**
 * Calls `fn` with every id this version holds and its body digest: first the
 * store's entries in the order they were added, then the version's own overlay.
 *
 * @since 0.2.0
 */
export const forEachIdHash = (map: IdHashMap, fn: (id: string, digest: BodyDigest) => void): void => {
  const { store, shared, overlay } = version(map);
  for (let e = 0; e < shared; e++) fn(idOf(store, e), digestOf(store, e));
  if (overlay.size > 0) for (const [id, digest] of mapEntries(overlay)) fn(id, digest);
};

/**
 * An id table's first `count` entries laid bare, for snapshots, as views of its
 * pages (to read, never write): entry `e`'s id is `lengthOf(e)` Latin-1 code
 * units, which follow entry `e - 1`'s in `chars` (the pages' used parts, in
 * order), or `wide.get(e)` (a code unit above 0xff, or longer than a page: then
 * `lengthOf(e)` is 0 and it has no characters in `chars`); its body digest is
 * code units `8e .. 8e + 8` of `digests` (the pages, in order). Not exported
 * from the package.
 */
export interface IdTable {
  /** How many entries it lays bare. */
  readonly count: number;
  /** Every entry's characters, one page's used part after another. */
  readonly chars: readonly Uint8Array<ArrayBuffer>[];
  /** Every entry's digest, one page after another. */
  readonly digests: readonly Uint16Array<ArrayBuffer>[];
  /** Ids kept as strings, by entry. */
  readonly wide: ReadonlyMap<number, string>;
  /** How many characters of `chars` entry `e` has (0 for an id in `wide`). */
  lengthOf(e: number): number;
  /** Puts `lengthOf` of entries `from`, `from + 1`, … into `into`, as many as fit and there are; gives how many. */
  lengths(from: number, into: Uint32Array): number;
  /** Entry `e`'s id. */
  idOf(e: number): string;
}

class TableView implements IdTable {
  readonly #store: Store;
  readonly count: number;
  readonly chars: readonly Uint8Array<ArrayBuffer>[];
  readonly digests: readonly Uint16Array<ArrayBuffer>[];

  constructor(store: Store, count: number) {
    this.#store = store;
    this.count = count;
    const charEnd = count === 0 ? 0 : endOf(store, count - 1);
    const last = charEnd === 0 ? -1 : (charEnd - 1) >>> store.charPageBits;
    const chars: Uint8Array<ArrayBuffer>[] = [];
    for (let page = 0; page <= last; page++) {
      const fill = page < last ? (store.charFills[page] as number) : charEnd - page * (1 << store.charPageBits);
      chars.push((store.charPages[page] as Uint8Array<ArrayBuffer>).subarray(0, fill));
    }
    this.chars = chars;
    const digests: Uint16Array<ArrayBuffer>[] = [];
    const pageSize = 1 << store.pageBits;
    for (let page = 0; page * pageSize < count; page++)
      digests.push(
        (store.digestPages[page] as Uint16Array<ArrayBuffer>).subarray(
          0,
          Math.min(pageSize, count - page * pageSize) * DIGEST,
        ),
      );
    this.digests = digests;
  }

  get wide(): ReadonlyMap<number, string> {
    return this.#store.wide;
  }

  lengthOf(e: number): number {
    const store = this.#store;
    return endOf(store, e) - startOf(store, e);
  }

  lengths(from: number, into: Uint32Array): number {
    const store = this.#store;
    const n = Math.max(0, Math.min(into.length, this.count - from));
    // `endOf` and `startAfter`, written out: a snapshot is often written once per process, before they are compiled.
    const { pageBits, charPageBits, endPages } = store;
    const pageMask = (1 << pageBits) - 1;
    const charMask = (1 << charPageBits) - 1;
    let before = from === 0 ? 0 : endOf(store, from - 1);
    let ends = endPages[from >>> pageBits] as Uint32Array;
    for (let k = 0; k < n; k++) {
      const e = from + k;
      if ((e & pageMask) === 0) ends = endPages[e >>> pageBits] as Uint32Array;
      const end = ends[e & pageMask] as number;
      const pageEnd = before - (before & charMask) + charMask + 1;
      into[k] = end > pageEnd ? end - pageEnd : end - before;
      before = end;
    }
    return n;
  }

  idOf(e: number): string {
    return idOf(this.#store, e);
  }
}

/**
 * What `map` holds, without making a string per id: its entries in the shared
 * store (in the order they were added) and the ids of its own overlay. What
 * `toSnapshot` writes.
 */
export const idTableOf = (
  map: IdHashMap,
): { readonly table: IdTable; readonly rest: readonly (readonly [string, BodyDigest])[] } => {
  const { store, shared, overlay } = version(map);
  return { table: new TableView(store, shared), rest: overlay.size === 0 ? [] : [...mapEntries(overlay)] };
};

const sameEntries = (store: Store, a: number, b: number): boolean => {
  const wideA = store.wide.get(a);
  const wideB = store.wide.get(b);
  if (wideA !== undefined || wideB !== undefined) return wideA === wideB;
  const start = startOf(store, a);
  const other = startOf(store, b);
  const length = endOf(store, a) - start;
  if (endOf(store, b) - other !== length) return false;
  if (length === 0) return true;
  const chars = charPage(store, start);
  const at = charIndex(store, start);
  const otherChars = charPage(store, other);
  const otherAt = charIndex(store, other);
  for (let i = 0; i < length; i++) if (chars[at + i] !== otherChars[otherAt + i]) return false;
  return true;
};

/**
 * Builds the table of a snapshot's ids straight into pages: the entries in
 * order, either each one's length ({@link IdTableBuilder.length}) and then all
 * their characters at once ({@link IdTableBuilder.chars}: one copy per page), or
 * each id as a string ({@link IdTableBuilder.id}); then every digest
 * ({@link IdTableBuilder.digests}: one copy per page); then
 * {@link IdTableBuilder.build} hashes each id from its characters and places it
 * once. A thousand times fewer allocations than adding the ids one by one.
 * Not exported from the package.
 */
export class IdTableBuilder {
  readonly #store: Store;
  /** Ids longer than a page given by length: their length, by entry (kept as strings once their characters come). */
  readonly #long = new Map<number, number>();

  constructor(seed: HashSeed, pageBits = PAGE_BITS, charPageBits = CHAR_PAGE_BITS) {
    this.#store = new Store(seed, pageBits, charPageBits);
  }

  /** The next entry: an id of `length` Latin-1 characters, which {@link IdTableBuilder.chars} gives. */
  length(length: number): void {
    this.lengths([length], 1);
  }

  /** The next `n` entries, of `lengths[0]`, `lengths[1]`, … characters: {@link IdTableBuilder.length} for each. */
  lengths(lengths: ArrayLike<number>, n: number): void {
    const store = this.#store;
    const { pageBits, charPageBits } = store;
    const pageMask = (1 << pageBits) - 1;
    const charPageSize = 1 << charPageBits;
    const first = store.count;
    if (n > 0) reserveEntries(store, first + n - 1);
    let ends = store.endPages[first >>> pageBits] as Uint32Array;
    let charEnd = store.charEnd;
    // Room left in the page of characters `charEnd` is in (`placeChars`, written out for most ids).
    let room = 0;
    for (let k = 0; k < n; k++) {
      const length = lengths[k] as number;
      const entry = first + k;
      if ((entry & pageMask) === 0) ends = store.endPages[entry >>> pageBits] as Uint32Array;
      if (length > 0 && length <= room && charEnd + length <= MAX_CHARS) {
        charEnd += length;
        room -= length;
      } else if (length > charPageSize) this.#long.set(entry, length);
      else if (length > 0) {
        store.charEnd = charEnd;
        const start = placeChars(store, length);
        charEnd = store.charEnd;
        room =
          (store.charPages[start >>> charPageBits] as Uint8Array).length -
          (charEnd - (start - (start & (charPageSize - 1))));
      }
      ends[entry & pageMask] = charEnd;
    }
    store.charEnd = charEnd;
    store.count = first + n;
  }

  /** How many characters entry `e` was given by {@link IdTableBuilder.length}. */
  lengthOf(e: number): number {
    return this.#long.get(e) ?? endOf(this.#store, e) - startOf(this.#store, e);
  }

  /** Every entry's characters (as many as the lengths add up to), one after another. */
  chars(bytes: Uint8Array): void {
    const store = this.#store;
    if (this.#long.size === 0) {
      // One copy per page: each page holds a run of the ids, and they follow one another.
      const pages = store.charPages;
      const pageSize = 1 << store.charPageBits;
      let from = 0;
      pages.forEach((chars, page) => {
        const fill = page < pages.length - 1 ? (store.charFills[page] as number) : store.charEnd - page * pageSize;
        chars.set(bytes.subarray(from, from + fill));
        from += fill;
      });
      return;
    }
    let from = 0;
    let before = 0;
    for (let e = 0; e < store.count; e++) {
      const end = endOf(store, e);
      const start = startAfter(store, before, end);
      before = end;
      const long = this.#long.get(e);
      const length = long ?? end - start;
      const text = bytes.subarray(from, from + length);
      from += length;
      if (long !== undefined) store.wide.set(e, latin1Text(text));
      else if (length > 0) charPage(store, start).set(text, charIndex(store, start));
    }
  }

  /** The next entry: `id`. */
  id(id: string): void {
    appendEntry(this.#store, id, null);
  }

  /** Every entry's digest: 16 bytes each (8 code units, little-endian), in order. */
  digests(bytes: Uint8Array): void {
    const store = this.#store;
    const pageSize = 1 << store.pageBits;
    let from = 0;
    for (let page = 0; page * pageSize < store.count; page++) {
      const digests = store.digestPages[page] as Uint16Array<ArrayBuffer>;
      const units = Math.min(pageSize, store.count - page * pageSize) * DIGEST;
      if (LITTLE_ENDIAN)
        new Uint8Array(digests.buffer, digests.byteOffset, units * 2).set(bytes.subarray(from, from + units * 2));
      else
        for (let k = 0; k < units; k++)
          digests[k] = (bytes[from + 2 * k] as number) | ((bytes[from + 2 * k + 1] as number) << 8);
      from += units * 2;
    }
  }

  /** The table holding every entry. Throws a `RangeError` naming an id it holds twice. */
  build(): IdHashMap {
    const store = this.#store;
    const count = store.count;
    let bits = MIN_SLOT_BITS;
    while (Math.floor((1 << bits) * MAX_LOAD) <= count) {
      bits += 1;
      if (bits > MAX_SLOT_BITS) throw new RangeError('more than 750 million event ids: the id table is full');
    }
    const slots = new Int32Array(1 << bits);
    const mask = slots.length - 1;
    let before = 0;
    for (let from = 0; from < count; from += BLOCK) {
      const to = Math.min(count, from + BLOCK);
      before = hashBlock(store, from, to, before);
      for (let e = from; e < to; e++) {
        const hash = blockHashes[e - from] as number;
        let i = hash & mask;
        probes += 1;
        for (let slot = slots[i] as number; slot !== 0; slot = slots[i] as number) {
          probes += 1;
          if ((slot ^ hash) >>> bits === 0 && sameEntries(store, (slot & mask) - 1, e))
            throw new RangeError(`the id table holds event id ${idOf(store, e)} twice`);
          i = (i + 1) & mask;
        }
        slots[i] = ((hash >>> bits) << bits) | (e + 1);
      }
    }
    store.slots = slots;
    store.slotBits = bits;
    store.slotLimit = Math.floor(slots.length * MAX_LOAD);
    return makeVersion(store, count, emptyMap(store.seed));
  }
}

/** Bytes as the Latin-1 string they spell (in chunks: a call takes only so many arguments). */
const latin1Text = (bytes: Uint8Array): string => {
  let text = '';
  for (let at = 0; at < bytes.length; at += 4096)
    text += String.fromCharCode.apply(null, bytes.subarray(at, at + 4096) as unknown as number[]);
  return text;
};
