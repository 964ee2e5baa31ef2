import * as t from 'io-ts';
import { type Instant, MAX_TERM_DAYS, parseInstant } from '../time/instant';

/**
 * A codec that checks the wire type with `is`, then reads it with `decode`
 * (`undefined`: refused). As everywhere in io-ts, the codec's own `is` guards the
 * decoded type: by default a wire value that decodes to itself; `isDecoded` when
 * decoding converts (an instant's text becomes epoch milliseconds).
 */
const refine = <A, O>(
  name: string,
  expected: string,
  is: (u: unknown) => u is A,
  decode: (a: A) => O | undefined,
  isDecoded: (u: unknown) => u is O = (u): u is O => is(u) && decode(u) !== undefined,
) =>
  new t.Type<O, O, unknown>(
    name,
    isDecoded,
    (u, c) => {
      if (!is(u)) return t.failure(u, c, expected);
      const out = decode(u);
      return out === undefined ? t.failure(u, c, expected) : t.success(out);
    },
    t.identity,
  );

const isString = (u: unknown): u is string => typeof u === 'string';
const isNumber = (u: unknown): u is number => typeof u === 'number';

/**
 * An ISO-8601 UTC instant on the wire (`2025-01-15T09:30:00Z`, milliseconds
 * optional), decoded to epoch milliseconds once, here (R-T1).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { InstantFromString } from '@license-ledger/core'
 * assert.deepStrictEqual(InstantFromString.decode('2025-01-15T09:30:00Z'), { _tag: 'Right', right: 1736933400000 })
 */
export const InstantFromString = refine<string, Instant>(
  'Instant',
  'an ISO-8601 UTC instant such as 2025-01-15T09:30:00Z',
  isString,
  parseInstant,
  (u): u is Instant => typeof u === 'number' && Number.isSafeInteger(u),
);

/**
 * A non-empty string.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { NonEmptyString } from '@license-ledger/core'
 * assert.equal(NonEmptyString.decode('')._tag, 'Left')
 */
export const NonEmptyString = refine<string, string>('NonEmptyString', 'a non-empty string', isString, (s) =>
  s.length > 0 ? s : undefined,
);

/**
 * An integer ≥ 1.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { PositiveInt } from '@license-ledger/core'
 * assert.equal(PositiveInt.decode(0)._tag, 'Left')
 */
export const PositiveInt = refine<number, number>('PositiveInt', 'an integer ≥ 1', isNumber, (n) =>
  Number.isSafeInteger(n) && n >= 1 ? n : undefined,
);

/**
 * A JSON boolean, and nothing else (no `"true"`, no `1`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { Bool } from '@license-ledger/core'
 * assert.equal(Bool.decode('yes')._tag, 'Left')
 */
export const Bool = refine<boolean, boolean>(
  'Bool',
  'true or false',
  (u): u is boolean => typeof u === 'boolean',
  (b) => b,
);

/**
 * A string literal from a fixed set.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { oneOf } from '@license-ledger/core'
 * assert.equal(oneOf('Color', ['red']).decode('red')._tag, 'Right')
 */
export const oneOf = <const L extends string>(name: string, values: readonly L[]) => {
  const set = new Set<string>(values);
  return refine<string, L>(name, `one of ${values.map((v) => `"${v}"`).join(', ')}`, isString, (s) =>
    set.has(s) ? (s as L) : undefined,
  );
};

/**
 * A term in whole days: an integer from 1 to `MAX_TERM_DAYS`, so that its end
 * is an instant the ledger can print (R-T2, R-L2).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { TermDays } from '@license-ledger/core'
 * assert.deepStrictEqual(TermDays.decode(365), { _tag: 'Right', right: 365 })
 */
export const TermDays = refine<number, number>(
  'TermDays',
  `an integer from 1 to ${MAX_TERM_DAYS} (days)`,
  isNumber,
  (n) => (Number.isSafeInteger(n) && n >= 1 && n <= MAX_TERM_DAYS ? n : undefined),
);

/**
 * The most licenses one `LicensePurchased` may add (R-P1): a billion. Far above
 * any real purchase; with it, a pool's Max, license numbers and every count stay
 * exact integers (a pool is also capped at {@link MAX_POOL_LICENSES}), and since
 * never-used licenses are kept as one range per pool, not one by one, memory does
 * not grow with the quantity.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_QUANTITY } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_QUANTITY, 1000000000)
 */
export const MAX_QUANTITY = 1_000_000_000;

/**
 * The most licenses a pool may hold over all its purchases (R-P1): 10^12, so a
 * pool's Max and its license numbers stay far below 2^53 (exact in a JavaScript
 * number). A purchase past it is rejected.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_POOL_LICENSES } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_POOL_LICENSES, 1000000000000)
 */
export const MAX_POOL_LICENSES = 1_000_000_000_000;

/**
 * A purchase's quantity: an integer from 1 to {@link MAX_QUANTITY} (R-P1).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { Quantity } from '@license-ledger/core'
 * assert.equal(Quantity.decode(2 ** 53 - 1)._tag, 'Left')
 */
export const Quantity = refine<number, number>('Quantity', `an integer from 1 to ${MAX_QUANTITY}`, isNumber, (n) =>
  Number.isSafeInteger(n) && n >= 1 && n <= MAX_QUANTITY ? n : undefined,
);
