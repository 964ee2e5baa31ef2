import { MAX_ARGUMENT_CODES, stringOfCodes } from '../collections/char-codes';
import { emptyHistory } from '../collections/history';
import { getEntry, mapValues, type PersistentMap } from '../collections/persistent-map';
import type { LedgerState } from '../state/ledger-state';
import type { License } from '../state/license';
import type { Machine } from '../state/machine';
import type { Pool, Purchase } from '../state/pool';
import type { Svm } from '../state/svm';
import { byId } from './compare-ids';

const LICENSE_NUMBER = /^[1-9]\d*$/;

/** Scratch for {@link licenseIdOf}: the character codes of an id of up to `MAX_ARGUMENT_CODES` characters. */
const SHORT_ID_CODES = new Uint16Array(MAX_ARGUMENT_CODES);
/** Scratch for {@link licenseIdOf}: one list of character codes per longer id's length, up to 64. */
const ID_CODES: number[][] = Array.from({ length: 65 }, (_, n) => new Array<number>(n).fill(0));

/** Writes the character codes of `<poolId>#<number>` (`digits` digits) into `codes` from 0. */
const idCodes = <C extends Uint16Array | number[]>(codes: C, poolId: string, number: number, digits: number): C => {
  const p = poolId.length;
  for (let k = 0; k < p; k++) codes[k] = poolId.charCodeAt(k);
  codes[p] = 0x23;
  for (let k = p + digits, m = number; k > p; k--, m = Math.floor(m / 10)) codes[k] = 0x30 + (m % 10);
  return codes;
};

/**
 * The id of license number `number` of a pool (R-P3): `<poolId>#<n>`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { licenseIdOf } from '@license-ledger/core'
 * assert.deepStrictEqual(licenseIdOf('acme-kes', 3), 'acme-kes#3')
 */
export const licenseIdOf = (poolId: string, number: number): string => {
  // Made from its character codes: the same id joined by a template is, from 13
  // characters on, a pair of strings that the first lookup by it (a license id is
  // a key of the largest maps) copies into a third.
  if (!Number.isSafeInteger(number) || number < 0) return `${poolId}#${number}`;
  const p = poolId.length;
  let digits = 1;
  for (let m = number; m >= 10; m = Math.floor(m / 10)) digits += 1;
  const length = p + 1 + digits;
  // Up to 16 characters (most ids: `acme-kes#12345`), each code an argument of one call: a third of the time of
  // spreading a list by `apply` (a snapshot's read makes every license id).
  if (length <= MAX_ARGUMENT_CODES) return stringOfCodes(idCodes(SHORT_ID_CODES, poolId, number, digits), 0, length);
  const codes = ID_CODES[length];
  if (codes === undefined) return `${poolId}#${number}`;
  return String.fromCharCode.apply(null, idCodes(codes, poolId, number, digits));
};

/**
 * `n` when `licenseId` is exactly `<poolId>#<n>` (n ≥ 1, no leading zero, at most
 * 15 digits), else 0: a license's number read off its id without making a string.
 */
export const licenseNumberIn = (poolId: string, licenseId: string): number => {
  const p = poolId.length;
  const length = licenseId.length;
  if (
    length < p + 2 ||
    length > p + 16 ||
    licenseId.charCodeAt(p) !== 0x23 ||
    licenseId.charCodeAt(p + 1) === 0x30 ||
    !licenseId.startsWith(poolId)
  )
    return 0;
  let n = 0;
  for (let i = p + 1; i < length; i++) {
    const digit = licenseId.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return 0;
    n = n * 10 + digit;
  }
  return n;
};

/**
 * Splits a license id `<poolId>#<n>` (R-P3) at its last `#`, so the pool id may
 * itself contain `#`; `undefined` unless `n` is a number ≥ 1 without leading zeros.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseLicenseId } from '@license-ledger/core'
 * assert.deepStrictEqual(parseLicenseId('acme#kes#3'), { poolId: 'acme#kes', number: 3 })
 * assert.deepStrictEqual(parseLicenseId('acme-kes#03'), undefined)
 */
