/**
 * A keyed string hash for the ledger's hash tables (the persistent maps and the
 * id table), so that keys chosen by whoever writes the audit log cannot be made
 * to collide (hash flooding: 65 536 ids sharing one hash made a replay quadratic).
 *
 * The hash is HalfSipHash-1-3 (SipHash's 32-bit variant) over the key's UTF-16
 * code units, two to a word. Without its 64-bit key an attacker cannot tell
 * which keys collide. The key is data handed to the core: the core reads no
 * clock and draws no random number; the edge (the command, or a program that
 * replays logs it does not trust) draws one, e.g. with `randomHashSeed()` from
 * `@license-ledger/core/node`. Without one, {@link DEFAULT_HASH_SEED} is used:
 * fixed and public, so only for logs you trust.
 *
 * @since 0.2.0
 */

/**
 * The 64-bit key of the hash, as two 32-bit halves.
 *
 * @since 0.2.0
 */
export interface HashSeed {
  readonly k0: number;
  readonly k1: number;
}

/**
 * A seed from two 32-bit numbers (any integers; only their low 32 bits count).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { hashSeedOf } from '@license-ledger/core'
 * assert.deepStrictEqual(hashSeedOf(0x01234567, 0x89abcdef).k0, 0x01234567)
 */
export const hashSeedOf = (k0: number, k1: number): HashSeed => Object.freeze({ k0: k0 | 0, k1: k1 | 0 });

/**
 * The seed used when none is given: fixed, so it protects nothing against a log
 * written to collide. Replays of untrusted logs pass a random one (`hashSeed`
 * of `emptyLedger` and `replay`).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DEFAULT_HASH_SEED } from '@license-ledger/core'
 * assert.deepStrictEqual(DEFAULT_HASH_SEED.k0, 0x736f6d65)
 */
export const DEFAULT_HASH_SEED: HashSeed = hashSeedOf(0x736f6d65, 0x646f7261);

const rotl = (x: number, b: number): number => (x << b) | (x >>> (32 - b));

/**
 * HalfSipHash-1-3 of `key` under `seed`: an unsigned 32-bit integer. The
 * message is the key's UTF-16 code units, two per 32-bit word, with the length
 * in the last word's top byte, as SipHash pads.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DEFAULT_HASH_SEED, hashSeedOf } from '@license-ledger/core'
 * import { keyedHash } from '@license-ledger/core/internal'
 * assert.equal(keyedHash(DEFAULT_HASH_SEED, 'e1'), keyedHash(DEFAULT_HASH_SEED, 'e1'))
 * assert.notEqual(keyedHash(hashSeedOf(7, 11), 'e1'), keyedHash(DEFAULT_HASH_SEED, 'e1'))
 */
export const keyedHash = (seed: HashSeed, key: string): number => keyedHashInt32(seed, key) >>> 0;

/**
 * {@link keyedHash} as a signed 32-bit integer (the same bits): a small
 * integer wherever it goes, where an unsigned hash of 2^31 or more is a heap
 * number made per call — what the tries hash every key they look up with.
 *
 * @since 0.4.0
 */
