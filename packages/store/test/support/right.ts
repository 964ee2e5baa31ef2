import * as E from 'fp-ts/Either';
import { decodeEvent, type LedgerEvent } from '@license-ledger/core';

/** The value of a Right; a Left fails the test with its message. */
export const right = <A>(either: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${either.left.message}`);
  return either.right;
};

/** A wire-format event decoded by the codecs (it must decode). */
export const decoded = (raw: unknown): LedgerEvent =>
  right(decodeEvent(raw) as E.Either<{ message: string }, LedgerEvent>);
