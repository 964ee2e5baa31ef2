/**
 * A persistent hash map (hash array mapped trie) keyed by strings.
 *
 * Why not `Map` or immer: the ledger hands out immutable states, and copying a
 * collection of 100k machines per event makes replay quadratic. Here an update
 * copies only the O(log32 n) nodes on one path. During a batch (a replay), writes
 * carry an {@link Edit} token: nodes created under that token are updated in
 * place, so a whole replay costs about as much as mutating a `Map`. Once the
 * batch ends its token is retired and every node it made is shared, never written again.
 *
 * A map may also stand on a **table**: a plain `Map` it took over whole (a
 * replay's result, a state read from a snapshot), never written again, with the
 * trie holding only what was written since (a removal as {@link REMOVED}).
 * Reading it is one `Map` lookup; handing out a replay's result builds nothing;
 * and once the writes since reach a quarter of the table they are folded into a
 * new table (one copy per that many writes: still O(1) amortized per write).
 *
 * @since 0.1.0
 */

import { DEFAULT_HASH_SEED, type HashSeed, keyedHash, keyedHashInt32 } from './hash-seed';

const BITS = 5;
const MASK = 31;

/**
 * Ownership token of one write batch. Nodes created under a live token may be
 * mutated by later writes carrying the same token; nothing else is ever mutated.
 *
 * @since 0.1.0
 */
export interface Edit {
  readonly live: boolean;
}

class EditToken implements Edit {
  live = true;
}

/**
 * @since 0.1.0
 * @example
 * import { newEdit } from '@license-ledger/core/internal'
 * const edit = newEdit()
 */
export const newEdit = (): Edit => new EditToken();

/**
 * Ends a batch: nodes owned by `edit` become immutable.
 *
 * @since 0.1.0
 * @example
 * import { newEdit, retireEdit } from '@license-ledger/core/internal'
 * retireEdit(newEdit())
 */
export const retireEdit = (edit: Edit): void => {
  (edit as EditToken).live = false;
};

// A token retired once when this module loads: V8 treats a field never written after its object was made as a
// constant, and its first write (a replay's first checkpoint, midway through a long log) threw away the
// optimized code that had relied on it (`insert`, `writable`, the heaps' `boxed` and `heapInsert`: "code
// dependencies"; docs/performance.md, "Twentieth session: compile and deopt churn").
retireEdit(newEdit());

class Leaf<V> {
  constructor(
    readonly hash: number,
    readonly key: string,
    readonly value: V,
  ) {}
}

class Collision<V> {
  constructor(
    readonly hash: number,
    readonly leaves: readonly Leaf<V>[],
  ) {}
}

/**
 * A branch is one array, `[bitmap, owner, ...children]` with children in bit
 * order: one memory hop per level and no empty slots, which is what lookups in
 * a 100k-entry map spend their time on.
 */
type Branch<V> = [bitmap: number, owner: Edit | null, ...children: Node<V>[]];
type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

const BITMAP = 0;
const OWNER = 1;
const FIRST = 2;

const isBranch = Array.isArray as <V>(node: Node<V>) => node is Branch<V>;

/** The node at `index` (`FIRST` + the child's rank) of a branch: its children follow the bitmap and owner. */
const childAt = <V>(node: Branch<V>, index: number): Node<V> => node[index] as Node<V>;

/** A copy of a branch for a write that does not own it, owned by `edit`. */
const copyOf = <V>(node: Branch<V>, edit: Edit | null): Branch<V> => {
  const copy = node.slice() as Branch<V>;
  copy[OWNER] = edit;
  return copy;
};

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
};

const ownedBy = <V>(node: Branch<V>, edit: Edit | null): boolean => edit !== null && edit.live && node[OWNER] === edit;

/**
 * An immutable string-keyed map, as the ledger state holds its records. The
 * functions that read it (`getEntry`, `mapEntries`, `mapValues`) and write it
 * (`setEntry`, `removeEntry`, which return a new map and leave this one untouched)
 * are in the unstable `@license-ledger/core/internal` entry point; a user reads
 * the state through the lookups (`getPool`, `listPools`, …) instead.
 *
 * @since 0.1.0
 */