export const parseLicenseId = (licenseId: string): { poolId: string; number: number } | undefined => {
  const hash = licenseId.lastIndexOf('#');
  const digits = licenseId.slice(hash + 1);
  if (hash < 0 || !LICENSE_NUMBER.test(digits)) return undefined;
  return { poolId: licenseId.slice(0, hash), number: Number(digits) };
};

/**
 * The purchase of `pool` that brought license number `number` (R-P3): the one
 * whose range `first..last` holds it; `undefined` past the pool's Max.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupPool, purchaseOf, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const pool = lookupPool('acme-kes')(state)
 * assert(pool._tag === 'Right')
 * assert.equal(purchaseOf(pool.right, 3)?.eventId, 'e1')
 * assert.equal(purchaseOf(pool.right, 11), undefined)
 */
export const purchaseOf = (pool: Pool, number: number): Purchase | undefined =>
  pool.purchases.find((p) => p.first <= number && number <= p.last);

/** A license of `pool` never touched since its purchase: Unused, with its purchase's full term. */
export const untouchedLicense = (pool: Pool, number: number, frozen = true): License | undefined => {
  const purchase = purchaseOf(pool, number);
  if (purchase === undefined) return undefined;
  const license: License = {
    licenseId: licenseIdOf(pool.poolId, number),
    poolId: pool.poolId,
    number,
    termDays: purchase.termDays,
    status: 'unused',
    machineId: null,
    daysLeft: purchase.termDays,
    startAt: null,
    endAt: null,
    reservedFrom: null,
    partialRank: null,
    history: emptyHistory(),
  };
  return frozen ? Object.freeze(license) : license;
};

/**
 * Any license of a purchased pool, touched or not, from the pool and license
 * maps themselves (what {@link getLicense} reads from a state): a license never
 * touched since its purchase is made up as Unused with its purchase's full term.
 *
 * @since 0.1.0
 */
export const findLicense = (
  pools: PersistentMap<Pool>,
  licenses: PersistentMap<License>,
  licenseId: string,
): License | undefined => {
  const stored = getEntry(licenses, licenseId);
  if (stored !== undefined) return stored;
  const parsed = parseLicenseId(licenseId);
  const pool = parsed === undefined ? undefined : getEntry(pools, parsed.poolId);
  return pool === undefined || parsed === undefined ? undefined : untouchedLicense(pool, parsed.number);
};

/**
 * A license by id (R-P3), with its state and full history.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { getLicense } from '@license-ledger/core/internal'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.equal(getLicense(state, 'acme-kes#1')?.status, 'applied')
 * assert.equal(getLicense(state, 'acme-kes#1')?.machineId, 'ws-001')
 * assert.equal(getLicense(state, 'acme-kes#2')?.status, 'unused') // never handed out, still a license of the pool
 * assert.equal(getLicense(state, 'acme-kes#11'), undefined) // past the pool's Max
 */
export const getLicense = (state: LedgerState, licenseId: string): License | undefined =>
  findLicense(state.pools, state.licenses, licenseId);

/**
 * A pool by id, or `undefined` when the ledger has no such pool.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { getPool } from '@license-ledger/core/internal'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.equal(getPool(state, 'acme-kes')?.max, 10)
 * assert.equal(getPool(state, 'acme-kes')?.counts.applied, 1)
 * assert.equal(getPool(state, 'no-such-pool'), undefined)
 */
export const getPool = (state: Pick<LedgerState, 'pools'>, poolId: string): Pool | undefined =>
  getEntry(state.pools, poolId);

/**
 * Every pool, sorted by id.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, listPools, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(listPools(state).map((pool) => pool.poolId), ['acme-kes'])
 */
export const listPools = (state: Pick<LedgerState, 'pools'>): Pool[] =>
  [...mapValues(state.pools)].sort(byId((pool) => pool.poolId));

