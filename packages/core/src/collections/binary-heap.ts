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
  private readonly items: T[];
  private readonly keys: number[] | undefined;

  constructor(
    values: readonly T[],
    private readonly compare: Compare<T>,
    private readonly keyOf?: (value: T) => number,
  ) {
    this.items = values.slice();
    this.keys = keyOf === undefined ? undefined : this.items.map(keyOf);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Every value, in heap order (not sorted). */
  values(): T[] {
    return this.items.slice();
  }

  /** Every value, in heap order (not sorted); the heap is left empty. */
  drain(): T[] {
    if (this.keys !== undefined) this.keys.length = 0;
    return this.items.splice(0);
  }

  push(value: T): void {
    this.items.push(value);
    if (this.keys !== undefined && this.keyOf !== undefined) this.keys.push(this.keyOf(value));
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    const lastKey = this.keys?.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      if (this.keys !== undefined) this.keys[0] = lastKey as number;
      this.down(0);
    }
    return top;
  }

  /**
   * Takes out every value `drop` picks and puts the rest back in heap order: O(n).
   * The arrays shrink to what is kept. Returns how many values went.
   */
  removeWhere(drop: (value: T) => boolean): number {
    const items = this.items;
    const keys = this.keys;
    let kept = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as T;
      if (drop(item)) continue;
      items[kept] = item;
      if (keys !== undefined) keys[kept] = keys[i] as number;
      kept += 1;
    }
    const removed = items.length - kept;
    if (removed === 0) return 0;
    items.length = kept;
    if (keys !== undefined) keys.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.down(i);
    return removed;
  }

  /** Takes `value` (this very object) out, wherever it is: O(n), for undoing a push. */
  remove(value: T): boolean {
    const at = this.items.lastIndexOf(value);
    if (at === -1) return false;
    const last = this.items.length - 1;
    if (at !== last) this.swap(at, last);
    this.items.pop();
    this.keys?.pop();
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
    items[i] = items[j] as T;
    items[j] = item;
    const keys = this.keys;
    if (keys !== undefined) {
      const key = keys[i] as number;
      keys[i] = keys[j] as number;
      keys[j] = key;
    }
  }

  private down(start: number): void {
    const length = this.items.length;
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
