/**
 * The seed the store's states key their hash tables with.
 *
 * @since 0.1.0
 */
import type { HashSeed } from '@license-ledger/core';
import { randomHashSeed } from '@license-ledger/core/node';

let seed: HashSeed | null = null;

/**
 * Stored events are input like any log: states built from them (replays and
 * restored snapshots) use a seed drawn once per process (core's `randomHashSeed`).
 *
 * @since 0.1.0
 */
export const processSeed = (): HashSeed => (seed ??= randomHashSeed());
