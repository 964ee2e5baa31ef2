/**
 * Looking records up by the ids people type: data-last and answering an
 * `Either`, as the views do, so an unknown id is a typed `QueryError`, never a
 * silent `undefined`.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import type { LedgerState } from '../state/ledger-state';
import type { License } from '../state/license';
import type { Machine } from '../state/machine';
import type { Pool } from '../state/pool';
import type { Svm } from '../state/svm';
import { getLicense, getMachine, getPool, getSvm, poolLicenses, touchedLicenses } from './lookup';
import { type QueryError, unknownLicense, unknownMachine, unknownPool, unknownSvm } from './query-error';

const found =
  <A>(missing: QueryError) =>
  (value: A | undefined): E.Either<QueryError, A> =>
    value === undefined ? E.left(missing) : E.right(value);

/**
 * A pool by id; `unknown-pool` when none was purchased.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupPool, replay, splitLines } from '@license-ledger/core'
 * const log = '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}'
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const pool = lookupPool('acme-kes')(state)
 * assert(pool._tag === 'Right' && pool.right.max === 10)
 * const missing = lookupPool('acme-kse')(state)
 * assert(missing._tag === 'Left' && missing.left.kind === 'unknown-pool')
 */
export const lookupPool =
  (poolId: string) =>
  (state: LedgerState): E.Either<QueryError, Pool> =>
    found<Pool>(unknownPool(poolId))(getPool(state, poolId));

/**
 * A license by id (`<poolId>#<n>`, R-P3), with its state and full history; a
 * license never handed out is Unused with its purchase's term. `unknown-license`
 * for an id of no purchased pool, past the pool's Max, or not of that form.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupLicense, replay, splitLines } from '@license-ledger/core'
 * const log = '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}'
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const license = lookupLicense('acme-kes#3')(state)
 * assert(license._tag === 'Right' && license.right.status === 'unused')
 * const missing = lookupLicense('acme-kes#11')(state)
 * assert(missing._tag === 'Left' && missing.left.kind === 'unknown-license')
 */
export const lookupLicense =
  (licenseId: string) =>
  (state: LedgerState): E.Either<QueryError, License> =>
    found<License>(unknownLicense(licenseId))(getLicense(state, licenseId));

/**
 * A machine by id, deleted agents included (`deletedAt` set); `unknown-machine`
 * for an id no event ever named.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupMachine, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const machine = lookupMachine('ws-001')(state)
 * assert(machine._tag === 'Right' && machine.right.groupId === 'acme.hq')
 * assert.equal(lookupMachine('ws-999')(state)._tag, 'Left')
 */
export const lookupMachine =
  (machineId: string) =>
  (state: LedgerState): E.Either<QueryError, Machine> =>
    found<Machine>(unknownMachine(machineId))(getMachine(state, machineId));

/**
 * An SVM by id; `unknown-svm` when none was registered.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupSvm, replay, splitLines } from '@license-ledger/core'
 * const log = '{"type":"SvmRegistered","id":"k1","at":"2025-01-01T00:00:00Z","svmId":"svm-1","clusterId":"c-1"}'
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const svm = lookupSvm('svm-1')(state)
 * assert(svm._tag === 'Right' && svm.right.clusterId === 'c-1')
 * assert.equal(lookupSvm('svm-2')(state)._tag, 'Left')
 */
export const lookupSvm =
  (svmId: string) =>
  (state: LedgerState): E.Either<QueryError, Svm> =>
    found<Svm>(unknownSvm(svmId))(getSvm(state, svmId));

/**
 * Every license of a pool in number order, touched or not, made lazily one at a
 * time; `unknown-pool` when none was purchased. Walking all of it is O(Max), up
 * to a billion per purchase (R-P1): code that must answer for any pool walks
 * `touchedLicensesOf` and treats `untouchedRange` as one range instead.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, licensesOf, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":3}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const licenses = licensesOf('acme-kes')(state)
 * assert(licenses._tag === 'Right')
 * assert.deepStrictEqual([...licenses.right].map((l) => l.status), ['applied', 'unused', 'unused'])
 * assert.equal(licensesOf('acme-kse')(state)._tag, 'Left')
 */
export const licensesOf =
  (poolId: string) =>
  (state: LedgerState): E.Either<QueryError, Iterable<License>> =>
    getPool(state, poolId) === undefined ? E.left(unknownPool(poolId)) : E.right(poolLicenses(state, poolId));

/**
 * The licenses of a pool that ever left Unused, in number order (the rest is
 * `untouchedRange` of the pool); `unknown-pool` when none was purchased.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines, touchedLicensesOf } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":1000000}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const touched = touchedLicensesOf('acme-kes')(state)
 * assert(touched._tag === 'Right')
 * assert.deepStrictEqual([...touched.right].map((l) => l.licenseId), ['acme-kes#1']) // not a million
 */
export const touchedLicensesOf =
  (poolId: string) =>
  (state: LedgerState): E.Either<QueryError, Iterable<License>> =>
    getPool(state, poolId) === undefined ? E.left(unknownPool(poolId)) : E.right(touchedLicenses(state, poolId));
