import fc from 'fast-check';
import { emptyHeap, heapInsert, heapPeek, heapPop, heapToSortedArray } from '../../src/internal';

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