export interface PersistentMap<V> {
  readonly size: number;
  /** Phantom marker so maps of different value types do not mix. */
  readonly _value?: V;
}

/**
 * A map as handed out: a frozen object whose only property is `size`. Its trie
 * and seed sit in private fields, which no property access, `Object.keys` or
 * `Reflect.ownKeys` reaches, so nothing reachable from a state can change it
 * (the trie's nodes are written in place only during the batch that made them).
 */
class MapBox<V> {
  readonly size: number;
  /** Every entry; or, over a table, the entries written since it was taken over. */
  readonly #root: Node<V> | undefined;
  readonly #seed: HashSeed;
  readonly #table: ReadonlyMap<string, V> | undefined;
  /** Over a table: the leaves of `#root` (entries written since, removals included). */
  readonly #written: number;

  constructor(
    root: Node<V> | undefined,
    size: number,
    seed: HashSeed,
    table: ReadonlyMap<string, V> | undefined = undefined,
    written = 0,
  ) {
    this.size = size;
    this.#root = root;
    this.#seed = seed;
    this.#table = table;
    this.#written = written;
    Object.freeze(this);
  }

  static rootOf<V>(map: MapBox<V>): Node<V> | undefined {
    return map.#root;
  }

  static seedOf<V>(map: MapBox<V>): HashSeed {
    return map.#seed;
  }

  static tableOf<V>(map: MapBox<V>): ReadonlyMap<string, V> | undefined {
    return map.#table;
  }

  static writtenOf<V>(map: MapBox<V>): number {
    return map.#written;
  }
}

/**
 * In the trie over a table: the key was removed from the table. Never a value
 * of a map without a table, and never handed to a caller.
 */
const REMOVED: unique symbol = Symbol('removed');

/** A value in the trie over a table, where it may be {@link REMOVED}. */
const isRemoved = (value: unknown): boolean => value === REMOVED;

/** From this many writes since a table was taken over, and a quarter of its size, they are folded into a new one. */
const FOLD_MIN = 32;
const FOLD_SHARE = 4;

const EMPTY: PersistentMap<never> = new MapBox<never>(undefined, 0, DEFAULT_HASH_SEED);

/**
 * A map with no entries, placing keys by the hash keyed with `seed` (every map
 * made from it keeps that seed). Without a seed the fixed public one is used:
 * fine for keys you chose, not for keys from an untrusted log (see `HashSeed`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(emptyMap<string>().size, 0)
 */
export const emptyMap = <V>(seed: HashSeed = DEFAULT_HASH_SEED): PersistentMap<V> =>
  seed === DEFAULT_HASH_SEED ? EMPTY : new MapBox<V>(undefined, 0, seed);

/**
 * The 32-bit hash a map places keys by: HalfSipHash keyed with `seed` (see
 * `keyedHash`), so a log cannot choose keys that collide. Unsigned.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { hashString } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(hashString('a') === hashString('a'), true)
 */
export const hashString = (key: string, seed: HashSeed = DEFAULT_HASH_SEED): number => keyedHash(seed, key);

/**
 * The hash a trie places `key` by, as a signed 32-bit integer (the same bits as
 * `hashString`): a leaf holds it as a small integer, where an unsigned hash of
 * 2^31 or more would be a heap number, one more object per entry.
 */
const hashOf = (seed: HashSeed, key: string): number => {
  if (key === lastKey && seed === lastSeed) return lastHash;
  const hash = keyedHashInt32(seed, key);
  lastKey = key;
  lastSeed = seed;
  lastHash = hash;
  return hash;
};

/**
 * The key {@link hashOf} hashed last, with its seed and hash: a pool's group
 * count is read and then written back under one key (`adjustGroup`, about
 * every other event), and the keyed hash, ~370 instructions, was computed
 * twice (docs/performance.md, "Nineteenth session"). A cache only: the hash
 * of a key and seed never changes.
 */
let lastKey: string | undefined = undefined;
let lastSeed: HashSeed | undefined = undefined;
let lastHash = 0;

