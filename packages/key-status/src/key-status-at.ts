import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { advanceTo, type Instant, type LedgerState, type QueryError } from '@license-ledger/core';
import { svmStatuses, type SvmStatus } from './svm-statuses';

/**
 * Every SVM's key status as of `at`. Time runs forward to `at` first, so key
 * terms ending by then have ended and reserve keys have taken over (R-K5, R-T4).
 * An instant before the state's clock is a `Left`: the past is read by replaying
 * the log up to it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { emptyLedger, parseInstant } from '@license-ledger/core'
 * import { keyStatusAt } from '@license-ledger/key-status'
 * assert.deepStrictEqual(pipe(emptyLedger(), keyStatusAt(parseInstant('2026-01-01T00:00:00Z')!)), { _tag: 'Right', right: [] })
 */
export const keyStatusAt =
  (at: Instant) =>
  (state: LedgerState): E.Either<QueryError, readonly SvmStatus[]> =>
    pipe(state, advanceTo(at), E.map(svmStatuses));
