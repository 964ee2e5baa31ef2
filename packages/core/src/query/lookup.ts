import { emptyHistory } from '../collections/history';
import { getEntry, mapValues, type PersistentMap } from '../collections/persistent-map';
import type { LedgerState } from '../state/ledger-state';
import type { License } from '../state/license';
import type { Machine } from '../state/machine';
import type { Pool, Purchase } from '../state/pool';
import type { Svm } from '../state/svm';
import { byId } from './compare-ids';

const LICENSE_NUMBER = /^[1-9]\d*$/;

/**
 * The id of license number `number` of a pool (R-P3): `<poolId>#<n>`.
 *
 * @since 0.1.0
 * @example licenseIdOf('acme-kes', 3) // 'acme-kes#3'
 */
export const licenseIdOf = (poolId: string, number: number): string => `${poolId}#${number}`;

/**
 * Splits a license id `<poolId>#<n>` (R-P3) at its last `#`, so the pool id may
 * itself contain `#`; `undefined` unless `n` is a number ≥ 1 without leading zeros.
 *
 * @since 0.1.0
 * @example
 * parseLicenseId('acme#kes#3') // { poolId: 'acme#kes', number: 3 }
 * parseLicenseId('acme-kes#03') // undefined
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
 * @example purchaseOf(getPool(state, 'acme-kes')!, 3)?.eventId // 'e1'
 */
export const purchaseOf = (pool: Pool, number: number): Purchase | undefined =>
  pool.purchases.find((p) => p.first <= number && number <= p.last);

/** A license of `pool` never touched since its purchase: Unused, with its purchase's full term. */
export const untouchedLicense = (pool: Pool, number: number): License | undefined => {
  const purchase = purchaseOf(pool, number);
  if (purchase === undefined) return undefined;
  return Object.freeze<License>({
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
  });
};

/**
 * Any license of a purchased pool, touched or not, from the pool and license
 * maps themselves (what {@link getLicense} reads from a state): a license never
 * touched since its purchase is made up as Unused with its purchase's full term.
 *
 * @since 0.1.0
 * @example findLicense(state.pools, state.licenses, 'acme-kes#7')?.status // 'unused'
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
 * @example getLicense(state, 'acme-kes#1')?.status // 'applied'
 */
export const getLicense = (state: LedgerState, licenseId: string): License | undefined =>
  findLicense(state.pools, state.licenses, licenseId);

/**
 * A pool by id, or `undefined` when the ledger has no such pool.
 *
 * @since 0.1.0
 * @example getPool(state, 'acme-kes')?.max // 10
 */
export const getPool = (state: LedgerState, poolId: string): Pool | undefined => getEntry(state.pools, poolId);

/** Every pool, sorted by id. @since 0.1.0 @example listPools(state).map((p) => p.poolId) */
export const listPools = (state: LedgerState): Pool[] => [...mapValues(state.pools)].sort(byId((pool) => pool.poolId));

/**
 * Every license of a pool in number order, touched or not, made lazily one at a
 * time: walking all of it is O(Max), up to a billion per purchase (R-P1). Code
 * that must answer for any pool walks {@link touchedLicenses} and treats
 * {@link untouchedRange} as one range instead.
 *
 * @since 0.1.0
 * @example [...poolLicenses(state, 'acme-kes')].filter((l) => l.status === 'partial').length
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
 * @example [...touchedLicenses(state, 'acme-kes')].filter((l) => l.status === 'applied').length
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
 * `undefined` when none is left. With {@link touchedLicenses}, every license of
 * the pool, without making the never-used ones one by one.
 *
 * @since 0.2.0
 * @example untouchedRange(getPool(state, 'acme-kes')!) // { first: 4, last: 10 }
 */
export const untouchedRange = (pool: Pool): { readonly first: number; readonly last: number } | undefined =>
  pool.nextFresh > pool.max ? undefined : { first: pool.nextFresh, last: pool.max };

/** A machine by id; a deleted agent's record has `deletedAt` set. @since 0.1.0 @example getMachine(state, 'ws-001')?.groupId */
export const getMachine = (state: LedgerState, machineId: string): Machine | undefined =>
  getEntry(state.machines, machineId);

/** Every machine record, sorted by id. @since 0.1.0 @example listMachines(state).length */
export const listMachines = (state: LedgerState): Machine[] =>
  [...mapValues(state.machines)].sort(byId((machine) => machine.machineId));

/**
 * An SVM by id, or `undefined` when the ledger has no such SVM.
 *
 * @since 0.1.0
 * @example getSvm(state, 'svm-1')?.clusterId
 */
export const getSvm = (state: LedgerState, svmId: string): Svm | undefined => getEntry(state.svms, svmId);

/** Every SVM, sorted by id. @since 0.1.0 @example listSvms(state).map((s) => s.svmId) */
export const listSvms = (state: LedgerState): Svm[] => [...mapValues(state.svms)].sort(byId((svm) => svm.svmId));
