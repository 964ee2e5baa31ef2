import type { PartialRank } from '../state/license';

/** Partial hand-out order (R-I2). */
export const comparePartial = (a: PartialRank, b: PartialRank): number =>
  a.since - b.since || a.batch - b.batch || a.deletedAt - b.deletedAt || a.seq - b.seq;

/** The order of a pool's returned Unused numbers: lowest first (R-P3). */
export const byNumber = (a: number, b: number): number => a - b;
