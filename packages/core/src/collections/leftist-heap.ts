/**
 * A persistent min-heap (leftist heap): insert and pop in O(log n) allocations,
 * every version stays valid. The ledger keeps its time-driven agenda and each
 * pool's queues of partial and unused licenses in these.
 *
 * @since 0.1.0
 */

interface HeapNode<T> {
  readonly rank: number;
  readonly value: T;
  readonly left: HeapNode<T> | null;
  readonly right: HeapNode<T> | null;
}

/**
 * @since 0.1.0
 * @example
 * import { emptyHeap, heapInsert, heapPeek } from '@license-ledger/core'
 * const byNumber = (a: number, b: number) => a - b
 * heapPeek(heapInsert(heapInsert(emptyHeap<number>(), 3, byNumber), 1, byNumber)) // 1
 */
export interface Heap<T> {
  readonly size: number;
  /** @internal */
  readonly root: HeapNode<T> | null;
}

/** A total order: negative when `a` comes first. @since 0.1.0 @example const c: Compare<number> = (a, b) => a - b */
export type Compare<T> = (a: T, b: T) => number;

const EMPTY: Heap<never> = Object.freeze({ size: 0, root: null });

/** @since 0.1.0 @example emptyHeap<number>().size // 0 */
export const emptyHeap = <T>(): Heap<T> => EMPTY;

const rankOf = <T>(node: HeapNode<T> | null): number => (node === null ? 0 : node.rank);

// Nodes and heaps are frozen when made: nothing reachable from a state can change (they are never written).
const node = <T>(value: T, a: HeapNode<T> | null, b: HeapNode<T> | null): HeapNode<T> =>
  Object.freeze(
    rankOf(a) >= rankOf(b)
      ? { rank: rankOf(b) + 1, value, left: a, right: b }
      : { rank: rankOf(a) + 1, value, left: b, right: a },
  );

const merge = <T>(a: HeapNode<T> | null, b: HeapNode<T> | null, compare: Compare<T>): HeapNode<T> | null => {
  if (a === null) return b;
  if (b === null) return a;
  return compare(b.value, a.value) < 0
    ? node(b.value, b.left, merge(b.right, a, compare))
    : node(a.value, a.left, merge(a.right, b, compare));
};

/**
 * A heap of `values` in O(n): the array is heapified in place of a copy (Floyd's
 * method) and laid out as a complete binary tree, which is leftist, one node per
 * value. The heap `heapInsert` one value at a time would give holds the same
 * values in the same pop order (for a total order), at O(n log n) nodes.
 *
 * @since 0.2.0
 * @example heapPeek(heapFromArray([3, 1, 2], (a, b) => a - b)) // 1
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
  const nodes = new Array<HeapNode<T> | null>(n);
  for (let i = n - 1; i >= 0; i--) {
    const left = 2 * i + 1 < n ? (nodes[2 * i + 1] ?? null) : null;
    const right = 2 * i + 2 < n ? (nodes[2 * i + 2] ?? null) : null;
    nodes[i] = node(a[i] as T, left, right);
  }
  return Object.freeze({ size: n, root: n === 0 ? null : (nodes[0] as HeapNode<T>) });
};

/** @since 0.1.0 @example heapInsert(emptyHeap<number>(), 1, (a, b) => a - b).size // 1 */
export const heapInsert = <T>(heap: Heap<T>, value: T, compare: Compare<T>): Heap<T> =>
  Object.freeze({
    size: heap.size + 1,
    root: merge(heap.root, Object.freeze({ rank: 1, value, left: null, right: null }), compare),
  });

/** The least value, or undefined when empty. @since 0.1.0 @example heapPeek(emptyHeap<number>()) // undefined */
export const heapPeek = <T>(heap: Heap<T>): T | undefined => (heap.root === null ? undefined : heap.root.value);

/** The heap without its least value. @since 0.1.0 @example heapPop(emptyHeap<number>(), (a, b) => a - b).size // 0 */
export const heapPop = <T>(heap: Heap<T>, compare: Compare<T>): Heap<T> =>
  heap.root === null
    ? heap
    : Object.freeze({ size: heap.size - 1, root: merge(heap.root.left, heap.root.right, compare) });

/** All values, least first (O(n log n); for explanations and tests). @since 0.1.0 @example heapToSortedArray(emptyHeap<number>(), (a, b) => a - b) // [] */
export const heapToSortedArray = <T>(heap: Heap<T>, compare: Compare<T>): T[] => {
  const out: T[] = [];
  let rest = heap;
  for (let v = heapPeek(rest); v !== undefined; v = heapPeek(rest)) {
    out.push(v);
    rest = heapPop(rest, compare);
  }
  return out;
};

/** Every value, in no particular order (O(n), no allocation per value beyond the array). @since 0.1.0 @example heapValues(emptyHeap<number>()) // [] */
export const heapValues = <T>(heap: Heap<T>): T[] => {
  const out: T[] = [];
  const stack: HeapNode<T>[] = heap.root === null ? [] : [heap.root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    out.push(node.value);
    if (node.left !== null) stack.push(node.left);
    if (node.right !== null) stack.push(node.right);
  }
  return out;
};
