import type { Compare } from './leftist-heap';

/**
 * A mutable binary min-heap over an array, for scratch work that no one else
 * sees (a forecast): O(n) to build from values, no allocation per push or pop.
 */
export class BinaryHeap<T> {
  private readonly items: T[];

  constructor(
    values: readonly T[],
    private readonly compare: Compare<T>,
  ) {
    this.items = values.slice();
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Every value, in heap order (not sorted); the heap is left empty. */
  drain(): T[] {
    return this.items.splice(0);
  }

  push(value: T): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) >= 0) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(start: number): void {
    const items = this.items;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < items.length && this.compare(items[left] as T, items[least] as T) < 0) least = left;
      if (right < items.length && this.compare(items[right] as T, items[least] as T) < 0) least = right;
      if (least === i) return;
      [items[i], items[least]] = [items[least] as T, items[i] as T];
      i = least;
    }
  }
}
