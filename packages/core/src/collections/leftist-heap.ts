/**
 * A persistent min-heap (leftist heap): insert and pop in O(log n) allocations,
 * every version stays valid. The ledger keeps its time-driven agenda and each
 * pool's queues of partial and unused licenses in these.
 *
 * Like the persistent map, a write may carry an {@link Edit} token (a replay's
 * draft does): nodes and heaps made under a live token are changed in place by
 * later writes with the same token, so a replay's pool queues allocate one node
 * per insert and nothing per pop, where a persistent write copies the O(log n)
 * nodes of one path. They are frozen by {@link sealHeap} when a state holding
 * them is handed out, and the token is retired then: nothing is written again.
 *
 * @since 0.1.0
 */

import type { Edit } from './persistent-map';

interface HeapNode<T> {
  readonly rank: number;
  readonly value: T;
  readonly left: HeapNode<T> | null;
  readonly right: HeapNode<T> | null;
}

/**
 * An immutable priority queue (a leftist heap), as the ledger state holds its due time-driven changes. Its functions are in the unstable `@license-ledger/core/internal` entry point.
 *
 * @since 0.1.0
 */
export interface Heap<T> {
  readonly size: number;
  /** @internal */
  readonly root: HeapNode<T> | null;
}

/** A total order: negative when `a` comes first. @since 0.1.0 */
export type Compare<T> = (a: T, b: T) => number;

/**
 * What writes under a token may change in place: what was made under it while
 * it is live. The token is a private field, so no key, spread or `toEqual` sees it.
 */
class Owned {
  readonly #owner: Edit | null;

  constructor(owner: Edit | null) {
    this.#owner = owner;
  }

  static writable(made: Owned, edit: Edit | null): boolean {
    return edit !== null && made.#owner === edit && edit.live;
  }
}

/** A node: frozen when made without a token, else by {@link sealHeap}. */
class Node<T> extends Owned implements HeapNode<T> {
  constructor(
    public rank: number,
    readonly value: T,
    public left: Node<T> | null,
    public right: Node<T> | null,
    owner: Edit | null,
  ) {
    super(owner);
    if (owner === null) Object.freeze(this);
  }
}

/** A heap: its size and root, frozen like its nodes. */
class Box<T> extends Owned implements Heap<T> {
  constructor(
    public size: number,
    public root: Node<T> | null,
    owner: Edit | null,
  ) {
    super(owner);
    if (owner === null) Object.freeze(this);
  }
}

const EMPTY: Heap<never> = new Box<never>(0, null, null);

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(emptyHeap<number>().size, 0)
 */
export const emptyHeap = <T>(): Heap<T> => EMPTY;

const rankOf = <T>(node: Node<T> | null): number => (node === null ? 0 : node.rank);

/** A new node of `value` over `a` and `b`, the one of higher rank on the left (leftist). */
const node = <T>(value: T, a: Node<T> | null, b: Node<T> | null, edit: Edit | null): Node<T> =>
  rankOf(a) >= rankOf(b) ? new Node(rankOf(b) + 1, value, a, b, edit) : new Node(rankOf(a) + 1, value, b, a, edit);

const merge = <T>(a: Node<T> | null, b: Node<T> | null, compare: Compare<T>, edit: Edit | null): Node<T> | null => {
  if (a === null) return b;
  if (b === null) return a;
  const bFirst = compare(b.value, a.value) < 0;
  const top = bFirst ? b : a;
  const right = merge(top.right, bFirst ? a : b, compare, edit);
  if (!Owned.writable(top, edit)) return node(top.value, top.left, right, edit);
  // The same node `node` would make, written over `top`.
  const left = top.left;
  if (rankOf(left) >= rankOf(right)) {
    top.right = right;
  } else {
    top.left = right;
    top.right = left;
  }
  top.rank = rankOf(top.right) + 1;
  return top;
};

/** The heap of `size` values under `root`: `heap` itself when `edit` may write it. */
const boxed = <T>(heap: Heap<T>, size: number, root: Node<T> | null, edit: Edit | null): Heap<T> => {
  if (!Owned.writable(heap as Box<T>, edit)) return new Box(size, root, edit);
  const box = heap as Box<T>;
  box.size = size;
  box.root = root;
  return box;
};

/**
 * Freezes what writes under a token made of `heap` (its box and the nodes not
 * yet frozen): called when a state holding it is handed out, just before the
 * token is retired. O(nodes made since the last seal): a frozen node was sealed
 * with everything under it. `sealValue`, if given, is called on the value of
 * each node sealed now (values nothing else seals), from 0.6.0.
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapInsert, newEdit, sealHeap } from '@license-ledger/core/internal'
 * const heap = heapInsert(emptyHeap<number>(), 1, (a, b) => a - b, newEdit())
 * sealHeap(heap)
 * assert.ok(Object.isFrozen(heap))
 */
