import fc from 'fast-check';
import { emptyHeap, heapInsert, heapPeek, heapPop, heapToSortedArray, heapValues } from '../../src/internal';
import { heapFromArray } from '../../src/collections/leftist-heap';

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

describe('heapPop', () => {
  test('popping an empty heap leaves it empty', () => {
    expect(heapPop(emptyHeap<number>(), byNumber).size).toBe(0);
    expect(heapPeek(emptyHeap<number>())).toBeUndefined();
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
