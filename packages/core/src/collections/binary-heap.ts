import type { Compare } from './leftist-heap';

/**
 * A mutable binary min-heap over an array, for scratch work that no one else
 * sees (a forecast, a replay's agenda): O(n) to build from values, no
 * allocation per push or pop. With `keyOf`, a number that orders values as
 * `compare` does where keys differ (`compare` decides ties), the keys sit in an
 * array of their own: sifting through a large heap reads them there instead of
 * in each value, one memory miss fewer per step.
 */
export class BinaryHeap<T> {
  /**
   * The values in `[0, count)`; the slots past it are `undefined` (values taken out
   * are not kept alive). The arrays never shrink: a heap that is purged or popped
   * down and then grows again fills the room it had instead of growing a new array
   * (a large one is a large object, garbage until the next full collection).
   */
  private readonly items: (T | undefined)[];
  /** Each value's key, in `[0, count)`; past it, stale. */
  private readonly keys: number[] | undefined;
  private count: number;

  constructor(
    values: readonly T[],
    private readonly compare: Compare<T>,
    private readonly keyOf?: (value: T) => number,
  ) {
    this.items = values.slice();
    this.keys = keyOf === undefined ? undefined : values.map(keyOf);
    this.count = values.length;
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.count;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Every value, in heap order (not sorted). */
  values(): T[] {
    return this.items.slice(0, this.count) as T[];
  }

  /** Every value, in heap order (not sorted); the heap is left empty, its arrays too. */
  drain(): T[] {
    const values = this.values();
    this.items.length = 0;
    if (this.keys !== undefined) this.keys.length = 0;
    this.count = 0;
    return values;
  }

  push(value: T): void {
    const at = this.count;
    const keys = this.keys;
    const key = keys === undefined || this.keyOf === undefined ? 0 : this.keyOf(value);
    if (at < this.items.length) {
      this.items[at] = value;
      if (keys !== undefined) keys[at] = key;
    } else {
      this.items.push(value);
      if (keys !== undefined) keys.push(key);
    }
    this.count = at + 1;
    this.up(at);
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = this.count - 1;
    this.count = last;
    if (last > 0) {
      items[0] = items[last];
      if (this.keys !== undefined) this.keys[0] = this.keys[last] as number;
    }
    items[last] = undefined;
    if (last > 1) this.down(0);
    return top;
  }

  /**
   * Takes out every value `drop` picks and puts the rest back in heap order: O(n).
   * Returns how many values went.
   */
  removeWhere(drop: (value: T) => boolean): number {
    const items = this.items;
    const keys = this.keys;
    const count = this.count;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const item = items[i] as T;
      if (drop(item)) continue;
      items[kept] = item;
      if (keys !== undefined) keys[kept] = keys[i] as number;
      kept += 1;
    }
    const removed = count - kept;
    if (removed === 0) return 0;
    items.fill(undefined, kept, count);
    this.count = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.down(i);
    return removed;
  }

  /** Takes `value` (this very object) out, wherever it is: O(n), for undoing a push. */
  remove(value: T): boolean {
    if (this.count === 0) return false;
    const at = this.items.lastIndexOf(value, this.count - 1);
    if (at === -1) return false;
    const last = this.count - 1;
    if (at !== last) this.swap(at, last);
    this.items[last] = undefined;
    this.count = last;
    if (at !== last) {
      this.down(at);
      this.up(at);
    }
    return true;
  }

  private up(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.order(i, parent) >= 0) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Negative when the value at `i` comes before the one at `j`. */
  private order(i: number, j: number): number {
    const keys = this.keys;
    if (keys !== undefined) {
      const difference = (keys[i] as number) - (keys[j] as number);
      if (difference !== 0) return difference;
    }
    return this.compare(this.items[i] as T, this.items[j] as T);
  }

  private swap(i: number, j: number): void {
    const items = this.items;
    const item = items[i] as T;
    items[i] = items[j];
    items[j] = item;
    const keys = this.keys;
    if (keys !== undefined) {
      const key = keys[i] as number;
      keys[i] = keys[j] as number;
      keys[j] = key;
    }
  }

  private down(start: number): void {
    const length = this.count;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < length && this.order(left, least) < 0) least = left;
      if (right < length && this.order(right, least) < 0) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }
}
