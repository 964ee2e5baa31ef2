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

  test('with keys (a number ordering values where keys differ, compare breaking ties) pops in the same order', () => {
    type V = { readonly at: number; readonly tie: number };
    const byAtThenTie = (a: V, b: V): number => a.at - b.at || a.tie - b.tie;
    const value = fc.record({ at: fc.integer({ min: 0, max: 5 }), tie: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(value), fc.array(fc.option(value, { nil: undefined })), (initial, ops) => {
        const keyed = new BinaryHeap(initial, byAtThenTie, (v) => v.at);
        const plain = new BinaryHeap(initial, byAtThenTie);
        for (const op of ops) {
          if (op === undefined) expect(keyed.pop()).toEqual(plain.pop());
          else {
            keyed.push(op);
            plain.push(op);
          }
          expect(keyed.peek()).toEqual(plain.peek());
        }
        expect(drain(keyed)).toEqual(drain(plain));
      }),
    );
  });

  test('remove takes out that very value and the rest still pops in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1 }), fc.nat(), (values, pick) => {
        const boxes = values.map((n) => ({ n }));
        const heap = new BinaryHeap(
          boxes,
          (a, b) => a.n - b.n,
          (box) => box.n,
        );
        const gone = boxes[pick % boxes.length] as { n: number };
        expect(heap.remove(gone)).toBe(true);
        expect(heap.remove({ n: gone.n })).toBe(false); // an equal value is not that value
        expect(heap.values()).not.toContain(gone);
        expect(drain(heap).map((box) => box.n)).toEqual(
          boxes
            .filter((box) => box !== gone)
            .map((box) => box.n)
            .sort((a, b) => a - b),
        );
      }),
    );
  });

  test('removeWhere takes out the values picked, keys and all, and the rest still pops in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 })),
        fc.array(fc.integer({ min: 0, max: 20 })),
        fc.integer({ min: 1, max: 4 }),
        (initial, pushed, modulus) => {
          const boxes = initial.map((n) => ({ n }));
          const heap = new BinaryHeap(
            boxes,
            (a, b) => a.n - b.n,
            (box) => box.n,
          );
          for (const n of pushed) heap.push({ n });
          const all = heap.values();
          const drop = (box: { n: number }): boolean => box.n % modulus === 0;
          expect(heap.removeWhere(drop)).toBe(all.filter(drop).length);
          expect(heap.size).toBe(all.length - all.filter(drop).length);
          heap.push({ n: 7 });
          expect(drain(heap).map((box) => box.n)).toEqual(
            [...all.filter((box) => !drop(box)).map((box) => box.n), 7].sort((a, b) => a - b),
          );
        },
      ),
    );
  });

  test('any mix of push, pop, remove and removeWhere keeps the values a sorted list keeps (room is reused, never read)', () => {
    type Op = { push: number } | { pop: true } | { remove: number } | { removeAbove: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 30 }) }),
      fc.constant({ pop: true as const }),
      fc.record({ remove: fc.nat() }),
      fc.record({ removeAbove: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 })), fc.array(op, { maxLength: 80 }), (initial, ops) => {
        const boxes = initial.map((n) => ({ n }));
        const heap = new BinaryHeap(
          boxes,
          (a, b) => a.n - b.n,
          (box) => box.n,
        );
        let model = [...boxes];
        for (const step of ops) {
          if ('push' in step) {
            const box = { n: step.push };
            heap.push(box);
            model.push(box);
          } else if ('pop' in step) {
            const least = model.reduce<{ n: number } | undefined>(
              (a, b) => (a === undefined || b.n < a.n ? b : a),
              undefined,
            );
            const popped = heap.pop();
            expect(popped?.n).toBe(least?.n);
            model = model.filter((box) => box !== popped);
          } else if ('remove' in step) {
            const box = model[step.remove % Math.max(1, model.length)];
            expect(heap.remove(box ?? { n: -1 })).toBe(box !== undefined);
            model = model.filter((other) => other !== box);
          } else {
            const drop = (box: { n: number }): boolean => box.n > step.removeAbove;
            expect(heap.removeWhere(drop)).toBe(model.filter(drop).length);
            model = model.filter((box) => !drop(box));
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()?.n).toBe(model.length === 0 ? undefined : Math.min(...model.map((box) => box.n)));
          expect(new Set(heap.values())).toEqual(new Set(model));
        }
        expect(drain(heap).map((box) => box.n)).toEqual(model.map((box) => box.n).sort((a, b) => a - b));
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
