import fc from 'fast-check';
import { emptyHeap, heapFromArray, heapToSortedArray, heapValues } from '../../src/collections/leftist-heap';
import { OverlayHeap } from '../../src/collections/overlay-heap';

const byNumber = (a: number, b: number): number => a - b;

type Op = { kind: 'push'; value: number } | { kind: 'pop' } | { kind: 'commit' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.integer({ min: -50, max: 50 }).map((value) => ({ kind: 'push', value }) as const), weight: 4 },
  { arbitrary: fc.constant({ kind: 'pop' } as const), weight: 3 },
  { arbitrary: fc.constant({ kind: 'commit' } as const), weight: 1 },
);

/** Runs `ops` on `heap` and on `model` (its values, unsorted), checking after each step that they agree. */
const runAgainstModel = (heap: OverlayHeap<number>, model: number[], ops: readonly Op[]): void => {
  for (const step of ops) {
    if (step.kind === 'push') {
      heap.push(step.value);
      model.push(step.value);
    } else if (step.kind === 'pop') {
      model.sort(byNumber);
      expect(heap.pop()).toBe(model.shift());
    } else {
      const committed = heap.commit();
      expect(committed.size).toBe(model.length);
      expect(heapToSortedArray(committed, byNumber)).toEqual([...model].sort(byNumber));
    }
    expect(heap.size).toBe(model.length);
    expect(heap.peek()).toBe(model.length === 0 ? undefined : Math.min(...model));
  }
};

describe('OverlayHeap', () => {
  test('pops the least value first, over a persistent base and pushes, across commits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.array(op, { maxLength: 200 }), (initial, ops) => {
        runAgainstModel(new OverlayHeap(heapFromArray(initial, byNumber), byNumber), [...initial], ops);
      }),
    );
  });

  test('values adopted as its own pop least first, as if each had been pushed, and commit into one persistent heap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.array(op, { maxLength: 100 }), (initial, ops) => {
        const heap = new OverlayHeap(emptyHeap<number>(), byNumber);
        heap.adoptOwn([...initial]);
        const model = [...initial];
        expect(heap.size).toBe(model.length);
        runAgainstModel(heap, model, ops);
        expect(heapToSortedArray(heap.commit(), byNumber)).toEqual([...model].sort(byNumber));
      }),
    );
    const over = new OverlayHeap(heapFromArray([1], byNumber), byNumber);
    expect(() => over.adoptOwn([2])).toThrow('adoptOwn onto values');
  });

  test('undo puts back exactly what there was at mark, whatever was pushed and popped since; keep keeps it', () => {
    const step = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant('pop' as const));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.array(step, { maxLength: 30 }),
        fc.array(step, { maxLength: 30 }),
        fc.boolean(),
        (initial, before, during, keep) => {
          const heap = new OverlayHeap(heapFromArray(initial, byNumber), byNumber, (n) => n);
          const apply = (steps: ReadonlyArray<number | 'pop'>): void => {
            for (const s of steps)
              if (s === 'pop') heap.pop();
              else heap.push(s);
          };
          apply(before);
          const atMark = heap.values().sort(byNumber);
          heap.mark();
          apply(during);
          const afterDuring = heap.values().sort(byNumber);
          if (keep) heap.keep();
          else heap.undo();
          expect(heap.values().sort(byNumber)).toEqual(keep ? afterDuring : atMark);
          // Still a heap: pops come out sorted.
          const popped: number[] = [];
          for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(v);
          expect(popped).toEqual(keep ? afterDuring : atMark);
        },
      ),
    );
  });

  test('purge takes out the picked values pushed since the last commit, never the persistent ones, and nothing while recording', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.array(fc.integer({ min: -50, max: 50 })),
        (initial, pushed) => {
          const heap = new OverlayHeap(heapFromArray(initial, byNumber), byNumber, (n) => n);
          for (const n of pushed) heap.push(n);
          const even = (n: number): boolean => n % 2 === 0;
          heap.mark();
          expect(heap.purge(even)).toBe(0);
          heap.keep();
          expect(heap.purge(even)).toBe(pushed.filter(even).length);
          const kept = [...initial, ...pushed.filter((n) => !even(n))].sort(byNumber);
          expect(heap.values().sort(byNumber)).toEqual(kept);
          expect(heapToSortedArray(heap.commit(), byNumber)).toEqual(kept);
        },
      ),
    );
  });

  test('after many pops off its persistent base, mark moves the base into the binary heap: pops stay in order, undo and commit stay exact, and the base is unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 20, maxLength: 200 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }),
        fc.boolean(),
        (initial, pushed, keep) => {
          const base = heapFromArray(initial, byNumber);
          const heap = new OverlayHeap(base, byNumber, (n) => n);
          const sorted = [...initial].sort(byNumber);
          // Half the base popped: far past log2(n) pops per value moved.
          const half = sorted.length >> 1;
          for (let i = 0; i < half; i++) expect(heap.pop()).toBe(sorted[i]);
          for (const value of pushed) heap.push(value);
          heap.mark();
          const atMark = [...sorted.slice(half), ...pushed].sort(byNumber);
          expect(heap.values().sort(byNumber)).toEqual(atMark);
          heap.pop();
          heap.push(5000);
          if (keep) heap.keep();
          else heap.undo();
          const expected = keep ? [...atMark.slice(1), 5000] : atMark;
          expect(heapToSortedArray(heap.commit(), byNumber)).toEqual(expected);
          const popped: number[] = [];
          for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(v);
          expect(popped).toEqual(expected);
          expect(heapToSortedArray(base, byNumber)).toEqual(sorted);
        },
      ),
    );
  });

  test('a commit leaves the heaps it returned before unchanged (they are persistent)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), fc.nat(20), (initial, pushed, pops) => {
        const heap = new OverlayHeap(heapFromArray(initial, byNumber), byNumber);
        const before = heap.commit();
        const held = [...heapValues(before)].sort(byNumber);
        for (const value of pushed) heap.push(value);
        for (let i = 0; i < pops; i++) heap.pop();
        heap.commit();
        expect([...heapValues(before)].sort(byNumber)).toEqual(held);
      }),
    );
  });

  test('commits a few pushes onto a large heap and many pushes onto a small one alike', () => {
    const large = new OverlayHeap(heapFromArray([...Array(1000).keys()], byNumber), byNumber);
    large.push(-1);
    const small = new OverlayHeap(emptyHeap<number>(), byNumber);
    for (let i = 999; i >= -1; i--) small.push(i);
    expect(heapToSortedArray(large.commit(), byNumber)).toEqual(heapToSortedArray(small.commit(), byNumber));
  });
});
