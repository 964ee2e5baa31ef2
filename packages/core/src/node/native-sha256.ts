import * as crypto from 'node:crypto';
import type { Sha256Into } from '../ledger/body-digest';
import { sha256OfBytes } from '../ledger/sha256';

/** `crypto.hash` (Node ≥ 20.12 and 21.7), or undefined on an older Node: read, not imported by name, so loading never fails. */
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/** The big-endian signed 32-bit word at `at` of a digest given as a latin1 string (one character per byte). */
const wordAt = (digest: string, at: number): number =>
  (digest.charCodeAt(at) << 24) |
  (digest.charCodeAt(at + 1) << 16) |
  (digest.charCodeAt(at + 2) << 8) |
  digest.charCodeAt(at + 3);

/** Lengths up to this get a view kept for them (a body is ~100–300 bytes); longer ones take a view per call. */
const MAX_VIEWED_LENGTH = 1024;

/**
 * Node's native SHA-256 through `crypto.hash`, the digest read back from a 'binary' (latin1)
 * string: asking for a `Buffer` instead cost ~1.2 µs per 136-byte message (the
 * buffer's allocation) against ~0.5 µs. The view of the first `length` bytes is
 * kept per length, for as long as the same buffer comes (the body digest reuses
 * one): a view made per call cost ~80 ns of the ~0.55 µs. Only the first four
 * words are written.
 */
const nativeSha256Into = (hash: typeof crypto.hash): Sha256Into => {
  let viewed: Uint8Array | undefined;
  let views: Uint8Array[] = [];
  const view = (bytes: Uint8Array, length: number): Uint8Array => {
    if (length > MAX_VIEWED_LENGTH) return bytes.subarray(0, length);
    if (bytes !== viewed) {
      viewed = bytes;
      views = [];
    }
    return (views[length] ??= bytes.subarray(0, length));
  };
  return (bytes, length, out) => {
    const digest = hash('sha256', view(bytes, length), 'binary');
    out[0] = wordAt(digest, 0);
    out[1] = wordAt(digest, 4);
    out[2] = wordAt(digest, 8);
    out[3] = wordAt(digest, 12);
  };
};

/**
 * The fastest SHA-256 this Node has for a body digest: the native one where
 * `crypto.hash` exists (~0.5 µs per event against ~1.5 µs for the core's
 * JavaScript), else the core's JavaScript one (`createHash` per message, the
 * older Nodes' native way, measured ~1.9 µs: its hash object costs more than the
 * hashing). The digests are the same bits either way.
 */
export const fastestSha256Into: Sha256Into = oneShotHash === undefined ? sha256OfBytes : nativeSha256Into(oneShotHash);