/**
 * Every license of a pool in number order, touched or not, made lazily one at a
 * time: walking all of it is O(Max), up to a billion per purchase (R-P1). Code
 * that must answer for any pool walks {@link touchedLicenses} and treats
 * {@link untouchedRange} as one range instead.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { poolLicenses } from '@license-ledger/core/internal'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const licenses = [...poolLicenses(state, 'acme-kes')]
 * assert.equal(licenses.length, 10)
 * assert.deepStrictEqual(licenses.filter((l) => l.status === 'applied').map((l) => l.licenseId), ['acme-kes#1'])
 */
export function* poolLicenses(state: LedgerState, poolId: string): Generator<License> {
  const pool = getPool(state, poolId);
  if (pool === undefined) return;
  for (let n = 1; n <= pool.max; n++) {
    const license = getEntry(state.licenses, licenseIdOf(poolId, n)) ?? untouchedLicense(pool, n);
    if (license !== undefined) yield license;
  }
}

/**
 * The licenses of a pool that ever left Unused, in number order: numbers 1 to
 * `nextFresh - 1`, every one handed out at least once (R-P3). O(licenses ever
 * used), however large Max is. Every other license is in {@link untouchedRange}.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { touchedLicenses } from '@license-ledger/core/internal'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual([...touchedLicenses(state, 'acme-kes')].map((l) => `${l.licenseId} ${l.status}`), ['acme-kes#1 applied'])
 */
export function* touchedLicenses(state: LedgerState, poolId: string): Generator<License> {
  const pool = getPool(state, poolId);
  if (pool === undefined) return;
  for (let n = 1; n < pool.nextFresh; n++) {
    const license = getEntry(state.licenses, licenseIdOf(poolId, n)) ?? untouchedLicense(pool, n);
    if (license !== undefined) yield license;
  }
}

/**
 * The licenses of a pool never handed out since their purchase, as one range of
 * numbers (`first..last`, all Unused with their purchase's full term), or
 * `undefined` when none is left. With `touchedLicensesOf`, every license of
 * the pool, without making the never-used ones one by one.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupPool, replay, splitLines, untouchedRange } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const pool = lookupPool('acme-kes')(state)
 * assert(pool._tag === 'Right')
 * assert.deepStrictEqual(untouchedRange(pool.right), { first: 2, last: 10 })
 */
export const untouchedRange = (pool: Pool): { readonly first: number; readonly last: number } | undefined =>
  pool.nextFresh > pool.max ? undefined : { first: pool.nextFresh, last: pool.max };

/**
 * A machine by id; a deleted agent's record has `deletedAt` set.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { getMachine } from '@license-ledger/core/internal'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.equal(getMachine(state, 'ws-001')?.groupId, 'acme.hq')
 * assert.deepStrictEqual(getMachine(state, 'ws-001')?.installs.map((i) => i.licenseId), ['acme-kes#1'])
 * assert.equal(getMachine(state, 'ws-999'), undefined)
 */
export const getMachine = (state: LedgerState, machineId: string): Machine | undefined =>
  getEntry(state.machines, machineId);

/**
 * Every machine record, sorted by id.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, listMachines, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(listMachines(state).map((m) => m.machineId), ['ws-001'])
 */
export const listMachines = (state: LedgerState): Machine[] =>
  [...mapValues(state.machines)].sort(byId((machine) => machine.machineId));

/**
 * An SVM by id, or `undefined` when the ledger has no such SVM.
 *
 * @since 0.1.0
 */
export const getSvm = (state: Pick<LedgerState, 'svms'>, svmId: string): Svm | undefined => getEntry(state.svms, svmId);

/**
 * Every SVM, sorted by id.
 *
 * @since 0.1.0
 */
export const listSvms = (state: Pick<LedgerState, 'svms'>): Svm[] =>
  [...mapValues(state.svms)].sort(byId((svm) => svm.svmId));
