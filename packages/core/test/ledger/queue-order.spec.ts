import type { Instant } from '../../src/index';
import type { PartialRank } from '../../src/state/license';
import { byNumber, comparePartial } from '../../src/ledger/queue-order';

const rank = (since: number, batch: number, deletedAt: number, seq: number): PartialRank => ({
  since: since as Instant,
  batch,
  deletedAt: deletedAt as Instant,
  seq,
  licenseId: `p#${seq}`,
});

describe('comparePartial', () => {
  test('R-I2: earliest made partial first, then by the event that made it, then by deletion instant, then by sequence', () => {
    const ranks = [rank(2, 0, 0, 1), rank(1, 5, 0, 2), rank(1, 4, 9, 3), rank(1, 4, 8, 5), rank(1, 4, 8, 4)];
    expect([...ranks].sort(comparePartial).map((r) => r.seq)).toEqual([4, 5, 3, 2, 1]);
  });
});

describe('byNumber', () => {
  test('R-P3: returned Unused licenses are handed out lowest number first', () => {
    expect([12, 3, 7, 1].sort(byNumber)).toEqual([1, 3, 7, 12]);
  });
});