const box = <V>(map: PersistentMap<V>): MapBox<V> => map as unknown as MapBox<V>;
const rootOf = <V>(map: PersistentMap<V>): Node<V> | undefined => MapBox.rootOf(box(map));
const wrap = <V>(root: Node<V> | undefined, size: number, seed: HashSeed): PersistentMap<V> =>
  new MapBox<V>(root, size, seed);

/**
 * The seed a map hashes its keys with (the one its empty map was made with).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DEFAULT_HASH_SEED } from '@license-ledger/core'
 * import { emptyMap, mapSeed } from '@license-ledger/core/internal'
 * assert.equal(mapSeed(emptyMap()), DEFAULT_HASH_SEED)
 */
export const mapSeed = <V>(map: PersistentMap<V>): HashSeed => MapBox.seedOf(box(map));

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, getEntry, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(getEntry(setEntry(emptyMap<number>(), 'x', 2), 'x'), 2)
 */
export const getEntry = <V>(map: PersistentMap<V>, key: string): V | undefined => {
  const b = box(map);
  const root = MapBox.rootOf(b);
  const table = MapBox.tableOf(b);
  if (table === undefined) return root === undefined ? undefined : lookup(root, hashOf(MapBox.seedOf(b), key), key);
  if (root !== undefined) {
    const written = lookup(root, hashOf(MapBox.seedOf(b), key), key);
    if (written !== undefined) return isRemoved(written) ? undefined : written;
  }
  return table.get(key);
};

/** The value the trie under `node` holds for `key` (whose hash is `hash`). */
const lookup = <V>(root: Node<V>, hash: number, key: string): V | undefined => {
  let node = root;
  let shift = 0;
  for (;;) {
    if (isBranch(node)) {
      const bit = 1 << ((hash >>> shift) & MASK);
      const bitmap: number = node[BITMAP];
      if ((bitmap & bit) === 0) return undefined;
      node = childAt(node, FIRST + popcount(bitmap & (bit - 1)));
      shift += BITS;
    } else if (node instanceof Leaf) {
      return node.key === key ? node.value : undefined;
    } else {
      if (node.hash !== hash) return undefined;
      for (const leaf of node.leaves) if (leaf.key === key) return leaf.value;
      return undefined;
    }
  }
};

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, hasEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(hasEntry(emptyMap(), 'x'), false)
 */
export const hasEntry = <V>(map: PersistentMap<V>, key: string): boolean => getEntry(map, key) !== undefined;

const branchOf = <V>(edit: Edit | null, shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V>): Branch<V> => {
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return [1 << ia, edit, branchOf(edit, shift + BITS, a, b)];
  return ia < ib ? [(1 << ia) | (1 << ib), edit, a, b] : [(1 << ia) | (1 << ib), edit, b, a];
};

/** What a write did; an in-place write returns the same node, so identity cannot tell. */
interface Effect {
  added: boolean;
  changed: boolean;
}

/**
 * The one {@link Effect} every write fills (writes never nest, and call no code
 * of their callers): an object made per write was a tenth of what a replay's
 * map writes allocated.
 */
const scratch: Effect = { added: false, changed: false };

const effect = (): Effect => {
  scratch.added = false;
  scratch.changed = false;
  return scratch;
};

const insert = <V>(
  node: Node<V> | undefined,
  shift: number,
  leaf: Leaf<V>,
  edit: Edit | null,
  out: Effect,
): Node<V> => {
  if (node === undefined) {
    out.added = true;
    out.changed = true;
    return leaf;
  }
  if (isBranch(node)) {
    const bit = 1 << ((leaf.hash >>> shift) & MASK);
    const bitmap = node[BITMAP];
    const at = FIRST + popcount(bitmap & (bit - 1));
    if ((bitmap & bit) === 0) {
      out.added = true;
      out.changed = true;
      if (ownedBy(node, edit)) {
        node.splice(at, 0, leaf);
        node[BITMAP] = bitmap | bit;
        return node;
      }
      const copy = copyOf(node, edit);
      copy.splice(at, 0, leaf);
      copy[BITMAP] = bitmap | bit;
      return copy;
    }
    const child = childAt(node, at);
    const next = insert(child, shift + BITS, leaf, edit, out);
    if (next === child) return node;
    if (ownedBy(node, edit)) {
      node[at] = next;
      return node;
    }
    const copy = copyOf(node, edit);
    copy[at] = next;
    return copy;
  }
  out.changed = true;
  if (node instanceof Leaf) {
    if (node.key === leaf.key) {
      if (node.value === leaf.value) {
        out.changed = false;
        return node;
      }
      return leaf;
    }
    out.added = true;
    if (node.hash === leaf.hash) return new Collision(leaf.hash, [node, leaf]);
    return branchOf(edit, shift, node, leaf);
  }
  if (node.hash === leaf.hash) {
    const at = node.leaves.findIndex((l) => l.key === leaf.key);
    const leaves = node.leaves.slice();
    if (at < 0) {
      out.added = true;
      leaves.push(leaf);
    } else leaves[at] = leaf;
    return new Collision(node.hash, leaves);
  }
  out.added = true;
  return branchOf(edit, shift, node, leaf);
};

