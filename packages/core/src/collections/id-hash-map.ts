import type { BodyDigest } from '../ledger/body-digest';
import { DEFAULT_HASH_SEED, type HashSeed, keyedHash, keyedHashOfBytes } from './hash-seed';
import { type Edit, emptyMap, getEntry, mapEntries, type PersistentMap, setEntry } from './persistent-map';

/**
 * Every applied event id with the digest of its body (R-L5), compactly: the one
 * collection that grows with every event of a log, so it lives in typed arrays
 * outside the JavaScript heap (~40 B per id instead of ~90 B of trie nodes on the
 * heap, and nothing for the garbage collector to walk).
 *
 * Persistence without copying: the typed arrays are an append-only store shared
 * by every version of the map. A version sees the store's first `shared` entries
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

// Small at first: a ledger of a few events (tests, branches) should not cost a large table.
const MIN_CAPACITY = 16;
/** Past this, `Uint32Array` offsets into the id characters would overflow. */
const MAX_CHARS = 0xffff_ffff;
/** An overlay this large (and at least a quarter of the store) is folded into a store of its own. */
const MIN_FOLD = 4096;

/** Code units of one body digest. */
const DIGEST = 8;

/** The append-only store. Entry `e` is visible to every version whose `shared` exceeds `e`. */
class Store {
  constructor(readonly seed: HashSeed) {}
  count = 0;
  idHashes = new Uint32Array(MIN_CAPACITY);
  /** Entry `e`'s body digest is `digests[e * 8 .. e * 8 + 8)`. */
  digests = new Uint16Array(MIN_CAPACITY * DIGEST);
  /** Entry `e`'s characters are `chars[starts[e] .. starts[e + 1])`, one byte per UTF-16 code unit. */
  starts = new Uint32Array(MIN_CAPACITY + 1);
  chars = new Uint8Array(MIN_CAPACITY * 16);
  /** Ids with a code unit above 0xff (rare in audit logs), kept as strings; their byte range is empty. */
  readonly wide = new Map<number, string>();
  /** Open addressing, linear probing: entry + 1, 0 for an empty slot; at most half full. */
  slots = new Uint32Array(MIN_CAPACITY * 2);
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

const sameId = (store: Store, entry: number, id: string): boolean => {
  const start = store.starts[entry] ?? 0;
  const end = store.starts[entry + 1] ?? 0;
  if (start === end) {
    const wide = store.wide.get(entry);
    if (wide !== undefined) return wide === id;
  }
  if (end - start !== id.length) return false;
  const chars = store.chars;
  for (let i = 0; i < id.length; i++) if (chars[start + i] !== id.charCodeAt(i)) return false;
  return true;
};

const digestOf = (store: Store, entry: number): BodyDigest => {
  const d = store.digests;
  const at = entry * DIGEST;
  return String.fromCharCode(
    d[at] ?? 0,
    d[at + 1] ?? 0,
    d[at + 2] ?? 0,
    d[at + 3] ?? 0,
    d[at + 4] ?? 0,
    d[at + 5] ?? 0,
    d[at + 6] ?? 0,
    d[at + 7] ?? 0,
  ) as BodyDigest;
};

/** Slots looked at by every lookup and placement so far: what a flood of colliding ids would make quadratic. */
let probes = 0;

/** The body digest of `id` among the store's first `visible` entries. */
const findShared = (store: Store, id: string, hash: number, visible: number): BodyDigest | undefined => {
  const { slots, idHashes } = store;
  const mask = slots.length - 1;
  for (let i = hash & mask; ; i = (i + 1) & mask) {
    probes += 1;
    const slot = slots[i] ?? 0;
    if (slot === 0) return undefined;
    const entry = slot - 1;
    if (entry < visible && idHashes[entry] === hash && sameId(store, entry, id)) return digestOf(store, entry);
  }
};

const placeSlot = (slots: Uint32Array, hash: number, entry: number): void => {
  const mask = slots.length - 1;
  let i = hash & mask;
  probes += 1;
  while ((slots[i] ?? 0) !== 0) {
    i = (i + 1) & mask;
    probes += 1;
  }
  slots[i] = entry + 1;
};

const grown = <A extends Uint32Array | Uint16Array | Uint8Array>(array: A, length: number): A => {
  const bigger = new (array.constructor as new (n: number) => A)(length);
  bigger.set(array);
  return bigger;
};

const reserve = (store: Store, idLength: number): void => {
  const entries = store.count + 1;
  if (entries > store.idHashes.length) {
    const capacity = store.idHashes.length * 2;
    store.idHashes = grown(store.idHashes, capacity);
    store.digests = grown(store.digests, capacity * DIGEST);
    store.starts = grown(store.starts, capacity + 1);
  }
  const used = store.starts[store.count] ?? 0;
  if (used + idLength > MAX_CHARS) throw new RangeError('more than 4 GiB of event ids: the id table is full');
  if (used + idLength > store.chars.length)
    store.chars = grown(store.chars, Math.min(MAX_CHARS, Math.max(store.chars.length * 2, used + idLength)));
  if (entries * 2 > store.slots.length) {
    const slots = new Uint32Array(store.slots.length * 2);
    for (let e = 0; e < store.count; e++) placeSlot(slots, store.idHashes[e] ?? 0, e);
    store.slots = slots;
  }
};

const append = (store: Store, id: string, hash: number, digest: BodyDigest): void => {
  const narrow = latin1(id);
  reserve(store, narrow ? id.length : 0);
  const entry = store.count;
  const start = store.starts[entry] ?? 0;
  if (narrow) for (let i = 0; i < id.length; i++) store.chars[start + i] = id.charCodeAt(i);
  else store.wide.set(entry, id);
  store.starts[entry + 1] = start + (narrow ? id.length : 0);
  store.idHashes[entry] = hash;
  for (let i = 0; i < DIGEST; i++) store.digests[entry * DIGEST + i] = digest.charCodeAt(i);
  placeSlot(store.slots, hash, entry);
  store.count = entry + 1;
};

const idOf = (store: Store, entry: number): string => {
  const start = store.starts[entry] ?? 0;
  const end = store.starts[entry + 1] ?? 0;
  const wide = store.wide.get(entry);
  if (wide !== undefined) return wide;
  let id = '';
  for (let i = start; i < end; i++) id += String.fromCharCode(store.chars[i] ?? 0);
  return id;
};

/** A store of this version's own: its visible entries, then its overlay. O(size), once per large branch. */
const fold = (from: Version): IdHashMap => {
  const seed = from.store.seed;
  const store = new Store(seed);
  for (let e = 0; e < from.shared; e++)
    append(store, idOf(from.store, e), from.store.idHashes[e] ?? 0, digestOf(from.store, e));
  for (const [id, digest] of mapEntries(from.overlay)) append(store, id, keyedHash(seed, id), digest);
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
  makeVersion(new Store(seed), 0, emptyMap(seed));

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
  return shared === 0 ? undefined : findShared(store, id, keyedHash(store.seed, id), shared);
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
    append(from.store, id, keyedHash(from.store.seed, id), digest);
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
      this.#lastHash = keyedHash(this.#store.seed, id);
    }
    return this.#lastHash;
  }
}

