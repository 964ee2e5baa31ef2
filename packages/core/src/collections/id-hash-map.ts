import { type BodyDigest, digestFromWords } from '../ledger/body-digest';
import { DEFAULT_HASH_SEED, type HashSeed, keyedHashInt32, keyedHashOfBytesInt32 } from './hash-seed';
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

/** Entries per page of the columns (lengths and digests): 2^16, i.e. 64 KiB of lengths and 1 MiB of digests. */
const PAGE_BITS = 16;
/** Characters per page: 2^20 (1 MiB). An id's stored characters never straddle two pages; a longer id is kept as a string. */
const CHAR_PAGE_BITS = 20;
/**
 * Entries per block: a block keeps where its characters begin (4 bytes per 32 ids), each entry its length
 * and how many characters it shares with the entry before it (1 byte each); a block's first entry shares none.
 */
const BLOCK_BITS = 5;
/** A length byte of this value: the length (255 or more) is kept aside, in `longLengths`. */
const LONG = 0xff;
/** The most characters an entry shares with the one before it (one byte). */
const MAX_SHARED = 0xff;
// Small at first: a ledger of a few events (tests, branches) should not cost a page. The first page
// of each column starts this small and doubles until it is a whole page; the later ones are whole.
const MIN_CAPACITY = 16;
/** Past this, `Uint32Array` offsets into the id characters would overflow. */
const MAX_CHARS = 0xffff_ffff;
/** An overlay this large (and at least a quarter of the store) is folded into a store of its own. */
const MIN_FOLD = 4096;
/** The slots are at most this full (linear probing; a probe past a taken slot costs no extra memory read, below). */
const MAX_LOAD = 0.7;
/** The fewest slots; their numbers go 32, 48, 64, 96, 128, …: each a power of two or one and a half times one. */
const MIN_SLOTS = 32;
/** 2^30 slots (4 GiB): ~750 million ids. */
const MAX_SLOTS = 2 ** 30;

/** Code units of one body digest. */
const DIGEST = 8;

/** Whether the platform lays a `Uint16Array` out little-endian, as snapshots do. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The append-only store. Entry `e` is visible to every version whose `shared`
 * exceeds `e`. Entry `e` sits at index `e & pageMask` of page `e >>> pageBits`
 * of each column. Its id is `length` Latin-1 code units (one byte of
 * `lengthPages`), front-coded: its first `shared` (one byte of `sharedPages`)
 * are those of the entry before it, and only the rest, its `stored = length -
 * shared` characters, are kept, from `start` within one page of `charPages`
 * (offsets count across pages: offset `o` is in page `o >>> charPageBits`).
 * Its start follows from where the entry before it ends (`placeAfter`: there,
 * or at the next page when its characters do not fit in the rest of that page).
 * A block of `2 ** blockBits` entries keeps where the entry before its first one
 * ends, and its first entry shares nothing, so an entry's start and its whole id
 * are at most a block's entries away (`startOf`, `EntryCursor`).
 *
 * Front coding because audit logs number their events: sequential ids (`e1`,
 * `e2`, … as in the wire format's examples; `tenant-000123`; time-ordered ids
 * such as UUIDv7 or ULID) share most of their characters with the id before
 * them. On random ids (UUIDv4) it saves nothing and costs the `shared` byte.
 */
class Store {
  constructor(
    readonly seed: HashSeed,
    readonly pageBits: number,
    readonly charPageBits: number,
    readonly blockBits: number,
  ) {}
  count = 0;
  /** Entry `e`'s body digest is 8 code units from `(e & pageMask) * 8` of its page. */
  readonly digestPages: Uint16Array<ArrayBuffer>[] = [];
  /** Each entry's length in characters (0 for an id kept as a string), or `LONG`: then it is in `longLengths`. */
  readonly lengthPages: Uint8Array<ArrayBuffer>[] = [];
  /**
   * How many of each entry's first characters are the entry before it's (at most
   * `MAX_SHARED`; 0 for a block's first entry, for an id kept as a string, and
   * after one).
   */
  readonly sharedPages: Uint8Array<ArrayBuffer>[] = [];
  /** Per block of entries: where the characters of the entry before its first one end (0 for the first block). */
  readonly blockPages: Uint32Array<ArrayBuffer>[] = [];
  /**
   * The first `lastLength` characters of the newest entry's id, all that the
   * next entry may share with it: a typed array, which a comparison reads in a
   * few instructions where a string's `charCodeAt` tells its kind of string
   * apart at every character (the front coding's comparison with the id before
   * was ~300 machine instructions per event on a log's ids, measured:
   * docs/performance.md, "Seventeenth session").
   */
  readonly lastChars = new Uint8Array(MAX_SHARED);
  /**
   * How many characters of `lastChars` are the newest entry's (at most
   * `MAX_SHARED`): 0 when it is kept as a string or there is none, -1 when not
   * known yet (a table built from a snapshot: read back when needed).
   */
  lastLength = 0;
  /** The lengths of 255 characters or more, by entry. */
  readonly longLengths = new Map<number, number>();
  readonly charPages: Uint8Array<ArrayBuffer>[] = [];
  /** How many characters of each page but the last are used (the rest, less than an id, is left empty). */
  readonly charFills: number[] = [];
  /** Where the newest entry's characters end. */
  charEnd = 0;
  /**
   * Ids kept as strings: those with a code unit above 0xff (rare in audit logs)
   * or longer than a page of characters. Their length is 0.
   */
  readonly wide = new Map<number, string>();
  /**
   * Open addressing, linear probing, at most `MAX_LOAD` full: 0 for an empty
   * slot, else `entry + 1` in the low `entryBits` bits (entries never reach
   * `slotLimit`) and the id hash's low bits above those: a probe rejects nearly
   * every other id without reading its entry. An id's probe starts at its hash's
   * place in the slots' range (`hash / 2^32 * slots.length`, from the hash's high
   * bits), so the slots need not be a power of two.
   */
  slots = new Int32Array(MIN_SLOTS);
  /** `slots.length / 2^32`: the first slot of hash `h` is `floor((h >>> 0) * scale)`. */
  scale = MIN_SLOTS / 2 ** 32;
  entryBits = entryBitsOf(limitOf(MIN_SLOTS));
  /** How many entries the slots take before they grow. */
  slotLimit = limitOf(MIN_SLOTS);
}

function limitOf(slots: number): number {
  return Math.floor(slots * MAX_LOAD);
}

