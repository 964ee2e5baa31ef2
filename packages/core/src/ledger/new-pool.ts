import { emptyHeap } from '../collections/leftist-heap';
import type { HashSeed } from '../collections/hash-seed';
import { emptyMap } from '../collections/persistent-map';
import type { Pool } from '../state/pool';
import { ZERO_COUNTS } from './tally';

/** A pool with nothing purchased yet: what a first purchase adds to (R-P1), and what the draft's module-load warm-up writes to. */
export const newPool = (poolId: string, module: string, seed: HashSeed): Pool => ({
  poolId,
  module,
  purchases: [],
  max: 0,
  nextFresh: 1,
  returned: emptyHeap(),
  partials: emptyHeap(),
  counts: ZERO_COUNTS,
  groups: emptyMap(seed),
});
