import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { emptyLedger, fromSnapshot, replayerFromSnapshot, toSnapshot } from '../../src/index';
import { fastestCrc32 } from '../../src/node/index';
import { crc32 } from '../../src/snapshot/crc32';

describe('fastestCrc32', () => {
  test(`gives the core's CRC-32 for any bytes, from none to more than the core's three-part threshold`, () => {
    // Lengths drawn first: fast-check keeps arrays short by default, and the core's CRC changes its way at 4 KiB.
    const bytes = fc
      .oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 4000, max: 9000 }))
      .chain((length) => fc.uint8Array({ minLength: length, maxLength: length }));
    fc.assert(
      fc.property(bytes, (data) => {
        expect(fastestCrc32(data)).toBe(crc32(data));
      }),
    );
    expect(fastestCrc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  test('checks a view into a larger buffer by its own bytes only', () => {
    const buffer = new Uint8Array(64).map((_, k) => k * 7);
    const view = buffer.subarray(5, 50);
    expect(fastestCrc32(view)).toBe(crc32(view.slice()));
  });

  test('toSnapshot writes the same bytes with it; fromSnapshot and replayerFromSnapshot read them with it', () => {
    const bytes = toSnapshot(emptyLedger(), { crc32: fastestCrc32 });
    expect(bytes).toEqual(toSnapshot(emptyLedger()));
    expect(E.isRight(fromSnapshot(bytes, { crc32: fastestCrc32 }))).toBe(true);
    expect(E.isRight(replayerFromSnapshot(bytes, { crc32: fastestCrc32 }))).toBe(true);
    const damaged = bytes.slice();
    damaged[damaged.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(fromSnapshot(damaged, { crc32: fastestCrc32 })).toEqual(
      E.left(expect.objectContaining({ kind: 'checksum' })),
    );
  });
});