/** The bits that hold `entry + 1` for every entry below `limit`. */
function entryBitsOf(limit: number): number {
  return 32 - Math.clz32(limit);
}

/** The next number of slots: one and a half times a power of two, or the power of two after it. */
const nextSlots = (slots: number): number => ((slots & (slots - 1)) === 0 ? slots + slots / 2 : (slots / 3) * 4);

const useSlots = (store: Store, slots: Int32Array<ArrayBuffer>): void => {
  store.slots = slots;
  store.scale = slots.length / 2 ** 32;
  store.slotLimit = limitOf(slots.length);
  store.entryBits = entryBitsOf(store.slotLimit);
};

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

/** Whether `id`'s code units from `from` on are all Latin-1 (at most 0xff). */
const latin1From = (id: string, from: number): boolean => {
  for (let i = from; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return false;
  return true;
};

/** Entry `entry`'s length in characters (0 for an id kept as a string). */
const lengthOf = (store: Store, entry: number): number => {
  const length = (store.lengthPages[entry >>> store.pageBits] as Uint8Array)[
    entry & ((1 << store.pageBits) - 1)
  ] as number;
  return length === LONG ? (store.longLengths.get(entry) as number) : length;
};

/** Where an id of `length` characters starts when the entry before it ends at `before` (`placeChars`). */
const placeAfter = (charPageBits: number, before: number, length: number): number => {
  const used = before & ((1 << charPageBits) - 1);
  return used + length > 1 << charPageBits ? before - used + (1 << charPageBits) : before;
};

/** How many of entry `entry`'s first characters are the entry before it's. */
const sharedOf = (store: Store, entry: number): number =>
  (store.sharedPages[entry >>> store.pageBits] as Uint8Array)[entry & ((1 << store.pageBits) - 1)] as number;

/** Where the characters before block `entry`'s (its first entry's) end. */
const blockStart = (store: Store, entry: number): number =>
  (store.blockPages[entry >>> store.pageBits] as Uint32Array)[
    (entry & ((1 << store.pageBits) - 1)) >>> store.blockBits
  ] as number;

/** The first entry of `entry`'s block. */
const blockFirst = (store: Store, entry: number): number => entry - (entry & ((1 << store.blockBits) - 1));

/** Where an entry's stored characters start: from its block's start, past those of the entries before it there. */
const startOf = (store: Store, entry: number): number => {
  const { charPageBits } = store;
  let before = blockStart(store, entry);
  for (let k = blockFirst(store, entry); k < entry; k++) {
    const stored = lengthOf(store, k) - sharedOf(store, k);
    before = placeAfter(charPageBits, before, stored) + stored;
  }
  return placeAfter(charPageBits, before, lengthOf(store, entry) - sharedOf(store, entry));
};

/** Where an entry's stored characters end. */
const endOf = (store: Store, entry: number): number =>
  startOf(store, entry) + lengthOf(store, entry) - sharedOf(store, entry);

/** The page holding the characters from `start` (an id's), and `start`'s index in it. */
const charPage = (store: Store, start: number): Uint8Array =>
  store.charPages[start >>> store.charPageBits] as Uint8Array;
const charIndex = (store: Store, start: number): number => start & ((1 << store.charPageBits) - 1);

/**
 * Whether entry `entry` is `id`: its block's entries from the first, keeping
 * how many of `id`'s first characters each one has (front coding's search: an
 * entry sharing more with the one before than that one matched cannot match more).
 */
const sameId = (store: Store, entry: number, id: string): boolean => {
  const length = lengthOf(store, entry);
  if (length === 0) {
    const wide = store.wide.get(entry);
    return wide !== undefined ? wide === id : id.length === 0;
  }
  if (length !== id.length) return false;
  const { charPageBits } = store;
  let before = blockStart(store, entry);
  let matched = 0;
  for (let k = blockFirst(store, entry); k <= entry; k++) {
    const kLength = lengthOf(store, k);
    const shared = sharedOf(store, k);
    const start = placeAfter(charPageBits, before, kLength - shared);
    before = start + kLength - shared;
    if (matched < shared) continue;
    matched = shared;
    const end = Math.min(kLength, length);
    if (matched === end) continue;
    const chars = charPage(store, start);
    const at = charIndex(store, start) - shared;
    while (matched < end && chars[at + matched] === id.charCodeAt(matched)) matched += 1;
  }
  return matched === length;
};

/**
 * Reads a store's entries in order, each id whole in `chars[0 .. length)`: the
 * characters it shares with the entry before it are already there, the rest
 * come from its page. Starts at any entry (from its block's first).
 */
class EntryCursor {
  chars = new Uint8Array(64);
  /** The entry `next` reads. */
  entry: number;
  /** Where the stored characters of the entry before `entry` end. */
  #before: number;
  /** The page of entries `next` read last, and its lengths and shared prefixes. */
  #page = -1;
  #lengths: Uint8Array = new Uint8Array(0);
  #shares: Uint8Array = new Uint8Array(0);

  constructor(
    readonly store: Store,
    from = 0,
  ) {
    this.entry = blockFirst(store, from);
    this.#before = this.entry === 0 ? 0 : blockStart(store, this.entry);
    while (this.entry < from) this.next();
  }

  /** Reads entry `entry` into `chars` and moves to the next: its length (0 for an id kept as a string, in `store.wide`). */
  next(): number {
    const store = this.store;
    const entry = this.entry++;
    const page = entry >>> store.pageBits;
    const index = entry & ((1 << store.pageBits) - 1);
    // The page's columns, looked up again at a page's start or past the end of a first page that has grown since.
    if (page !== this.#page || index >= this.#lengths.length) {
      this.#page = page;
      this.#lengths = store.lengthPages[page] as Uint8Array;
      this.#shares = store.sharedPages[page] as Uint8Array;
    }
    let length = this.#lengths[index] as number;
    if (length === LONG) length = store.longLengths.get(entry) as number;
    if (length === 0) return 0;
    const shared = this.#shares[index] as number;
    const stored = length - shared;
    const start = placeAfter(store.charPageBits, this.#before, stored);
    this.#before = start + stored;
    if (length > this.chars.length) {
      const chars = new Uint8Array(Math.max(length, this.chars.length * 2));
      chars.set(this.chars.subarray(0, shared));
      this.chars = chars;
    }
    const chars = this.chars;
    const from = charPage(store, start);
    const at = charIndex(store, start) - shared;
    if (stored > 32) chars.set(from.subarray(at + shared, at + length), shared);
    else for (let i = shared; i < length; i++) chars[i] = from[at + i] as number;
    return length;
  }

  /** The id `next` read last, as a string. */
  id(length: number): string {
    if (length === 0) return this.store.wide.get(this.entry - 1) ?? '';
    let id = '';
    for (let i = 0; i < length; i++) id += String.fromCharCode(this.chars[i] as number);
    return id;
  }
}

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

/** The first slot a probe for `hash` looks at, given `scale` (`slots.length / 2^32`). */
const homeOf = (hash: number, scale: number): number => ((hash >>> 0) * scale) | 0;

/** Where the last probe of `findShared` that found nothing ended: the empty slot where its id would go. */
let missedAt = 0;

/** The body digest of `id` among the store's first `visible` entries. */
const findShared = (store: Store, id: string, hash: number, visible: number): BodyDigest | undefined => {
  const entry = findEntry(store, id, hash, visible);
  return entry < 0 ? undefined : digestOf(store, entry);
};

/** Whether entry `entry`'s digest is the one whose words are `words[0 .. 4)` (`digestFromWords`'s code units). */
const digestIsWords = (store: Store, entry: number, words: ArrayLike<number>): boolean => {
  const d = store.digestPages[entry >>> store.pageBits] as Uint16Array;
  const at = (entry & ((1 << store.pageBits) - 1)) * DIGEST;
  return (
    (((d[at] as number) << 16) | (d[at + 1] as number)) === (words[0] as number) &&
    (((d[at + 2] as number) << 16) | (d[at + 3] as number)) === (words[1] as number) &&
    (((d[at + 4] as number) << 16) | (d[at + 5] as number)) === (words[2] as number) &&
    (((d[at + 6] as number) << 16) | (d[at + 7] as number)) === (words[3] as number)
  );
};

/** Writes entry `entry`'s digest (its eight code units). */
const setDigest = (store: Store, entry: number, digest: BodyDigest): void => {
  const d = store.digestPages[entry >>> store.pageBits] as Uint16Array;
  const at = (entry & ((1 << store.pageBits) - 1)) * DIGEST;
  for (let i = 0; i < DIGEST; i++) d[at + i] = digest.charCodeAt(i);
};

/** Writes entry `entry`'s digest from its four words (as `digestFromWords` lays them out in code units). */
const setDigestWords = (store: Store, entry: number, words: ArrayLike<number>): void => {
  const d = store.digestPages[entry >>> store.pageBits] as Uint16Array;
  const at = (entry & ((1 << store.pageBits) - 1)) * DIGEST;
  for (let k = 0; k < 4; k++) {
    const word = words[k] as number;
    d[at + 2 * k] = word >>> 16;
    d[at + 2 * k + 1] = word & 0xffff;
  }
};

/** The entry of `id` among the store's first `visible` entries, or -1 (then `missedAt` is where its probe ended). */
const findEntry = (store: Store, id: string, hash: number, visible: number): number => {
  const { slots, entryBits } = store;
  const n = slots.length;
  const tag = hash << entryBits;
  const home = homeOf(hash, store.scale);
  for (let i = home; ;) {
    const slot = slots[i] as number;
    if (slot === 0) {
      probes += probed(home, i, n);
      missedAt = i;
      return -1;
    }
    if ((slot ^ tag) >>> entryBits === 0) {
      const entry = (slot & ((1 << entryBits) - 1)) - 1;
      if (entry < visible && sameId(store, entry, id)) {
        probes += probed(home, i, n);
        return entry;
      }
    }
    i += 1;
    if (i === n) i = 0;
  }
};

/**
 * How many slots a probe from `home` to `at` looked at, counted when it ends:
 * a module variable written at every step slowed loops that probe a million
 * times (a read's placement: ~25 %, measured).
 */
const probed = (home: number, at: number, n: number): number => (at >= home ? at - home : at + n - home) + 1;

/** The slot where a probe for `hash` ends: the first empty one. */
const freeSlot = (slots: Int32Array, scale: number, hash: number): number => {
  const n = slots.length;
  const home = homeOf(hash, scale);
  let i = home;
  while (slots[i] !== 0) {
    i += 1;
    if (i === n) i = 0;
  }
  probes += probed(home, i, n);
  return i;
};

const slotOf = (hash: number, entryBits: number, entry: number): number => (hash << entryBits) | (entry + 1);

/**
 * The hashes of a block of entries, computed before any is placed: placing
 * right after hashing leaves each slot's cache miss nothing to overlap with (two
 * to three times slower than hashing a block, then placing it).
 */
const BLOCK = 1024;
const blockHashes = new Int32Array(BLOCK);

/** Computes the hashes of the `n` entries from `cursor`'s next into `into`, reading them. */
const hashEntries = (cursor: EntryCursor, n: number, into: Int32Array): void => {
  const { seed, wide } = cursor.store;
  for (let k = 0; k < n; k++) {
    const length = cursor.next();
    into[k] =
      length === 0
        ? keyedHashInt32(seed, wide.get(cursor.entry - 1) ?? '')
        : keyedHashOfBytesInt32(seed, cursor.chars, 0, length);
  }
};

/**
 * More slots (`nextSlots`, or `n`): every entry's hash is computed again from
 * its characters (the slots keep only part of it).
 */
const growSlots = (store: Store, n = nextSlots(store.slots.length)): void => {
  if (n > MAX_SLOTS) throw new RangeError('more than 750 million event ids: the id table is full');
  const slots = new Int32Array(n);
  const scale = n / 2 ** 32;
  const entryBits = entryBitsOf(limitOf(n));
  const cursor = new EntryCursor(store);
  for (let from = 0; from < store.count; from += BLOCK) {
    const to = Math.min(store.count, from + BLOCK);
    hashEntries(cursor, to - from, blockHashes);
    for (let e = from; e < to; e++) {
      const hash = blockHashes[e - from] as number;
      slots[freeSlot(slots, scale, hash)] = slotOf(hash, entryBits, e);
    }
  }
  useSlots(store, slots);
};

/** The fewest slots (a number `nextSlots` reaches from `MIN_SLOTS`) that take `count` entries without growing. */
const slotsFor = (count: number): number => {
  let n = MIN_SLOTS;
  while (limitOf(n) <= count) {
    n = nextSlots(n);
    if (n > MAX_SLOTS) throw new RangeError('more than 750 million event ids: the id table is full');
  }
  return n;
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
  const lengths = store.lengthPages[entry >>> store.pageBits];
  if (lengths === undefined || (entry & ((1 << store.pageBits) - 1)) >= lengths.length) addRoom(store, entry);
};

/** Room for every entry up to `last` in the columns. */
const reserveEntries = (store: Store, last: number): void => {
  const pageSize = 1 << store.pageBits;
  for (;;) {
    const lengths = store.lengthPages[last >>> store.pageBits];
    if (lengths !== undefined && (last & (pageSize - 1)) < lengths.length) return;
    // The first entry there is no room for.
    const page = store.lengthPages.length - 1;
    addRoom(store, page < 0 ? 0 : page * pageSize + (store.lengthPages[page] as Uint8Array).length);
  }
};

const addRoom = (store: Store, entry: number): void => {
  const page = entry >>> store.pageBits;
  const pageSize = 1 << store.pageBits;
  const blocks = (length: number): number => (length + (1 << store.blockBits) - 1) >>> store.blockBits;
  if (page === store.lengthPages.length) {
    const length = page === 0 ? Math.min(MIN_CAPACITY, pageSize) : pageSize;
    store.lengthPages.push(new Uint8Array(length));
    store.sharedPages.push(new Uint8Array(length));
    store.blockPages.push(new Uint32Array(blocks(length)));
    store.digestPages.push(new Uint16Array(length * DIGEST));
    return;
  }
  // Only the first page is ever short.
  const lengths = store.lengthPages[page] as Uint8Array<ArrayBuffer>;
  const length = Math.min(pageSize, lengths.length * 2);
  store.lengthPages[page] = grown(lengths, length);
  store.sharedPages[page] = grown(store.sharedPages[page] as Uint8Array<ArrayBuffer>, length);
  store.blockPages[page] = grown(store.blockPages[page] as Uint32Array<ArrayBuffer>, blocks(length));
  store.digestPages[page] = grown(store.digestPages[page] as Uint16Array<ArrayBuffer>, length * DIGEST);
};

/**
 * Writes entry `entry`'s length and how many characters it shares (and its
 * block's start, if it is a block's first entry), `before` being `charEnd` before it.
 */
const setLength = (store: Store, entry: number, length: number, shared: number, before: number): void => {
  const page = entry >>> store.pageBits;
  const index = entry & ((1 << store.pageBits) - 1);
  if ((index & ((1 << store.blockBits) - 1)) === 0)
    (store.blockPages[page] as Uint32Array)[index >>> store.blockBits] = before;
  if (length >= LONG) store.longLengths.set(entry, length);
  (store.lengthPages[page] as Uint8Array)[index] = length >= LONG ? LONG : length;
  (store.sharedPages[page] as Uint8Array)[index] = shared;
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

/**
 * How many first characters `id` shares with the newest entry's id (at most
 * `MAX_SHARED`); `entry` is the next entry. Reads that id back first when it
 * is not known (a table built from a snapshot).
 */
const sharedWithLast = (store: Store, entry: number, id: string): number => {
  if (store.lastLength < 0) {
    const length = entry === 0 ? 0 : lengthOf(store, entry - 1);
    if (length > 0) {
      const cursor = new EntryCursor(store, entry - 1);
      cursor.next();
      store.lastChars.set(cursor.chars.subarray(0, Math.min(length, MAX_SHARED)));
    }
    store.lastLength = Math.min(length, MAX_SHARED);
  }
  const last = store.lastChars;
  const most = Math.min(store.lastLength, id.length);
  let i = 0;
  while (i < most && id.charCodeAt(i) === last[i]) i += 1;
  return i;
};

/** Entry `store.count` in the columns: its characters (or string), length and digest (unless `null`); not in the slots. */
const appendEntry = (store: Store, id: string, digest: BodyDigest | null): number => {
  const entry = store.count;
  reserveEntry(store, entry);
  const before = store.charEnd;
  const n = id.length;
  const fits = n <= 1 << store.charPageBits;
  // Characters shared with the id before are Latin-1, as its are: only the rest is checked.
  let shared = fits && (entry & ((1 << store.blockBits) - 1)) !== 0 ? sharedWithLast(store, entry, id) : 0;
  let length = 0;
  if (!fits || !latin1From(id, shared)) {
    store.wide.set(entry, id);
    store.lastLength = 0;
    shared = 0;
  } else {
    if (n > shared) {
      const start = placeChars(store, n - shared);
      const chars = charPage(store, start);
      const at = charIndex(store, start) - shared;
      const last = store.lastChars;
      for (let i = shared; i < n; i++) {
        const c = id.charCodeAt(i);
        chars[at + i] = c;
        if (i < MAX_SHARED) last[i] = c;
      }
    }
    length = n;
    store.lastLength = Math.min(n, MAX_SHARED);
  }
  setLength(store, entry, length, shared, before);
  if (digest !== null) setDigest(store, entry, digest);
  store.count = entry + 1;
  return entry;
};

/** Appends `id` (with `digest`, unless `null`: the caller writes it) and places it in the slots; gives its entry. */
const append = (store: Store, id: string, hash: number, digest: BodyDigest | null): number => {
  if (store.count >= store.slotLimit) growSlots(store);
  const entry = appendEntry(store, id, digest);
  store.slots[freeSlot(store.slots, store.scale, hash)] = slotOf(hash, store.entryBits, entry);
  return entry;
};

const idOf = (store: Store, entry: number): string => {
  const cursor = new EntryCursor(store, entry);
  return cursor.id(cursor.next());
};

/** Calls `fn` with each of the store's first `count` entries and its id, in order (one pass). */
const eachId = (store: Store, count: number, fn: (entry: number, id: string) => void): void => {
  const cursor = new EntryCursor(store);
  for (let e = 0; e < count; e++) fn(e, cursor.id(cursor.next()));
};

/** A store of this version's own: its visible entries, then its overlay. O(size), once per large branch. */
const fold = (from: Version): IdHashMap => {
  const { seed, pageBits, charPageBits, blockBits } = from.store;
  const store = new Store(seed, pageBits, charPageBits, blockBits);
  eachId(from.store, from.shared, (e, id) => append(store, id, keyedHashInt32(seed, id), digestOf(from.store, e)));
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
  makeVersion(new Store(seed, PAGE_BITS, CHAR_PAGE_BITS, BLOCK_BITS), 0, emptyMap(seed));

/**
 * {@link emptyIdHashMap} with pages of `2 ** pageBits` entries in blocks of
 * `2 ** blockBits` (at most a page), and pages of `2 ** charPageBits`
 * characters (ids longer than that are kept as strings): for tests, which
 * cross page and block boundaries with few ids. Not exported from the package.
 */
export const emptyIdHashMapPaged = (
  seed: HashSeed,
  pageBits: number,
  charPageBits: number,
  blockBits = Math.min(BLOCK_BITS, pageBits),
): IdHashMap => makeVersion(new Store(seed, pageBits, charPageBits, Math.min(blockBits, pageBits)), 0, emptyMap(seed));

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
 * Whether entry `entry` of the store under `map` is `id`, compared character by
 * character as a lookup does once an entry's hash matches: a diagnostic for
 * tests (the hash would hide most mismatches). Not exported from the package.
 */
export const idTableEntryIs = (map: IdHashMap, entry: number, id: string): boolean =>
  sameId(version(map).store, entry, id);

/**
 * What the store under `map` takes, in bytes of typed arrays, by column, and
 * how many slots it has: a diagnostic for tests and benchmarks (ids kept as
 * strings and lengths of 255 or more are on the heap, not counted). Not
 * exported from the package.
 */
export const idTableBytes = (
  map: IdHashMap,
): {
  readonly slotCount: number;
  readonly slots: number;
  readonly lengths: number;
  readonly shared: number;
  readonly blocks: number;
  readonly digests: number;
  readonly chars: number;
} => {
  const { store } = version(map);
  const sum = (arrays: readonly ArrayBufferView[]): number => arrays.reduce((n, a) => n + a.byteLength, 0);
  return {
    slotCount: store.slots.length,
    slots: store.slots.byteLength,
    lengths: sum(store.lengthPages),
    shared: sum(store.sharedPages),
    blocks: sum(store.blockPages),
    digests: sum(store.digestPages),
    chars: sum(store.charPages),
  };
};

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
 * What {@link IdAppender.check} finds: the id not held, held with the same
 * body digest (an exact repeat, R-L5), or held with another.
 */
export type IdCheck = typeof ID_NEW | typeof ID_SAME_BODY | typeof ID_OTHER_BODY;
/** {@link IdAppender.check}: the id is not held (numbers, not strings or objects: nothing made per check). */
export const ID_NEW = 0;
/** {@link IdAppender.check}: the id is held with the same body digest (an exact repeat). */
export const ID_SAME_BODY = 1;
/** {@link IdAppender.check}: the id is held with another body digest (R-L5 rejects the event). */
export const ID_OTHER_BODY = 2;

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
  /**
   * The id `get` found missing last, the empty slot its probe ended at, and
   * the slots then: `add` of that id next takes the slot without probing again
   * (get-or-insert in one probe) unless the slots grew. Any add in between
   * forgets it, and an id another writer appends to the store takes this
   * appender off the store's tip (its adds go to the overlay from then on).
   */
  #missing: string | null = null;
  #missingAt = 0;
  #missingIn: Int32Array | null = null;
  /**
   * The ids {@link IdAppender.readAhead} hashed last, in order, their hashes,
   * and the next one a lookup is expected for: the lookup of that id takes its
   * hash from here instead of hashing it again. Any other id (not read ahead,
   * or out of order) is hashed as before. The hashes are keyed with the store's
   * seed, and every store an appender moves to keeps it (`setIdHash`, `fold`).
   */
  #aheadIds: string[] = [];
  #aheadHashes = new Int32Array(32);
  #aheadCount = 0;
  #aheadNext = 0;
  /** What {@link IdAppender.readAhead} read, summed: a load whose value is never used may be dropped by the compiler. */
  #aheadSink = 0;

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

  /**
   * Makes room for `count` more ids than it holds: the slots grow once, now, to
   * what they would have grown to by then, instead of step by step as the ids
   * come, each step placing every id held again (growth was ~2 % of a replay's
   * thread on the 1M-event log: docs/performance.md, "Seventeenth session"). A
   * hint: more ids may follow (the slots grow as before), and room not used
   * costs ~5.7 bytes per id (slots at most 70 % full). Only while this appender
   * holds the store's newest entries, the one case where its ids go there.
   * Throws a `RangeError`, before taking any memory, when the ids held and
   * `count` are more than the table can hold (~750 million).
   */
  reserve(count: number): void {
    const store = this.#store;
    const n = slotsFor(store.count + Math.max(0, count));
    if (this.#overlay.size !== 0 || this.#shared !== store.count) return;
    if (n > store.slots.length) growSlots(store, n);
  }

  /** The body digest stored for `id`, or `undefined` if it has not seen it. */
  get(id: string): BodyDigest | undefined {
    if (this.#overlay.size > 0) {
      const own = getEntry(this.#overlay, id);
      if (own !== undefined) return own;
    }
    const entry = this.#find(id);
    return entry < 0 ? undefined : digestOf(this.#store, entry);
  }

  /**
   * {@link IdAppender.get} against a digest given as four words
   * (`digestFromWords`'s): `ID_NEW` when `id` is not held, `ID_SAME_BODY` when
   * it is held with that digest, `ID_OTHER_BODY` when with another. What a
   * replay checks R-L5 with: no digest string is made, either for the event or
   * for the entry held.
   */
  check(id: string, words: ArrayLike<number>): IdCheck {
    if (this.#overlay.size > 0) {
      const own = getEntry(this.#overlay, id);
      if (own !== undefined)
        return own === digestFromWords(words[0] as number, words[1] as number, words[2] as number, words[3] as number)
          ? ID_SAME_BODY
          : ID_OTHER_BODY;
    }
    const entry = this.#find(id);
    return entry < 0 ? ID_NEW : digestIsWords(this.#store, entry, words) ? ID_SAME_BODY : ID_OTHER_BODY;
  }

  /** The store entry of `id` among the shared ones, or -1 (then remembered for the `add` that may follow). */
  #find(id: string): number {
    if (this.#shared === 0) return -1;
    const store = this.#store;
    const entry = findEntry(store, id, this.#hashOf(id), this.#shared);
    if (entry < 0) {
      this.#missing = id;
      this.#missingAt = missedAt;
      this.#missingIn = store.slots;
    }
    return entry;
  }

  /** Adds `id` (not held yet: the ledger checks first, R-L5) with its body digest; `edit` as for {@link setIdHash}. */
  add(id: string, digest: BodyDigest, edit: Edit | null = null): void {
    const entry = this.#appendAtTip(id);
    if (entry < 0) this.#addToOverlay(id, digest, edit);
    else setDigest(this.#store, entry, digest);
  }

  /**
   * {@link IdAppender.add} with the digest as four words (`digestFromWords`'s),
   * written into the store as they are: a replay makes no digest string per
   * event (the string is made only on the rare branch into an overlay).
   */
  addWords(id: string, words: ArrayLike<number>, edit: Edit | null = null): void {
    const entry = this.#appendAtTip(id);
    if (entry < 0)
      this.#addToOverlay(
        id,
        digestFromWords(words[0] as number, words[1] as number, words[2] as number, words[3] as number),
        edit,
      );
    else setDigestWords(this.#store, entry, words);
  }

  /**
   * Appends `id` to the store when this appender holds the store's newest
   * entries (its digest still to be written), and gives its entry; else -1.
   */
  #appendAtTip(id: string): number {
    const store = this.#store;
    const missing = this.#missing;
    this.#missing = null;
    if (this.#overlay.size !== 0 || this.#shared !== store.count) return -1;
    const hash = this.#hashOf(id);
    let entry: number;
    if (id === missing && this.#missingIn === store.slots && store.count < store.slotLimit) {
      // The slot `get` found empty is still the end of this id's probe: nothing was placed since.
      entry = appendEntry(store, id, null);
      store.slots[this.#missingAt] = slotOf(hash, store.entryBits, entry);
    } else entry = append(store, id, hash, null);
    this.#shared += 1;
    this.#current = undefined;
    return entry;
  }

  #addToOverlay(id: string, digest: BodyDigest, edit: Edit | null): void {
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

  /**
   * Hashes `ids[0 .. count)`, the ids of the next events in their order, and
   * reads each one's first slot, throwing it away: the slots (~6 MB on a log of
   * a million events) are read at random, so each lookup's first slot is a
   * cache miss, and here the window's misses are in flight at once (as
   * `Draft.readAhead`'s). The hashes are kept for the lookups that follow, so
   * each id is still hashed once (hashing it twice ate the gain:
   * docs/performance.md, "Twenty-second session: the fold reads further ahead").
   * Nothing is written but the scratch: no answer can change.
   */
  readAhead(ids: readonly string[], count: number): void {
    const store = this.#store;
    const seed = store.seed;
    if (this.#aheadHashes.length < count) this.#aheadHashes = new Int32Array(count);
    const hashes = this.#aheadHashes;
    const kept = this.#aheadIds;
    for (let k = 0; k < count; k++) {
      const id = ids[k] as string;
      kept[k] = id;
      hashes[k] = keyedHashInt32(seed, id);
    }
    this.#aheadCount = count;
    this.#aheadNext = 0;
    const slots = store.slots;
    const scale = store.scale;
    let sink = 0;
    for (let k = 0; k < count; k++) sink = (sink + (slots[homeOf(hashes[k] as number, scale)] as number)) | 0;
    this.#aheadSink = (this.#aheadSink + sink) | 0;
  }

  #hashOf(id: string): number {
    if (id !== this.#lastId) {
      this.#lastId = id;
      const k = this.#aheadNext;
      if (k < this.#aheadCount && this.#aheadIds[k] === id) {
        this.#aheadNext = k + 1;
        this.#lastHash = this.#aheadHashes[k] as number;
      } else this.#lastHash = keyedHashInt32(this.#store.seed, id);
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
  eachId(store, shared, (e, id) => fn(id, digestOf(store, e)));
  if (overlay.size > 0) for (const [id, digest] of mapEntries(overlay)) fn(id, digest);
};

/**
 * An id table's first `count` entries laid bare, for snapshots (to read, never
 * write): entry `e`'s id is `lengthOf(e)` Latin-1 code units, which follow entry
 * `e - 1`'s in `chars`, or `wide.get(e)` (a code unit above 0xff, or longer than
 * a page: then `lengthOf(e)` is 0 and it has no characters in `chars`); its body
 * digest is code units `8e .. 8e + 8` of `digests` (the pages, in order). Not
 * exported from the package.
 */
export interface IdTable {
  /** How many entries it lays bare. */
  readonly count: number;
  /** Every entry's characters, whole (the pages keep them front-coded), one chunk after another: made when first read. */
  readonly chars: readonly Uint8Array<ArrayBuffer>[];
  /** Every entry's digest, one page after another. */
  readonly digests: readonly Uint16Array<ArrayBuffer>[];
  /**
   * Every entry's length, one byte each, one page after another: `lengthOf`
   * where it is below 255 (which, below 128, is also its one-byte varint).
   */
  readonly lengthBytes: readonly Uint8Array<ArrayBuffer>[];
  /** Ids kept as strings, by entry. */
  readonly wide: ReadonlyMap<number, string>;
  /** How many characters of `chars` entry `e` has (0 for an id in `wide`). */
  lengthOf(e: number): number;
  /** Puts `lengthOf` of entries `from`, `from + 1`, … into `into`, as many as fit and there are; gives how many. */
  lengths(from: number, into: Uint32Array): number;
  /** Entry `e`'s id. */
  idOf(e: number): string;
}

/** Bytes per chunk of {@link IdTable.chars} (at least a page of characters, the longest id kept in pages). */
const CHUNK = 1 << 20;

class TableView implements IdTable {
  readonly #store: Store;
  readonly count: number;
  readonly digests: readonly Uint16Array<ArrayBuffer>[];
  readonly lengthBytes: readonly Uint8Array<ArrayBuffer>[];
  #chars: Uint8Array<ArrayBuffer>[] | undefined;
  /** Reads the ids `idOf` is asked for in order (as a snapshot writes them) without a walk from each one's block. */
  #cursor: EntryCursor;

  constructor(store: Store, count: number) {
    this.#store = store;
    this.count = count;
    this.#cursor = new EntryCursor(store);
    const digests: Uint16Array<ArrayBuffer>[] = [];
    const lengthBytes: Uint8Array<ArrayBuffer>[] = [];
    const pageSize = 1 << store.pageBits;
    for (let page = 0; page * pageSize < count; page++) {
      const used = Math.min(pageSize, count - page * pageSize);
      digests.push((store.digestPages[page] as Uint16Array<ArrayBuffer>).subarray(0, used * DIGEST));
      lengthBytes.push((store.lengthPages[page] as Uint8Array<ArrayBuffer>).subarray(0, used));
    }
    this.digests = digests;
    this.lengthBytes = lengthBytes;
  }

  get chars(): readonly Uint8Array<ArrayBuffer>[] {
    return (this.#chars ??= this.#wholeChars());
  }

  #wholeChars(): Uint8Array<ArrayBuffer>[] {
    const store = this.#store;
    const size = Math.max(CHUNK, 1 << store.charPageBits);
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let chunk = new Uint8Array(Math.min(size, 64));
    let used = 0;
    const cursor = new EntryCursor(store);
    for (let e = 0; e < this.count; e++) {
      const length = cursor.next();
      if (used + length > chunk.length) {
        if (chunk.length < size) {
          const bigger = new Uint8Array(Math.min(size, Math.max(chunk.length * 2, used + length)));
          bigger.set(chunk.subarray(0, used));
          chunk = bigger;
        }
        if (used + length > chunk.length) {
          chunks.push(chunk.subarray(0, used));
          chunk = new Uint8Array(size);
          used = 0;
        }
      }
      const chars = cursor.chars;
      for (let i = 0; i < length; i++) chunk[used + i] = chars[i] as number;
      used += length;
    }
    if (used > 0) chunks.push(chunk.subarray(0, used));
    return chunks;
  }

  get wide(): ReadonlyMap<number, string> {
    return this.#store.wide;
  }

  lengthOf(e: number): number {
    return lengthOf(this.#store, e);
  }

  lengths(from: number, into: Uint32Array): number {
    const { pageBits, lengthPages, longLengths } = this.#store;
    const n = Math.max(0, Math.min(into.length, this.count - from));
    const pageMask = (1 << pageBits) - 1;
    let lengths = lengthPages[from >>> pageBits] as Uint8Array;
    for (let k = 0; k < n; k++) {
      const e = from + k;
      if ((e & pageMask) === 0) lengths = lengthPages[e >>> pageBits] as Uint8Array;
      const length = lengths[e & pageMask] as number;
      into[k] = length === LONG ? (longLengths.get(e) as number) : length;
    }
    return n;
  }

  idOf(e: number): string {
    if (e !== this.#cursor.entry) this.#cursor = new EntryCursor(this.#store, e);
    return this.#cursor.id(this.#cursor.next());
  }
}

/**
 * The used part of each page of characters under `map`'s first entries, as
 * kept (front-coded): a diagnostic for tests. Not exported from the package.
 */
export const idTablePages = (map: IdHashMap): Uint8Array[] => {
  const { store, shared } = version(map);
  const charEnd = shared === 0 ? 0 : endOf(store, shared - 1);
  const last = charEnd === 0 ? -1 : (charEnd - 1) >>> store.charPageBits;
  const pages: Uint8Array[] = [];
  for (let page = 0; page <= last; page++) {
    const fill = page < last ? (store.charFills[page] as number) : charEnd - page * (1 << store.charPageBits);
    pages.push((store.charPages[page] as Uint8Array).subarray(0, fill));
  }
  return pages;
};

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

const sameEntries = (store: Store, a: number, b: number): boolean => idOf(store, a) === idOf(store, b);

/**
 * Builds the table of a snapshot's ids straight into pages: the entries in
 * order, either each one's length ({@link IdTableBuilder.length}) and then all
 * their characters at once ({@link IdTableBuilder.chars}: front-coded into the
 * pages in one pass), or each id as a string ({@link IdTableBuilder.id}); then
 * every digest ({@link IdTableBuilder.digests}: one copy per page); then
 * {@link IdTableBuilder.build} hashes each id from its characters and places it
 * once. A thousand times fewer allocations than adding the ids one by one.
 * Not exported from the package.
 */
export class IdTableBuilder {
  readonly #store: Store;
  /** Ids longer than a page given by length: their length, by entry (kept as strings once their characters come). */
  readonly #long = new Map<number, number>();

  /** From this many slots on, ids are placed in the order of their first slots (`SORTED_SLOTS`; tests give less). */
  readonly #sortedSlots: number;

  constructor(
    seed: HashSeed,
    pageBits = PAGE_BITS,
    charPageBits = CHAR_PAGE_BITS,
    blockBits = BLOCK_BITS,
    sortedSlots = SORTED_SLOTS,
  ) {
    this.#store = new Store(seed, pageBits, charPageBits, Math.min(blockBits, pageBits));
    this.#sortedSlots = sortedSlots;
  }

  /** The next entry: an id of `length` Latin-1 characters, which {@link IdTableBuilder.chars} gives. */
  length(length: number): void {
    this.lengths([length], 1);
  }

  /** The next `n` entries, of `lengths[0]`, `lengths[1]`, … characters: {@link IdTableBuilder.length} for each. */
  lengths(lengths: ArrayLike<number>, n: number): void {
    const store = this.#store;
    const { pageBits } = store;
    const pageMask = (1 << pageBits) - 1;
    const charPageSize = 1 << store.charPageBits;
    const first = store.count;
    if (n > 0) reserveEntries(store, first + n - 1);
    let page = store.lengthPages[first >>> pageBits] as Uint8Array;
    for (let k = 0; k < n; k++) {
      let length = lengths[k] as number;
      const entry = first + k;
      const index = entry & pageMask;
      if (index === 0) page = store.lengthPages[entry >>> pageBits] as Uint8Array;
      if (length > charPageSize) {
        this.#long.set(entry, length);
        length = 0;
      }
      if (length >= LONG) {
        store.longLengths.set(entry, length);
        length = LONG;
      }
      page[index] = length;
    }
    store.count = first + n;
  }

  /** How many characters entry `e` was given by {@link IdTableBuilder.length}. */
  lengthOf(e: number): number {
    return this.#long.get(e) ?? lengthOf(this.#store, e);
  }

  /**
   * Every entry's characters (as many as the lengths add up to), one after
   * another: each id's characters past those it shares with the one before it
   * go into the pages.
   */
  chars(bytes: Uint8Array): void {
    const store = this.#store;
    const { pageBits, blockBits } = store;
    const pageMask = (1 << pageBits) - 1;
    const blockMask = (1 << blockBits) - 1;
    let lengths = store.lengthPages[0] as Uint8Array;
    let shares = store.sharedPages[0] as Uint8Array;
    let blocks = store.blockPages[0] as Uint32Array;
    let from = 0;
    // Where the id before this one is in `bytes`, and its length (0 when it is kept as a string).
    let previous = 0;
    let previousLength = 0;
    for (let e = 0; e < store.count; e++) {
      const index = e & pageMask;
      if (index === 0) {
        lengths = store.lengthPages[e >>> pageBits] as Uint8Array;
        shares = store.sharedPages[e >>> pageBits] as Uint8Array;
        blocks = store.blockPages[e >>> pageBits] as Uint32Array;
      }
      if ((index & blockMask) === 0) {
        blocks[index >>> blockBits] = store.charEnd;
        previousLength = 0;
      }
      const long = this.#long.get(e);
      if (long !== undefined) {
        store.wide.set(e, latin1Text(bytes.subarray(from, from + long)));
        from += long;
        previousLength = 0;
        continue;
      }
      let length = lengths[index] as number;
      if (length === LONG) length = store.longLengths.get(e) as number;
      const most = Math.min(previousLength, length, MAX_SHARED);
      let shared = 0;
      while (shared < most && bytes[previous + shared] === bytes[from + shared]) shared += 1;
      shares[index] = shared;
      const stored = length - shared;
      if (stored > 0) {
        const start = placeChars(store, stored);
        const chars = charPage(store, start);
        const at = charIndex(store, start) - shared;
        if (stored > 16) chars.set(bytes.subarray(from + shared, from + length), at + shared);
        else for (let i = shared; i < length; i++) chars[at + i] = bytes[from + i] as number;
      }
      previous = from;
      previousLength = length;
      from += length;
    }
    store.lastLength = -1;
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
    const n = slotsFor(count);
    const slots = new Int32Array(n);
    useSlots(store, slots);
    // Every hash of a run of 16 pages of ids (2^20) first, then every placement: two loops that each settle into
    // compiled code once (a read is often the process's first use of them), where hashing and placing block by
    // block ran ~15 % slower. The runs bound the hashes held at once (4 MiB). When the slots outgrow the caches
    // (`SORTED_SLOTS`), a run's entries are placed in the order of their first slots (sorted by their hashes' top
    // bits, one counting pass): placed in entry order, each one's probe is a cache miss of its own at a random
    // place of the slots; in slot order the probes sweep the slots once (890 000 ids: build −9 to −22 %). Linear
    // probing leaves every entry findable whatever the order they are placed in, and an id given twice is still
    // found (the second one's probe passes the first: both start at the same slot).
    const run = 1 << (store.pageBits + 4);
    const hashes = new Int32Array(Math.min(count, run));
    const sorted = n >= this.#sortedSlots;
    const pairs = new Int32Array(sorted ? 2 * hashes.length : 0);
    const bucketBits = Math.min(SORT_BITS, 31 - Math.clz32(n));
    const starts = new Int32Array(sorted ? (1 << bucketBits) + 1 : 0);
    let probedHere = 0;
    const cursor = new EntryCursor(store);
    for (let from = 0; from < count; from += run) {
      const to = Math.min(count, from + run);
      hashEntries(cursor, to - from, hashes);
      if (sorted) {
        sortByTopBits(hashes, to - from, from, bucketBits, starts, pairs);
        for (let k = 0; k < 2 * (to - from); k += 2)
          probedHere += placeNew(store, pairs[k] as number, pairs[k + 1] as number);
      } else for (let e = from; e < to; e++) probedHere += placeNew(store, hashes[e - from] as number, e);
    }
    probes += probedHere;
    return makeVersion(store, count, emptyMap(store.seed));
  }
}

/**
 * Small instances of the id table's classes that a snapshot builds and reads
 * (a builder with its store, a view with its cursor), made now, for a caller to
 * keep alive between two snapshots: V8 reaches a class's settled object layout
 * only through links that a full collection drops once no instance of it is
 * alive, and then throws away every optimized function that checks for that
 * layout (`build`, `chars`, `lengths`, `next`, `hashEntries`, `#wholeChars`,
 * ... : "weak objects" in `--trace-deopt-verbose`; docs/performance.md, eleventh
 * session). Not exported from the package.
 */
export const idTableLayouts = (): readonly object[] => [
  new IdTableBuilder(DEFAULT_HASH_SEED),
  new TableView(new Store(DEFAULT_HASH_SEED, PAGE_BITS, CHAR_PAGE_BITS, BLOCK_BITS), 0),
];

/**
 * Places entry `e` of hash `hash` in the first free slot from its first one,
 * and returns how many slots it looked at. Throws a `RangeError` when a slot on
 * the way holds the same id.
 */
const placeNew = (store: Store, hash: number, e: number): number => {
  const { slots, entryBits } = store;
  const n = slots.length;
  const tag = hash << entryBits;
  const entryMask = (1 << entryBits) - 1;
  let i = homeOf(hash, store.scale);
  let probed = 1;
  for (let slot = slots[i] as number; slot !== 0; slot = slots[i] as number) {
    probed += 1;
    if ((slot ^ tag) >>> entryBits === 0 && sameEntries(store, (slot & entryMask) - 1, e))
      throw new RangeError(`the id table holds event id ${idOf(store, e)} twice`);
    i += 1;
    if (i === n) i = 0;
  }
  slots[i] = tag | (e + 1);
  return probed;
};

/**
 * From this many slots (4 MiB) on, `build` places ids in the order of their first
 * slots. Below, sorting cost more than it saved (296 000 ids, 2 MiB of slots: +1
 * to +11 %).
 */
const SORTED_SLOTS = 1 << 20;
/** A run's entries are sorted into at most `2^SORT_BITS` buckets of first slots: 8 KiB of counts, a few hundred slots per bucket. */
const SORT_BITS = 11;

/**
 * The `n` hashes of `hashes` (of entries `first`, `first + 1`, …), each followed
 * by its entry, into `pairs`, ordered by the hashes' top
 * `bits` bits (unsigned), i.e. by their first slots (`homeOf` grows with the
 * unsigned hash); in entry order within a bucket. `starts` is scratch of
 * `2^bits + 1` counts.
 */
const sortByTopBits = (
  hashes: Int32Array,
  n: number,
  first: number,
  bits: number,
  starts: Int32Array,
  pairs: Int32Array,
): void => {
  const shift = 32 - bits;
  starts.fill(0);
  for (let k = 0; k < n; k++) {
    const b = ((hashes[k] as number) >>> shift) + 1;
    starts[b] = (starts[b] as number) + 1;
  }
  for (let b = 1; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  for (let k = 0; k < n; k++) {
    const hash = hashes[k] as number;
    const at = starts[hash >>> shift] as number;
    starts[hash >>> shift] = at + 1;
    pairs[2 * at] = hash;
    pairs[2 * at + 1] = first + k;
  }
};

/** Bytes as the Latin-1 string they spell (in chunks: a call takes only so many arguments). */
const latin1Text = (bytes: Uint8Array): string => {
  let text = '';
  for (let at = 0; at < bytes.length; at += 4096)
    text += String.fromCharCode.apply(null, bytes.subarray(at, at + 4096) as unknown as number[]);
  return text;
};
