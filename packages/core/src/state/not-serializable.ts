/**
 * What a `LedgerState` holds as `toJSON`: a function that throws, so that
 * `JSON.stringify(state)` fails with a message naming the supported way, and,
 * being an own enumerable function, so do `structuredClone(state)` and
 * `v8.serialize(state)` (they refuse functions, and quote this one's source,
 * message included). A state copied by any of them would half-work: its
 * collections keep their contents in private fields and typed arrays the copy
 * leaves out. The message starts with the supported way, and the function has
 * no comment inside (and no prototype; it is frozen, as everything in a state): structuredClone and v8.serialize quote only the first ~110
 * characters of its source.
 *
 * @since 0.2.0
 * @license-ledger/core: …'
 */
export const stateToJSON: () => never = Object.freeze((): never => {
  throw new TypeError(
    'Use toSnapshot/fromSnapshot from @license-ledger/core: a LedgerState cannot be serialized by JSON.stringify, structuredClone or v8.serialize (the copy would half-work)',
  );
});