/**
 * Calls `fn` with every id this version holds and its body digest: first the
 * store's entries in the order they were added, then the version's own overlay.
 * What a snapshot writes (`toSnapshot`).
 *
 * @since 0.2.0
 */
export const forEachIdHash = (map: IdHashMap, fn: (id: string, digest: BodyDigest) => void): void => {
  const { store, shared, overlay } = version(map);
  for (let e = 0; e < shared; e++) fn(idOf(store, e), digestOf(store, e));
  if (overlay.size > 0) for (const [id, digest] of mapEntries(overlay)) fn(id, digest);
};

/**
 * An id table's storage laid bare, for snapshots: entry `e`'s id is the Latin-1
 * code units `chars[starts[e] .. starts[e + 1])`, or `wide.get(e)` when it has a
 * code unit above 0xff (its byte range is then empty); its body digest is
 * `digests[8e .. 8e + 8)`. The arrays may be longer than `count` entries need.
 * Not exported from the package.
 */
export interface IdTable {
  readonly count: number;
  readonly chars: Uint8Array<ArrayBuffer>;
  readonly starts: Uint32Array<ArrayBuffer>;
  readonly digests: Uint16Array<ArrayBuffer>;
  readonly wide: ReadonlyMap<number, string>;
}

/**
 * What `map` holds, without making a string per id: its entries in the shared
 * store (in the order they were added; the arrays are the store's own, to read
 * and never write) and the ids of its own overlay. What `toSnapshot` writes.
 */