/**
 * Returns a map with `key` set to `value`. With a live `edit`, nodes that edit
 * already owns are updated in place (see {@link Edit}).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(setEntry(emptyMap<number>(), 'a', 1).size, 1)
 */
export const setEntry = <V>(
  map: PersistentMap<V>,
  key: string,
  value: V,
  edit: Edit | null = null,
): PersistentMap<V> => {
  const b = box(map);
  const seed = MapBox.seedOf(b);
  const table = MapBox.tableOf(b);
  if (table === undefined) {
    const out = effect();
    const root = MapBox.rootOf(b);
    const next = insert(root, 0, new Leaf(hashOf(seed, key), key, value), edit, out);
    // Written in place under `edit` (the same root, no key added): `map` holds the change already, so it is
    // the result, with no new box made and frozen (a pool's group counts change at every install and uninstall).
    if (!out.changed || (next === root && !out.added)) return map;
    return wrap(next, out.added ? b.size + 1 : b.size, seed);
  }
  const before = getEntry(map, key);
  if (before === value) return map;
  const out = effect();
  const next = insert(MapBox.rootOf(b), 0, new Leaf(hashOf(seed, key), key, value), edit, out);
  const written = MapBox.writtenOf(b) + (out.added ? 1 : 0);
  return overTable(table, next, before === undefined ? b.size + 1 : b.size, written, seed);
};

/**
 * A map over `table` with `root` written since, or, once the writes are a
 * quarter of the table, a new table holding both. (A table holds at most 2^24
 * entries, V8's `Map` limit, which a replay's own maps have anyway.)
 */
const overTable = <V>(
  table: ReadonlyMap<string, V>,
  root: Node<V> | undefined,
  size: number,
  written: number,
  seed: HashSeed,
): PersistentMap<V> => {
  if (root === undefined || written < FOLD_MIN || written * FOLD_SHARE < table.size)
    return new MapBox(root, size, seed, table, written);
  const folded = new Map<string, V>();
  table.forEach((value, key) => folded.set(key, value));
  visit(root, (value, key) => {
    if (isRemoved(value)) folded.delete(key);
    else folded.set(key, value);
  });
  return new MapBox<V>(undefined, size, seed, folded, 0);
};

/**
 * The map holding `table`'s entries, which it takes over: the caller never
 * writes `table` again. Building nothing, it is how a replay hands out what it
 * kept in plain maps and how a snapshot's records are read back; reads are one
 * `Map` lookup, and writes go to a trie over it (see the top of this module).
 * `seed` is the one later writes hash by.
 *
 * @since 0.5.0
 */
export const adoptTable = <V>(table: Map<string, V>, seed: HashSeed = DEFAULT_HASH_SEED): PersistentMap<V> =>
  table.size === 0 ? emptyMap(seed) : new MapBox<V>(undefined, table.size, seed, table, 0);

/**
 * A new mutable `Map` holding every entry of `map` (a copy: changing it changes no map).
 *
 * @since 0.5.0
 */
export const tableCopy = <V>(map: PersistentMap<V>): Map<string, V> => {
  const copy = new Map<string, V>();
  forEachEntry(map, (value, key) => copy.set(key, value));
  return copy;
};

