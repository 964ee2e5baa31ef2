import { BinaryHeap } from './binary-heap';
import {
  type Compare,
  emptyHeap,
  type Heap,
  heapFromArray,
  heapInsert,
  heapPeek,
  heapPop,
  heapValues,
} from './leftist-heap';

/**
 * A persistent heap open for writing by one owner: values pushed since the last
 * {@link OverlayHeap.commit} sit in a mutable binary heap beside the persistent
 * one they were pushed onto, so a push allocates nothing, where a persistent
 * insert copies O(log n) nodes. Pops take the least of the two tops. `commit`
 * builds the persistent heap of everything (pushing each value onto it, or
 * rebuilding it in O(n) when that is cheaper) and goes on from there.
 *
 * The draft of a replay keeps its agenda in one: the agenda is persistent only
 * where a state is handed out.
 */
export class OverlayHeap<T> {
  private added: BinaryHeap<T> | null = null;
  /**
   * Values popped off the persistent heap since the overlay began: once they
   * would have paid for moving it whole into the binary heap (n values, against
   * log2 n nodes made per persistent pop), it is moved there ({@link mark}).
   */
  private basePops = 0;
  /** Since {@link mark}: the persistent heap then, and what to undo in `added` (newest last). */
  private marked: {
    readonly base: Heap<T>;
    readonly undo: Array<{ readonly readd: boolean; readonly value: T }>;
  } | null = null;

  constructor(
    private base: Heap<T>,
    private readonly compare: Compare<T>,
    /** See `BinaryHeap`: a number ordering values as `compare` does where keys differ. */
    private readonly keyOf?: (value: T) => number,
  ) {}

  get size(): number {
    return this.base.size + (this.added === null ? 0 : this.added.size);
  }

  peek(): T | undefined {
    const stored = heapPeek(this.base);
    const added = this.added === null ? undefined : this.added.peek();
    if (added === undefined) return stored;
    if (stored === undefined) return added;
    return this.compare(added, stored) < 0 ? added : stored;
  }

  /** Every value, in no particular order. */
  values(): T[] {
    const stored = heapValues(this.base);
    return this.added === null ? stored : [...stored, ...this.added.values()];
  }

  /** Takes the least value off, if any. */
  pop(): T | undefined {
    const stored = heapPeek(this.base);
    const added = this.added === null ? undefined : this.added.peek();
    if (added !== undefined && (stored === undefined || this.compare(added, stored) < 0)) {
      this.added?.pop();
      this.marked?.undo.push({ readd: true, value: added });
      return added;
    }
    if (stored !== undefined) {
      this.base = heapPop(this.base, this.compare);
      this.basePops += 1;
    }
    return stored;
  }

  /**
   * Takes `values` (in any order) as if each had been pushed: for a heap over
   * an empty persistent one with nothing pushed yet (a state read for a replay
   * that owns it), so no persistent heap is built only to be popped from and
   * taken over. Nothing else may hold `values`.
   */
  adoptOwn(values: T[]): void {
    if (this.base.size !== 0 || this.added !== null) throw new Error('internal: adoptOwn onto values');
    this.added = new BinaryHeap<T>(values, this.compare, this.keyOf);
  }

  push(value: T): void {
    (this.added ??= new BinaryHeap<T>([], this.compare, this.keyOf)).push(value);
    this.marked?.undo.push({ readd: false, value });
  }

  /**
   * Starts recording, so that {@link undo} can put the heap back as it is now
   * (for a write journal): cheap, where a commit would move every pushed value
   * into the persistent heap.
   */
  mark(): void {
    // Not while recording: undo puts the persistent heap back as it was at mark().
    const n = this.base.size;
    if (n > 0 && this.basePops * Math.log2(n + 2) > n) this.takeOverBase();
    this.marked = { base: this.base, undo: [] };
  }

  /**
   * Moves every value of the persistent heap into the binary heap (O(n), once):
   * a replay that pops many values off a state's agenda (a log replayed onto a
   * state read back or handed out before) then pops at no allocation.
   */
  private takeOverBase(): void {
    const values = heapValues(this.base);
    if (this.added !== null) for (const value of this.added.values()) values.push(value);
    this.added = new BinaryHeap<T>(values, this.compare, this.keyOf);
    this.base = emptyHeap<T>();
    this.basePops = 0;
  }

  /** Puts the heap back as it was at {@link mark}, and stops recording. */
  undo(): void {
    const marked = this.marked;
    if (marked === null) return;
    this.marked = null;
    this.base = marked.base;
    for (let i = marked.undo.length - 1; i >= 0; i--) {
      const step = marked.undo[i] as { readonly readd: boolean; readonly value: T };
      if (step.readd) this.push(step.value);
      else this.added?.remove(step.value);
    }
  }

  /**
   * Takes out, of the values pushed since the last {@link commit}, every one
   * `stale` picks: O(those values). Not while recording (returns 0): an undo
   * would look for values no longer there. Returns how many went.
   */
  purge(stale: (value: T) => boolean): number {
    if (this.marked !== null || this.added === null) return 0;
    return this.added.removeWhere(stale);
  }

  /** Keeps what changed since {@link mark}, and stops recording. */
  keep(): void {
    this.marked = null;
  }

  /**
   * The persistent heap of every value; the overlay goes on from it (and stops recording, see {@link mark}).
   * `seal` is called with each value pushed since the last commit (and each the overlay took over) as it
   * joins the persistent heap: values can be frozen there rather than when pushed.
   */
  commit(seal?: (value: T) => void): Heap<T> {
    this.marked = null;
    const added = this.added;
    if (added === null || added.size === 0) return this.base;
    const pushed = added.drain();
    if (seal !== undefined) for (let i = 0; i < pushed.length; i++) seal(pushed[i] as T);
    const n = this.base.size;
    // k persistent inserts cost ~k·log2(n) nodes; a rebuild, n + k.
    if (pushed.length * Math.log2(n + 2) < n + pushed.length) {
      let heap = this.base;
      for (const value of pushed) heap = heapInsert(heap, value, this.compare);
      this.base = heap;
    } else {
      this.base = heapFromArray([...heapValues(this.base), ...pushed], this.compare);
    }
    return this.base;
  }
}
