import fc from 'fast-check';
import { emptyHeap, heapInsert, heapPeek, heapPop, heapToSortedArray, heapValues } from '../../src/internal';
import { forEachHeapValue } from '../../src/collections/leftist-heap';
import { type Heap, heapFromArray, sealHeap } from '../../src/collections/leftist-heap';
import { type Edit, newEdit, retireEdit } from '../../src/collections/persistent-map';

const byNumber = (a: number, b: number) => a - b;

describe('heapInsert', () => {
  test(`pops in sorted order whatever the insertion order`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const heap = values.reduce((h, v) => heapInsert(h, v, byNumber), emptyHeap<number>());
        expect(heap.size).toBe(values.length);
        expect(heapToSortedArray(heap, byNumber)).toEqual([...values].sort(byNumber));
      }),
    );
  });

  test(`every version stays valid after later pops`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), (values) => {
        const heap = values.reduce((h, v) => heapInsert(h, v, byNumber), emptyHeap<number>());
        const popped = heapPop(heap, byNumber);
        expect(heapPeek(heap)).toBe(Math.min(...values));
        expect(popped.size).toBe(values.length - 1);
      }),
    );
  });
});

/** A write to a heap: insert a value, pop the least, or hand the heap out (seal it, retire the token, go on under a new one). */
type HeapStep = { readonly insert: number } | { readonly pop: true } | { readonly handOut: boolean };

const heapStep: fc.Arbitrary<HeapStep> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }).map((insert) => ({ insert })) },
  { weight: 3, arbitrary: fc.constant({ pop: true as const }) },
  // handOut false: a new token without sealing, as a draft's journal takes one (the versions before stay valid).
  { weight: 1, arbitrary: fc.boolean().map((handOut) => ({ handOut })) },
);

/** Whether every node's rank is its right child's plus one, and no left child ranks below its sibling (O(log n) writes). */
const leftist = (heap: Heap<number>): boolean => {
  const rank = (node: Heap<number>['root']): number => (node === null ? 0 : node.rank);
  const nodes = heap.root === null ? [] : [heap.root];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    if (rank(node.left) < rank(node.right) || node.rank !== rank(node.right) + 1) return false;
    if (node.left !== null) nodes.push(node.left);
    if (node.right !== null) nodes.push(node.right);
  }
  return true;
};

describe('heapInsert and heapPop under an edit', () => {
  test('pop what persistent writes would, and every version handed out or left under an older token stays as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.array(heapStep, { maxLength: 80 }),
        (start, steps) => {
          let edit: Edit = newEdit();
          let heap: Heap<number> = heapFromArray(start, byNumber);
          let model = [...start];
          const versions: Array<{ readonly heap: Heap<number>; readonly sorted: number[] }> = [];
          for (const step of steps) {
            if ('insert' in step) {
              heap = heapInsert(heap, step.insert, byNumber, edit);
              model.push(step.insert);
            } else if ('pop' in step) {
              const least = heapPeek(heap);
              heap = heapPop(heap, byNumber, edit);
              model.sort(byNumber);
              expect(least).toBe(model[0]);
              model = model.slice(1);
            } else {
              if (step.handOut) sealHeap(heap);
              versions.push({ heap, sorted: [...model].sort(byNumber) });
              if (step.handOut) retireEdit(edit);
              edit = newEdit();
            }
            expect(heap.size).toBe(model.length);
            expect(leftist(heap)).toBe(true);
          }
          expect(heapToSortedArray(heap, byNumber)).toEqual(model.sort(byNumber));
          for (const version of versions) expect(heapToSortedArray(version.heap, byNumber)).toEqual(version.sorted);
        },
      ),
    );
  });
});

/** Whether a heap's box and every node in it are frozen. */
const deeplyFrozen = (heap: Heap<number>): boolean => {
  const nodes = heap.root === null ? [] : [heap.root];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    if (!Object.isFrozen(node)) return false;
    if (node.left !== null) nodes.push(node.left);
    if (node.right !== null) nodes.push(node.right);
  }
  return Object.isFrozen(heap);
};

describe('sealHeap', () => {
  test('F9: freezes the heap and every node written under an edit; a later write under that token, retired, copies', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer(), { minLength: 1 }), (start, more) => {
        const edit = newEdit();
        let heap = heapFromArray(start, byNumber);
        for (const value of more) heap = heapInsert(heap, value, byNumber, edit);
        heap = heapPop(heap, byNumber, edit);
        expect(deeplyFrozen(heap)).toBe(false);
        sealHeap(heap);
        expect(deeplyFrozen(heap)).toBe(true);
        retireEdit(edit);
        const sorted = heapToSortedArray(heap, byNumber);
        const next = heapPop(heapInsert(heap, 0, byNumber, edit), byNumber, edit);
        expect(next).not.toBe(heap);
        expect(heapToSortedArray(heap, byNumber)).toEqual(sorted);
      }),
    );
  });

  test('heaps made without an edit are frozen when made', () => {
    expect(deeplyFrozen(heapInsert(heapFromArray([3, 1, 2], byNumber), 0, byNumber))).toBe(true);
    expect(deeplyFrozen(heapPop(heapFromArray([3, 1, 2], byNumber), byNumber))).toBe(true);
  });
});

describe('heapPop', () => {
  test('popping an empty heap leaves it empty', () => {
    expect(heapPop(emptyHeap<number>(), byNumber).size).toBe(0);
    expect(heapPeek(emptyHeap<number>())).toBeUndefined();
  });
});

describe('forEachHeapValue', () => {
  test('visits every value once, in the order heapValues lists them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const heap = heapFromArray(values, byNumber);
        const visited: number[] = [];
        forEachHeapValue(heap, (value) => visited.push(value));
        expect(visited).toEqual(heapValues(heap));
        expect([...visited].sort(byNumber)).toEqual([...values].sort(byNumber));
      }),
    );
  });
});

describe('heapFromArray', () => {
  test('holds the values heapInsert would, and pops them in the same (sorted) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const heap = heapFromArray(values, byNumber);
        expect(heap.size).toBe(values.length);
        expect(heapToSortedArray(heap, byNumber)).toEqual([...values].sort(byNumber));
        expect(heapValues(heap).sort(byNumber)).toEqual([...values].sort(byNumber));
      }),
    );
  });

  test('leaves its array as it was, and a heap that later inserts and pops keep valid', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), (values, more) => {
        const given = values.slice();
        const heap = heapFromArray(given, byNumber);
        expect(given).toEqual(values);
        const grown = more.reduce((h, v) => heapInsert(h, v, byNumber), heap);
        expect(heapToSortedArray(grown, byNumber)).toEqual([...values, ...more].sort(byNumber));
        expect(heapToSortedArray(heap, byNumber)).toEqual([...values].sort(byNumber));
      }),
    );
  });
});