const remove = <V>(
  node: Node<V>,
  shift: number,
  hash: number,
  key: string,
  edit: Edit | null,
  out: Effect,
): Node<V> | undefined => {
  if (isBranch(node)) {
    const bit = 1 << ((hash >>> shift) & MASK);
    const bitmap = node[BITMAP];
    if ((bitmap & bit) === 0) return node;
    const at = FIRST + popcount(bitmap & (bit - 1));
    const child = childAt(node, at);
    const next = remove(child, shift + BITS, hash, key, edit, out);
    if (next === child) return node;
    if (next === undefined && bitmap === bit) return undefined;
    // Collapse: a branch left with one leaf (or collision) gives way to it, so a map
    // has the shape a fresh one with the same keys would have, however it got there.
    if (next !== undefined && bitmap === bit && !isBranch(next)) return next;
    if (next === undefined && popcount(bitmap) === 2) {
      const other = childAt(node, at === FIRST ? FIRST + 1 : FIRST);
      if (!isBranch(other)) return other;
    }
    const target = ownedBy(node, edit) ? node : copyOf(node, edit);
    if (next === undefined) {
      target.splice(at, 1);
      target[BITMAP] = bitmap & ~bit;
    } else target[at] = next;
    return target;
  }
  if (node instanceof Leaf) {
    if (node.key !== key) return node;
    out.changed = true;
    return undefined;
  }
  if (node.hash !== hash) return node;
  const leaves = node.leaves.filter((l) => l.key !== key);
  if (leaves.length === node.leaves.length) return node;
  out.changed = true;
  return leaves.length === 1 ? leaves[0] : new Collision(hash, leaves);
};

/**
 * Returns a map without `key`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, removeEntry, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(removeEntry(setEntry(emptyMap<number>(), 'a', 1), 'a').size, 0)
 */
export const removeEntry = <V>(map: PersistentMap<V>, key: string, edit: Edit | null = null): PersistentMap<V> => {
  const b = box(map);
  const root = MapBox.rootOf(b);
  const seed = MapBox.seedOf(b);
  const table = MapBox.tableOf(b);
  if (table === undefined) {
    if (root === undefined) return map;
    const out = effect();
    const next = remove(root, 0, hashOf(seed, key), key, edit, out);
    if (!out.changed) return map;
    return wrap(next, b.size - 1, seed);
  }
  if (getEntry(map, key) === undefined) return map;
  const out = effect();
  let next: Node<V> | undefined;
  let written = MapBox.writtenOf(b);
  if (table.has(key)) {
    next = insert(root, 0, new Leaf(hashOf(seed, key), key, REMOVED as unknown as V), edit, out);
    if (out.added) written += 1;
  } else {
    // Only written since: the trie holds it.
    next = remove(root as Node<V>, 0, hashOf(seed, key), key, edit, out);
    written -= 1;
  }
  return overTable(table, next, b.size - 1, written, seed);
};

/**
 * A map holding `keys[i] → values[i]` for every `i`, built in one pass: the
 * keys are hashed once, sorted into the trie's buckets level by level (a radix
 * sort on the hash's 5-bit chunks) and every node is made once, already in its
 * place. What `setEntry` one key at a time would give (the same trie; a key
 * given twice keeps its last value), at a fraction of the cost for a large
 * batch: a state read back from a snapshot, a draft committed onto an empty map.
 * Nodes are owned by `edit` as if `setEntry` had made them under it.
 *
 * @since 0.2.0
 */
