import fc from 'fast-check';
import { BinaryHeap } from '../../src/collections/binary-heap';

const byNumber = (a: number, b: number): number => a - b;

const drain = <T>(heap: BinaryHeap<T>): T[] => {
  const out: T[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
  return out;
};

describe('BinaryHeap', () => {
  test('pops in sorted order whatever the initial values and the pushes between pops', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.option(fc.integer(), { nil: undefined })), (initial, ops) => {
        const heap = new BinaryHeap(initial, byNumber);
        const model = [...initial];
        for (const op of ops) {
          if (op === undefined) {
            model.sort(byNumber);
            expect(heap.pop()).toBe(model.shift());
          } else {
            heap.push(op);
            model.push(op);
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()).toBe(model.length === 0 ? undefined : Math.min(...model));
        }
        expect(drain(heap)).toEqual(model.sort(byNumber));
      }),
    );
  });

  test('does not change the array it was built from', () => {
    const values = [3, 1, 2];
    drain(new BinaryHeap(values, byNumber));
    expect(values).toEqual([3, 1, 2]);
  });

  test('an empty heap peeks and pops undefined', () => {
    const heap = new BinaryHeap<number>([], byNumber);
    expect([heap.size, heap.peek(), heap.pop()]).toEqual([0, undefined, undefined]);
  });
});