export const keyedHashInt32 = (seed: HashSeed, key: string): number => {
  let v0 = seed.k0;
  let v1 = seed.k1;
  let v2 = 0x6c796765 ^ seed.k0;
  let v3 = 0x74656462 ^ seed.k1;
  const n = key.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const m = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16);
    v3 ^= m;
    v0 = (v0 + v1) | 0;
    v1 = rotl(v1, 5);
    v1 ^= v0;
    v0 = rotl(v0, 16);
    v2 = (v2 + v3) | 0;
    v3 = rotl(v3, 8);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = rotl(v3, 7);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = rotl(v1, 13);
    v1 ^= v2;
    v2 = rotl(v2, 16);
    v0 ^= m;
  }
  const m = ((n * 2) << 24) | (i < n ? key.charCodeAt(i) : 0);
  v3 ^= m;
  v0 = (v0 + v1) | 0;
  v1 = rotl(v1, 5);
  v1 ^= v0;
  v0 = rotl(v0, 16);
  v2 = (v2 + v3) | 0;
  v3 = rotl(v3, 8);
  v3 ^= v2;
  v0 = (v0 + v3) | 0;
  v3 = rotl(v3, 7);
  v3 ^= v0;
  v2 = (v2 + v1) | 0;
  v1 = rotl(v1, 13);
  v1 ^= v2;
  v2 = rotl(v2, 16);
  v0 ^= m;
  v2 ^= 0xff;
  for (let r = 0; r < 3; r++) {
    v0 = (v0 + v1) | 0;
    v1 = rotl(v1, 5);
    v1 ^= v0;
    v0 = rotl(v0, 16);
    v2 = (v2 + v3) | 0;
    v3 = rotl(v3, 8);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = rotl(v3, 7);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = rotl(v1, 13);
    v1 ^= v2;
    v2 = rotl(v2, 16);
  }
  return v1 ^ v3;
};

/**
 * {@link keyedHashInt32} (the same bits as {@link keyedHash}, signed) of the
 * string whose UTF-16 code units are `bytes[start..end)` (a Latin-1 string: every
 * code unit below 0x100), without making the string: what the id table re-hashes
 * its ids with when it grows or is read from a snapshot. Signed, because a hash
 * of 2^31 or more returned unsigned is a heap number made per call (20.7 B per
 * event of `report` on the 1M-event log: docs/performance.md, "Sixteenth session").
 *
 * It repeats {@link keyedHash}'s rounds on purpose (the values are pinned by a
 * test, and a property test checks the two agree). Measured on 300 000 ids,
 * best of 7: one round function over a shared `Int32Array` state made the
 * string hash 1.6× slower (30 → 48–55 ns), and this hash run on a string made
 * from the bytes costs 80–130 ns against 29 ns; `keyedHash` runs on every
 * map lookup and write.
 *
 * @since 0.6.0
 */
export const keyedHashOfBytesInt32 = (seed: HashSeed, bytes: Uint8Array, start: number, end: number): number => {
  let v0 = seed.k0;
  let v1 = seed.k1;
  let v2 = 0x6c796765 ^ seed.k0;
  let v3 = 0x74656462 ^ seed.k1;
  const n = end - start;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const m = (bytes[i] as number) | ((bytes[i + 1] as number) << 16);
    v3 ^= m;
    v0 = (v0 + v1) | 0;
    v1 = rotl(v1, 5);
    v1 ^= v0;
    v0 = rotl(v0, 16);
    v2 = (v2 + v3) | 0;
    v3 = rotl(v3, 8);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = rotl(v3, 7);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = rotl(v1, 13);
    v1 ^= v2;
    v2 = rotl(v2, 16);
    v0 ^= m;
  }
  const m = ((n * 2) << 24) | (i < end ? (bytes[i] as number) : 0);
  v3 ^= m;
  v0 = (v0 + v1) | 0;
  v1 = rotl(v1, 5);
  v1 ^= v0;
  v0 = rotl(v0, 16);
  v2 = (v2 + v3) | 0;
  v3 = rotl(v3, 8);
  v3 ^= v2;
  v0 = (v0 + v3) | 0;
  v3 = rotl(v3, 7);
  v3 ^= v0;
  v2 = (v2 + v1) | 0;
  v1 = rotl(v1, 13);
  v1 ^= v2;
  v2 = rotl(v2, 16);
  v0 ^= m;
  v2 ^= 0xff;
  for (let r = 0; r < 3; r++) {
    v0 = (v0 + v1) | 0;
    v1 = rotl(v1, 5);
    v1 ^= v0;
    v0 = rotl(v0, 16);
    v2 = (v2 + v3) | 0;
    v3 = rotl(v3, 8);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = rotl(v3, 7);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = rotl(v1, 13);
    v1 ^= v2;
    v2 = rotl(v2, 16);
  }
  return v1 ^ v3;
};
