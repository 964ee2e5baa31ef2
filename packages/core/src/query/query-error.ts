/**
 * Why a query of a ledger state has no answer: the typed `Left` of every view.
 *
 * @since 0.1.0
 */
import { formatInstant, type Instant } from '../time/instant';

/**
 * Why a query has no answer. `message` is one sentence for people; the other
 * fields are for programs.
 *
 * - `unknown-pool`, `unknown-license`, `unknown-machine`, `unknown-svm`: the state
 *   has no such id (never purchased, past the pool's Max, never installed, never registered).
 * - `before-clock`: the instant lies before the state's clock; the past is read by
 *   replaying the log up to it (`replay({ until })`).
 * - `invalid-argument`: a number a query needs is out of its domain (a negative,
 *   fractional or NaN number of days); `argument` names it.
 *
 * @since 0.1.0
 */
export type QueryError =
  | { readonly kind: 'unknown-pool'; readonly poolId: string; readonly message: string }
  | { readonly kind: 'unknown-license'; readonly licenseId: string; readonly message: string }
  | { readonly kind: 'unknown-machine'; readonly machineId: string; readonly message: string }
  | { readonly kind: 'unknown-svm'; readonly svmId: string; readonly message: string }
  | { readonly kind: 'before-clock'; readonly at: Instant; readonly clock: Instant; readonly message: string }
  | { readonly kind: 'invalid-argument'; readonly argument: string; readonly value: number; readonly message: string };

/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.1.0 */
export const unknownPool = (poolId: string): QueryError => ({
  kind: 'unknown-pool',
  poolId,
  message: `no pool ${JSON.stringify(poolId)} was purchased`,
});
/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.1.0 */
export const unknownLicense = (licenseId: string): QueryError => ({
  kind: 'unknown-license',
  licenseId,
  message: `no license ${JSON.stringify(licenseId)}: not a purchased pool's license number`,
});
/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.1.0 */
export const unknownMachine = (machineId: string): QueryError => ({
  kind: 'unknown-machine',
  machineId,
  message: `no machine ${JSON.stringify(machineId)} is known`,
});
/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.1.0 */
export const unknownSvm = (svmId: string): QueryError => ({
  kind: 'unknown-svm',
  svmId,
  message: `no SVM ${JSON.stringify(svmId)} was registered`,
});
/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.1.0 */
export const beforeClockError = (at: Instant, clock: Instant): QueryError => ({
  kind: 'before-clock',
  at,
  clock,
  message: `${formatInstant(at)} is before the ledger's clock ${formatInstant(clock)}; replay the log up to it instead`,
});
/** Constructor of a {@link QueryError}, for the view packages (`@license-ledger/core/internal`). @since 0.3.0 */
export const invalidArgument = (argument: string, value: number, expected: string): QueryError => ({
  kind: 'invalid-argument',
  argument,
  value,
  message: `${argument} must be ${expected}, got ${String(value)}`,
});
