import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { bodyDigestWords, digestShape } from '../../src/ledger/body-digest';
import { PADDING_ROOM, sha256OfBytes } from '../../src/ledger/sha256';
import { fastestSha256Into } from '../../src/node/native-sha256';

/** Lengths around SHA-256's padding edges (55/56 bytes fit one block's padding or not, 64 a block), and longer. */
const edgeLength = fc.oneof(
  fc.constantFrom(0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129),
  fc.integer({ min: 0, max: 400 }),
);

/** The first four words `sha256` gives for `data`, each hash on its own copy (the JavaScript one pads in place). */
const firstWords = (sha256: typeof fastestSha256Into, data: Uint8Array): number[] => {
  const bytes = new Uint8Array(data.length + PADDING_ROOM);
  bytes.set(data);
  const out = new Int32Array(8);
  sha256(bytes, data.length, out);
  return Array.from(out.subarray(0, 4));
};

/** The first four words of the reference SHA-256 (`createHash`), big-endian and signed. */
const referenceWords = (data: Uint8Array): number[] => {
  const digest = crypto.createHash('sha256').update(data).digest();
  return [0, 4, 8, 12].map((at) => digest.readInt32BE(at));
};

describe('fastestSha256Into', () => {
  test(`R-L5: gives the core's JavaScript SHA-256 words for any bytes, at and around the padding edges`, () => {
    const data = edgeLength.chain((length) => fc.uint8Array({ minLength: length, maxLength: length }));
    fc.assert(
      fc.property(data, (bytes) => {
        const words = firstWords(fastestSha256Into, bytes);
        expect(words).toEqual(firstWords(sha256OfBytes, bytes));
        expect(words).toEqual(referenceWords(bytes));
      }),
    );
  });

  test(`R-L5: a flat event's body digest is the same words with it as with the core's JavaScript SHA-256: non-ASCII, lone surrogates, long strings`, () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 50, maxLength: 300 }),
      fc.constantFrom('é', '🙂', '\ud800', 'x\udfff', '"\\\u0000'),
      // Bodies of 55, 56, 64 bytes and near: `{"a":"…",}` is 9 bytes of frame around the value.
      fc.integer({ min: 40, max: 130 }).map((length) => 'x'.repeat(length)),
    );
    const value = fc.oneof(text, fc.integer(), fc.maxSafeInteger(), fc.double(), fc.boolean(), fc.constant(null));
    const native = new Int32Array(4);
    const javaScript = new Int32Array(4);
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 10 }), (event) => {
        const shape = digestShape(Object.keys(event));
        bodyDigestWords(event, shape, native, fastestSha256Into);
        bodyDigestWords(event, shape, javaScript);
        expect(native).toEqual(javaScript);
      }),
    );
  });

  test('is Node’s native SHA-256 on a Node with crypto.hash, the core’s JavaScript one without', () => {
    const hasOneShotHash = typeof (crypto as { hash?: unknown }).hash === 'function';
    expect(fastestSha256Into === sha256OfBytes).toBe(!hasOneShotHash);
  });
});
