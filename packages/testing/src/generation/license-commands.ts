import fc from 'fast-check';

/**
 * An abstract license command. Indices are resolved against the ledger state
 * when the command is turned into an event (`pick` chooses among the candidates
 * that exist then, modulo their number), so a command list shrinks well and
 * mostly lands on something the ledger accepts.
 */
export type LicenseCommand =
  | { readonly kind: 'purchase'; readonly pool: number; readonly quantity: number }
  | { readonly kind: 'request'; readonly pool: number; readonly machine: number; readonly moveTo: number | null }
  | {
      readonly kind: 'install';
      readonly pool: number;
      readonly machine: number;
      readonly moveTo: number | null;
      readonly backdateMinutes: number;
    }
  | { readonly kind: 'complete'; readonly pick: number; readonly backdateMinutes: number }
  | { readonly kind: 'fail'; readonly pick: number }
  | { readonly kind: 'uninstall'; readonly pick: number }
  | { readonly kind: 'avRemoved'; readonly pick: number }
  | { readonly kind: 'agentDeleted'; readonly pick: number }
  | { readonly kind: 'recovery' }
  | { readonly kind: 'cleanDatabase' }
  | { readonly kind: 'extend'; readonly pick: number; readonly count: number }
  | { readonly kind: 'return'; readonly pick: number; readonly count: number }
  | { readonly kind: 'autoExtend'; readonly pick: number; readonly enabled: boolean }
  | { readonly kind: 'markOther'; readonly pick: number; readonly reason: string }
  | { readonly kind: 'resolveOther'; readonly pick: number; readonly resolution: 'partial' | 'unused' | 'expired' };

const index = fc.nat({ max: 1_000 });
// Mostly a machine stays in its home group; now and then an install moves it (core notes the move).
const moveTo = fc.option(index, { nil: null, freq: 8 });
const backdateMinutes = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 48 * 60 }) },
);

/** Every license command, weighted so installs and their follow-ups dominate, as in a real log. */
export const licenseCommandArbitrary: fc.Arbitrary<LicenseCommand> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('purchase' as const),
      pool: index,
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('request' as const), pool: index, machine: index, moveTo }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('install' as const),
      pool: index,
      machine: index,
      moveTo,
      backdateMinutes,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: index, backdateMinutes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), pick: index }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('uninstall' as const), pick: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('avRemoved' as const), pick: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agentDeleted' as const), pick: index }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'recovery' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cleanDatabase' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('extend' as const), pick: index, count: fc.integer({ min: 1, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('return' as const), pick: index, count: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('autoExtend' as const), pick: index, enabled: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('markOther' as const),
      pick: index,
      reason: fc.constantFrom('agent offline', 'license lost', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('resolveOther' as const),
      pick: index,
      resolution: fc.constantFrom('partial' as const, 'unused' as const, 'expired' as const),
    }),
  },
);

/** One pool of a generated history: its module and, now and then, a term other than the default (R-T5, R-P2). */
export interface PoolSpec {
  readonly poolId: string;
  readonly module: string;
  readonly termDays: number | undefined;
  readonly quantity: number;
}

const kesPool = fc.record({
  module: fc.constant('KES'),
  // Short terms make expiries, takeovers and auto-extends happen within a few commands.
  termDays: fc.option(fc.constantFrom(7, 30, 90, 365), { nil: undefined, freq: 3 }),
  quantity: fc.integer({ min: 1, max: 5 }),
});

const anyPool = fc.oneof(
  { weight: 2, arbitrary: kesPool },
  {
    weight: 3,
    arbitrary: fc.record({
      module: fc.constantFrom('BUDR', 'KAV', 'KAM'),
      termDays: fc.option(fc.constantFrom(30, 365), { nil: undefined, freq: 4 }),
      quantity: fc.integer({ min: 1, max: 5 }),
    }),
  },
);

/** The pools of a history: the first is always KES, the product the rules are mostly about. */
export const poolSpecsArbitrary = (maxPools: number): fc.Arbitrary<readonly PoolSpec[]> =>
  fc
    .tuple(kesPool, fc.array(anyPool, { maxLength: Math.max(0, maxPools - 1) }))
    .map(([first, rest]) =>
      [first, ...rest].map((spec, i) => ({ ...spec, poolId: `${spec.module.toLowerCase()}-${i + 1}` })),
    );
