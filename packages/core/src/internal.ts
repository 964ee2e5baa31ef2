/**
 * @license-ledger/core/internal: what the other license-ledger packages (the views,
 * the CLI, the testing package) and the benchmarks need of core's insides: the
 * persistent collections, the counters' tallies, the event hashing and the typed
 * query errors' constructors. **Unstable**: not part of the public API, may change
 * in any release; applications use `@license-ledger/core`.
 *
 * @since 0.1.0
 */
export { struct } from './events/struct';
export { eventCodec } from './events/common';
export { keyedHash } from './collections/hash-seed';
export {
  bodyDigest,
  bodyDigestWords,
  canonicalBody,
  digestShape,
  type BodyDigest,
  type DigestShape,
  type Sha256Into,
} from './ledger/body-digest';
export { POOL_TALLIES, type PoolTally, sumTallies, tallyIn, tallyOf, ZERO_COUNTS } from './ledger/tally';
export { keyTermEnd, schemeOf } from './keys/key-term';
export { reserveRefusal } from './keys/key-handlers';
export { findLicense, getLicense, getMachine, getPool, getSvm, poolLicenses, touchedLicenses } from './query/lookup';
export { installedNow } from './query/installed-now';
export {
  beforeClockError,
  invalidArgument,
  unknownLicense,
  unknownMachine,
  unknownPool,
  unknownSvm,
} from './query/query-error';
export {
  emptyMap,
  forEachEntry,
  getEntry,
  hasEntry,
  mapEntries,
  mapKeys,
  mapValues,
  removeEntry,
  setEntry,
  newEdit,
  retireEdit,
  hashString,
  mapSeed,
} from './collections/persistent-map';
export {
  emptyHeap,
  heapInsert,
  heapPeek,
  heapPop,
  heapToSortedArray,
  heapValues,
  sealHeap,
} from './collections/leftist-heap';
export { appendHistory, emptyHistory } from './collections/history';
export { emptyIdHashMap, forEachIdHash, getIdHash, setIdHash } from './collections/id-hash-map';
