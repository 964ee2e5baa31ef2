import { webcrypto } from 'node:crypto';
import { type HashSeed, hashSeedOf } from '../collections/hash-seed';

/**
 * A fresh random hash seed (`crypto.getRandomValues`), for replaying a log you
 * do not trust: its ids then cannot be chosen to collide in the ledger's hash
 * tables (see `HashSeed`). The randomness stays here, at the edge: the core is
 * handed the seed as data, and no result depends on it.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { replay } from '@license-ledger/core'
 * import { randomHashSeed } from '@license-ledger/core/node'
 * assert.deepStrictEqual(replay({ hashSeed: randomHashSeed() })([]).stats.read, 0)
 */
export const randomHashSeed = (): HashSeed => {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return hashSeedOf(words[0] ?? 0, words[1] ?? 0);
};