export const mapFromEntries = <V>(
  keys: readonly string[],
  values: readonly V[],
  seed: HashSeed = DEFAULT_HASH_SEED,
  edit: Edit | null = null,
): PersistentMap<V> => {
  const n = keys.length;
  if (values.length !== n) throw new RangeError(`${n} keys and ${values.length} values`);
  if (n === 0) return emptyMap(seed);
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hashOf(seed, keys[i] as string);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const scratch = new Uint32Array(n);
  // One row of counters per level (a hash has 7 chunks: 5 bits × 6 and 2 bits), all 0 between uses.
  const counts = new Int32Array(7 * 32);
  let size = 0;

  const leaf = (i: number): Leaf<V> => {
    size += 1;
    return new Leaf(hashes[i] as number, keys[i] as string, values[i] as V);
  };

  /** The entries `order[lo..hi)`, all with one full hash: a leaf, or a collision of their distinct keys. */
  const sameHash = (lo: number, hi: number): Leaf<V> | Collision<V> => {
    const leaves: Leaf<V>[] = [];
    for (let k = lo; k < hi; k++) {
      const i = order[k] as number;
      const at = leaves.findIndex((l) => l.key === keys[i]);
      const made = new Leaf(hashes[i] as number, keys[i] as string, values[i] as V);
      if (at < 0) leaves.push(made);
      else leaves[at] = made;
    }
    size += leaves.length;
    return leaves.length === 1 ? (leaves[0] as Leaf<V>) : new Collision(hashes[order[lo] as number] as number, leaves);
  };

  /** The node of two entries `i` and `j` with different hashes that agree below `shift` (as `branchOf` makes it). */
  const pair = (i: number, j: number, shift: number): Branch<V> => {
    const ci = ((hashes[i] as number) >>> shift) & MASK;
    const cj = ((hashes[j] as number) >>> shift) & MASK;
    if (ci === cj) return [1 << ci, edit, pair(i, j, shift + BITS)];
    return ci < cj ? [(1 << ci) | (1 << cj), edit, leaf(i), leaf(j)] : [(1 << ci) | (1 << cj), edit, leaf(j), leaf(i)];
  };

  /** The node of the entries `order[lo..hi)` (at least two), whose hashes agree below `shift`. */
  const build = (lo: number, hi: number, shift: number): Node<V> => {
    if (hi - lo === 2) {
      const i = order[lo] as number;
      const j = order[lo + 1] as number;
      return hashes[i] === hashes[j] ? sameHash(lo, hi) : pair(i, j, shift);
    }
    const first = hashes[order[lo] as number] as number;
    let same = true;
    for (let k = lo + 1; k < hi; k++) {
      if (hashes[order[k] as number] !== first) {
        same = false;
        break;
      }
    }
    if (same) return sameHash(lo, hi);
    // A stable counting sort of the range by the chunk at `shift`, through `scratch`; only the chunks present are visited.
    const row = (shift / BITS) * 32;
    let bitmap = 0;
    for (let k = lo; k < hi; k++) {
      const c = ((hashes[order[k] as number] as number) >>> shift) & MASK;
      counts[row + c] = (counts[row + c] as number) + 1;
      bitmap |= 1 << c;
    }
    let sum = lo;
    for (let bits = bitmap; bits !== 0; bits &= bits - 1) {
      const c = 31 - Math.clz32(bits & -bits);
      const size = counts[row + c] as number;
      counts[row + c] = sum;
      sum += size;
    }
    for (let k = lo; k < hi; k++) {
      const i = order[k] as number;
      const at = row + (((hashes[i] as number) >>> shift) & MASK);
      const to = counts[at] as number;
      counts[at] = to + 1;
      scratch[to] = i;
    }
    for (let k = lo; k < hi; k++) order[k] = scratch[k] as number;
    // counts[row + c] is now where chunk c's bucket ends; each bucket becomes one child, in chunk order.
    const node: unknown[] = [bitmap, edit];
    let start = lo;
    for (let bits = bitmap; bits !== 0; bits &= bits - 1) {
      const c = 31 - Math.clz32(bits & -bits);
      const end = counts[row + c] as number;
      counts[row + c] = 0;
      node.push(end - start === 1 ? leaf(order[start] as number) : build(start, end, shift + BITS));
      start = end;
    }
    // Of its exact length, as `setEntry`'s nodes are (pushes leave a node of 3 entries room for 20, kept for good).
    return node.slice() as Branch<V>;
  };

  const root = n === 1 ? leaf(0) : build(0, n, 0);
  return wrap(root, size, seed);
};

function* walk<V>(node: Node<V> | undefined): Generator<Leaf<V>> {
  if (node === undefined) return;
  if (node instanceof Leaf) yield node;
  else if (node instanceof Collision) yield* node.leaves;
  else for (let i = FIRST; i < node.length; i++) yield* walk(childAt(node, i));
}

