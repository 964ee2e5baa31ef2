import * as t from 'io-ts';
import { hasOwn, isRecord } from './records';

/**
 * The fields of a closed struct codec: io-ts codecs by field name.
 *
 * @since 0.3.0
 */
export type StructProps = Record<string, t.Mixed>;

/**
 * The static type of a closed struct: its required props, then its optional
 * ones, every field read-only.
 *
 * @since 0.1.0
 */
export type StructOf<R extends StructProps, O extends StructProps> = { readonly [K in keyof R]: t.TypeOf<R[K]> } & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>;
};

const mismatches = new WeakMap<t.Mixed, (u: unknown) => string | undefined>();

/**
 * Why `value` fails `codec.is`, for a struct codec: its first bad field path and
 * what it must be (`quantity: expected PositiveInt`); `undefined` when it passes
 * or the codec is not a struct. For rejecting hand-built events with a reason.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { LicensePurchased, mismatchOf } from '@license-ledger/core'
 * assert.deepStrictEqual(mismatchOf(LicensePurchased, { type: 'LicensePurchased' }), 'id: missing')
 */
export const mismatchOf = (codec: t.Mixed, value: unknown): string | undefined => mismatches.get(codec)?.(value);

/** io-ts's meaning of `is`: the value is already of the decoded type (an event with `at` in epoch ms). */
const accepts = (codec: t.Mixed, value: unknown): boolean => codec.is(value);

/**
 * A closed object codec: every required field must be there, optional ones may be,
 * and any other key is an error at its own path (a typo must not be silently
 * ignored). The result is a fresh object holding only the declared keys, so a
 * `__proto__` or `constructor` key in the input can never reach the ledger.
 * `is` accepts exactly what `decode` accepts, stopping at the first bad field
 * rather than listing every error.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as t from 'io-ts'
 * import { struct } from '@license-ledger/core/internal'
 * const Point = struct('Point', { x: t.number }, {})
 * assert.equal(Point.decode({ x: 1, y: 2 })._tag, 'Left') // y is an unknown field
 * assert.equal(Point.is({ x: 1, y: 2 }), false) // `is` guards the decoded type, closed as well
 */
export const struct = <R extends StructProps, O extends StructProps>(
  name: string,
  required: R,
  optional: O,
): t.Type<StructOf<R, O>, StructOf<R, O>, unknown> => {
  const requiredKeys = Object.keys(required);
  const optionalKeys = Object.keys(optional);
  const known = new Set([...requiredKeys, ...optionalKeys]);
  /** Where a value fails `is`: its first bad field and what that field must be. */
  const mismatch = (u: unknown): string | undefined => {
    if (!isRecord(u)) return `expected ${name} (an object)`;
    for (const key of Object.keys(u)) if (!known.has(key)) return `${key}: unknown field`;
    const bad = (key: string, codec: t.Mixed): string => {
      const inner = mismatchOf(codec, u[key]);
      return inner === undefined || inner.startsWith('expected') ? `${key}: expected ${codec.name}` : `${key}.${inner}`;
    };
    for (const key of requiredKeys) {
      if (!hasOwn(u, key)) return `${key}: missing`;
      if (!accepts(required[key] as t.Mixed, u[key])) return bad(key, required[key] as t.Mixed);
    }
    for (const key of optionalKeys)
      if (hasOwn(u, key) && !accepts(optional[key] as t.Mixed, u[key])) return bad(key, optional[key] as t.Mixed);
    return undefined;
  };
  const codec = new t.Type<StructOf<R, O>, StructOf<R, O>, unknown>(
    name,
    (u): u is StructOf<R, O> => {
      if (!isRecord(u)) return false;
      for (const key of Object.keys(u)) if (!known.has(key)) return false;
      for (const key of requiredKeys) if (!hasOwn(u, key) || !accepts(required[key] as t.Mixed, u[key])) return false;
      for (const key of optionalKeys) if (hasOwn(u, key) && !accepts(optional[key] as t.Mixed, u[key])) return false;
      return true;
    },
    (u, context) => {
      if (!isRecord(u)) return t.failure(u, context, 'an object');
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(u)) {
        if (!known.has(key))
          errors.push({
            value: u[key],
            context: t.appendContext(context, key, t.never, u[key]),
            message: 'no such field',
          });
      }
      const take = (key: string, codec: t.Mixed): void => {
        const value = u[key];
        const result = codec.validate(value, t.appendContext(context, key, codec, value));
        if (result._tag === 'Left') errors.push(...result.left);
        else out[key] = result.right;
      };
      for (const key of requiredKeys) {
        if (!hasOwn(u, key)) {
          errors.push({
            value: undefined,
            context: t.appendContext(context, key, required[key] as t.Mixed, undefined),
            message: 'a value (the field is missing)',
          });
        } else take(key, required[key] as t.Mixed);
      }
      for (const key of optionalKeys) if (hasOwn(u, key)) take(key, optional[key] as t.Mixed);
      return errors.length > 0 ? t.failures(errors) : t.success(out as StructOf<R, O>);
    },
    t.identity,
  );
  mismatches.set(codec, mismatch);
  return codec;
};
