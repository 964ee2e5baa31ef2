import fc from 'fast-check';

/** A key before it gets its id and its instants (R-K1). */
export interface KeyDraft {
  readonly type: 'server' | 'desktop' | 'cores';
  readonly edition: 'standard' | 'enterprise';
  readonly subscription: boolean;
  /** `undefined` leaves the field out, so the wire default (false) is exercised too. */
  readonly trial: boolean | undefined;
  readonly termDays: number;
  /** Days from the event to the key's `expiresAt`, or none. */
  readonly expiresInDays: number | null;
}

/**
 * An abstract Kaspersky key command; `pick` is resolved against the SVMs (or
 * slots) that exist when the command becomes an event.
 */
export type KeyCommand =
  | { readonly kind: 'registerSvm'; readonly svm: number; readonly cluster: number }
  | { readonly kind: 'activateKey'; readonly pick: number; readonly key: KeyDraft; readonly viaActivationCode: boolean }
  | {
      readonly kind: 'addReserve';
      readonly target: 'svm' | 'cluster' | 'all';
      readonly pick: number;
      readonly key: KeyDraft;
      /** Copy type and edition from an active key and drop subscription/trial, so most tasks succeed. */
      readonly matchActive: boolean;
    }
  | { readonly kind: 'renewByCode'; readonly pick: number; readonly succeeded: boolean; readonly key: KeyDraft };

const index = fc.nat({ max: 1_000 });

/** A key of any kind, subscription and trial keys included, so K4 refusals happen. */
export const keyDraftArbitrary: fc.Arbitrary<KeyDraft> = fc.record({
  type: fc.constantFrom('server' as const, 'desktop' as const, 'cores' as const),
  edition: fc.constantFrom('standard' as const, 'enterprise' as const),
  subscription: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  trial: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  // Short terms so keys end, reserves take over and renewals are awaited within a history.
  termDays: fc.integer({ min: 5, max: 400 }),
  expiresInDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null, freq: 3 }),
});

/** Every key command; activations and reserves dominate. */
export const keyCommandArbitrary: fc.Arbitrary<KeyCommand> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('registerSvm' as const), svm: index, cluster: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('activateKey' as const),
      pick: index,
      key: keyDraftArbitrary,
      viaActivationCode: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('addReserve' as const),
      target: fc.constantFrom('svm' as const, 'cluster' as const, 'all' as const),
      pick: index,
      key: keyDraftArbitrary,
      matchActive: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('renewByCode' as const),
      pick: index,
      succeeded: fc.boolean(),
      key: keyDraftArbitrary,
    }),
  },
);