export const sealHeap = <T>(heap: Heap<T>, sealValue?: (value: T) => void): void => {
  if (Object.isFrozen(heap)) return;
  Object.freeze(heap);
  const stack: HeapNode<T>[] = heap.root === null || Object.isFrozen(heap.root) ? [] : [heap.root];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    Object.freeze(next);
    if (sealValue !== undefined) sealValue(next.value);
    if (next.left !== null && !Object.isFrozen(next.left)) stack.push(next.left);
    if (next.right !== null && !Object.isFrozen(next.right)) stack.push(next.right);
  }
};

/**
 * A heap of `values` in O(n): the array is heapified in place of a copy (Floyd's
 * method) and laid out as a complete binary tree, which is leftist, one node per
 * value. The heap `heapInsert` one value at a time would give holds the same
 * values in the same pop order (for a total order), at O(n log n) nodes.
 *
 * @since 0.2.0
 */
export const heapFromArray = <T>(values: readonly T[], compare: Compare<T>): Heap<T> => {
  const a = values.slice();
  const n = a.length;
  for (let i = (n >> 1) - 1; i >= 0; i--) {
    // Sift a[i] down.
    let at = i;
    const value = a[at] as T;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && compare(a[child + 1] as T, a[child] as T) < 0) child += 1;
      if (compare(a[child] as T, value) >= 0) break;
      a[at] = a[child] as T;
      at = child;
    }
    a[at] = value;
  }
  const nodes = new Array<Node<T> | null>(n);
  for (let i = n - 1; i >= 0; i--) {
    const left = 2 * i + 1 < n ? (nodes[2 * i + 1] ?? null) : null;
    const right = 2 * i + 2 < n ? (nodes[2 * i + 2] ?? null) : null;
    nodes[i] = node(a[i] as T, left, right, null);
  }
  return new Box(n, n === 0 ? null : (nodes[0] as Node<T>), null);
};

/**
 * `heap` with `value` added; under a live `edit`, what it made under that token is written in place.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapInsert } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(heapInsert(emptyHeap<number>(), 1, (a, b) => a - b).size, 1)
 */
export const heapInsert = <T>(heap: Heap<T>, value: T, compare: Compare<T>, edit: Edit | null = null): Heap<T> =>
  boxed(
    heap,
    heap.size + 1,
    merge(heap.root as Node<T> | null, new Node(1, value, null, null, edit), compare, edit),
    edit,
  );

/**
 * The least value, or undefined when empty.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapPeek } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(heapPeek(emptyHeap<number>()), undefined)
 */
export const heapPeek = <T>(heap: Heap<T>): T | undefined => (heap.root === null ? undefined : heap.root.value);

/**
 * The heap without its least value; under a live `edit`, what it made under that token is written in place.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapPop } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(heapPop(emptyHeap<number>(), (a, b) => a - b).size, 0)
 */
export const heapPop = <T>(heap: Heap<T>, compare: Compare<T>, edit: Edit | null = null): Heap<T> => {
  const root = heap.root as Node<T> | null;
  return root === null ? heap : boxed(heap, heap.size - 1, merge(root.left, root.right, compare, edit), edit);
};

/**
 * All values, least first (O(n log n); for explanations and tests).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapToSortedArray } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(heapToSortedArray(emptyHeap<number>(), (a, b) => a - b), [])
 */
export const heapToSortedArray = <T>(heap: Heap<T>, compare: Compare<T>): T[] => {
  const out: T[] = [];
  let rest = heap;
  for (let v = heapPeek(rest); v !== undefined; v = heapPeek(rest)) {
    out.push(v);
    rest = heapPop(rest, compare);
  }
  return out;
};

/**
 * Every value, in no particular order (O(n), no allocation per value beyond the array).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHeap, heapValues } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(heapValues(emptyHeap<number>()), [])
 */
export const heapValues = <T>(heap: Heap<T>): T[] => {
  const out: T[] = [];
  forEachHeapValue(heap, (value) => out.push(value));
  return out;
};

/**
 * Calls `visit` with every value of `heap`, in the order {@link heapValues} lists
 * them (no particular order), without making a list of them.
 *
 * @since 0.6.0
 */
export const forEachHeapValue = <T>(heap: Heap<T>, visit: (value: T) => void): void => {
  const stack: HeapNode<T>[] = heap.root === null ? [] : [heap.root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node.value);
    if (node.left !== null) stack.push(node.left);
    if (node.right !== null) stack.push(node.right);
  }
};
