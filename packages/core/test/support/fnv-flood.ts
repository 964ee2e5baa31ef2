/**
 * The hash the ledger's tables used before they were seeded (32-bit FNV-1a over
 * UTF-16 code units), and ids that all share one value of it: what a hostile
 * log could send (issue F4). Kept here only to build that input.
 */
export const oldFnv1a = (key: string, from = 0x811c9dc5): number => {
  let hash = from;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * Pairs of 4-character blocks that take the old hash from one value to one
 * same next value, stage by stage from its offset basis (found once by a
 * birthday search over printable blocks; `collidingIds` checks they still do).
 */
const STAGES: readonly (readonly [string, string])[] = [
  ['g0G#', 'C!!$'],
  ...Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? (['70C#', '+!!$'] as const) : (['c0G#', 'G!!$'] as const))),
];

/**
 * `2^stages` distinct ids (stages ≤ 16) with one old FNV-1a hash (a Joux
 * multicollision): at each stage either block of a pair leads to the same
 * next value, so every choice of block per stage ends at the same hash.
 */
export const collidingIds = (stages: number): string[] => {
  let ids = [''];
  let state = 0x811c9dc5;
  for (const [a, b] of STAGES.slice(0, stages)) {
    const next = oldFnv1a(a, state);
    if (oldFnv1a(b, state) !== next) throw new Error(`the blocks ${a} and ${b} no longer collide`);
    state = next;
    ids = ids.flatMap((prefix) => [prefix + a, prefix + b]);
  }
  return ids;
};