/**
 * Entries in hash order (stable for the same keys, but not sorted: sort for display).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, mapEntries, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual([...mapEntries(setEntry(emptyMap<number>(), 'a', 1))], [['a', 1]])
 */
export function* mapEntries<V>(map: PersistentMap<V>): Generator<readonly [string, V]> {
  for (const leaf of leavesOf(map)) yield [leaf.key, leaf.value];
}

/** Every entry as a leaf: the trie's, then, over a table, the table's that were not written since. */
function* leavesOf<V>(map: PersistentMap<V>): Generator<Leaf<V>> {
  const b = box(map);
  const root = MapBox.rootOf(b);
  const table = MapBox.tableOf(b);
  if (table === undefined) {
    yield* walk(root);
    return;
  }
  for (const leaf of walk(root)) if (!isRemoved(leaf.value)) yield leaf;
  const seed = MapBox.seedOf(b);
  for (const [key, value] of table)
    if (root === undefined || lookup(root, hashOf(seed, key), key) === undefined) yield new Leaf(0, key, value);
}

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, mapValues, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual([...mapValues(setEntry(emptyMap<number>(), 'a', 1))], [1])
 */
export function* mapValues<V>(map: PersistentMap<V>): Generator<V> {
  for (const leaf of leavesOf(map)) yield leaf.value;
}

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyMap, mapKeys, setEntry } from '@license-ledger/core/internal'
 * assert.deepStrictEqual([...mapKeys(setEntry(emptyMap<number>(), 'a', 1))], ['a'])
 */
export function* mapKeys<V>(map: PersistentMap<V>): Generator<string> {
  for (const leaf of leavesOf(map)) yield leaf.key;
}

const visit = <V>(node: Node<V> | undefined, fn: (value: V, key: string) => void): void => {
  if (node === undefined) return;
  if (node instanceof Leaf) fn(node.value, node.key);
  else if (node instanceof Collision) for (const leaf of node.leaves) fn(leaf.value, leaf.key);
  else for (let i = FIRST; i < node.length; i++) visit(childAt(node, i), fn);
};

/**
 * Calls `fn` with every value and key, in hash order (as {@link mapEntries}).
 * No generator and no pair per entry: several times faster than iterating, for
 * the paths that visit tens of thousands of entries (a forecast).
 *
 * @since 0.1.0
 * @example
 * import { emptyMap, forEachEntry, setEntry } from '@license-ledger/core/internal'
 * let total = 0
 * forEachEntry(setEntry(emptyMap<number>(), 'a', 1), (value) => { total += value }) // total === 1
 */
export const forEachEntry = <V>(map: PersistentMap<V>, fn: (value: V, key: string) => void): void => {
  const b = box(map);
  const root = MapBox.rootOf(b);
  const table = MapBox.tableOf(b);
  if (table === undefined) {
    visit(root, fn);
    return;
  }
  if (root === undefined) {
    table.forEach(fn);
    return;
  }
  visit(root, (value, key) => {
    if (!isRemoved(value)) fn(value, key);
  });
  const seed = MapBox.seedOf(b);
  table.forEach((value, key) => {
    if (lookup(root, hashOf(seed, key), key) === undefined) fn(value, key);
  });
};

/**
 * The shape of a map's trie: its depth and the most keys sharing one full hash
 * (a collision node, searched one by one). A diagnostic for tests: keys chosen
 * to collide would make `largestCollision` grow with their number. Over a
 * table, the trie of what was written since. Not exported from the package.
 */
export const mapShape = <V>(map: PersistentMap<V>): { readonly depth: number; readonly largestCollision: number } => {
  let depth = 0;
  let largestCollision = 0;
  const visitNode = (node: Node<V> | undefined, level: number): void => {
    if (node === undefined) return;
    depth = Math.max(depth, level);
    if (node instanceof Leaf) largestCollision = Math.max(largestCollision, 1);
    else if (node instanceof Collision) largestCollision = Math.max(largestCollision, node.leaves.length);
    else for (let i = FIRST; i < node.length; i++) visitNode(childAt(node, i), level + 1);
  };
  visitNode(rootOf(map), 1);
  return { depth, largestCollision };
};