export const idTableOf = (
  map: IdHashMap,
): { readonly table: IdTable; readonly rest: readonly (readonly [string, BodyDigest])[] } => {
  const { store, shared, overlay } = version(map);
  return {
    table: { count: shared, chars: store.chars, starts: store.starts, digests: store.digests, wide: store.wide },
    rest: overlay.size === 0 ? [] : [...mapEntries(overlay)],
  };
};

const sameEntries = (store: Store, a: number, b: number): boolean => {
  const wideA = store.wide.get(a);
  const wideB = store.wide.get(b);
  if (wideA !== undefined || wideB !== undefined) return wideA === wideB;
  const start = store.starts[a] ?? 0;
  const other = store.starts[b] ?? 0;
  const length = (store.starts[a + 1] ?? 0) - start;
  if ((store.starts[b + 1] ?? 0) - other !== length) return false;
  const chars = store.chars;
  for (let i = 0; i < length; i++) if (chars[start + i] !== chars[other + i]) return false;
  return true;
};

/**
 * The table holding `table`'s entries, which it takes over (no copy): each id
 * is hashed from its bytes and placed once. What `fromSnapshot` builds; a
 * thousand times fewer allocations than adding the ids one by one. Throws a
 * `RangeError` naming an id the table holds twice.
 */
export const idHashMapOfTable = (seed: HashSeed, table: IdTable): IdHashMap => {
  const count = table.count;
  const capacity = Math.max(MIN_CAPACITY, count);
  const store = new Store(seed);
  store.count = count;
  store.chars = table.chars;
  store.starts = table.starts.length >= capacity + 1 ? table.starts : grown(table.starts, capacity + 1);
  store.digests = table.digests.length >= capacity * DIGEST ? table.digests : grown(table.digests, capacity * DIGEST);
  for (const [entry, id] of table.wide) store.wide.set(entry, id);
  const idHashes = new Uint32Array(capacity);
  const { starts, chars, wide } = store;
  if (wide.size === 0) {
    // Every id in `chars` (ASCII or Latin-1 ids, as audit logs' are): no lookup of a wide id per entry.
    for (let e = 0; e < count; e++) idHashes[e] = keyedHashOfBytes(seed, chars, starts[e] ?? 0, starts[e + 1] ?? 0);
  } else {
    for (let e = 0; e < count; e++) {
      const id = wide.get(e);
      idHashes[e] =
        id !== undefined ? keyedHash(seed, id) : keyedHashOfBytes(seed, chars, starts[e] ?? 0, starts[e + 1] ?? 0);
    }
  }
  store.idHashes = idHashes;
  let slotCount = MIN_CAPACITY * 2;
  while (slotCount < count * 2) slotCount *= 2;
  const slots = new Uint32Array(slotCount);
  const mask = slotCount - 1;
  for (let e = 0; e < count; e++) {
    const hash = idHashes[e] as number;
    let i = hash & mask;
    probes += 1;
    for (let slot = slots[i] ?? 0; slot !== 0; slot = slots[i] ?? 0) {
      probes += 1;
      if (idHashes[slot - 1] === hash && sameEntries(store, slot - 1, e))
        throw new RangeError(`the id table holds event id ${idOf(store, e)} twice`);
      i = (i + 1) & mask;
    }
    slots[i] = e + 1;
  }
  store.slots = slots;
  return makeVersion(store, count, emptyMap(seed));
};
