import {
  byId,
  type Installation,
  type KeySlot,
  type LedgerState,
  type License,
  listMachines,
  listPools,
  listSvms,
  type Machine,
  type Svm,
} from '@license-ledger/core';
import { getPool, poolLicenses } from '@license-ledger/core/internal';

/** A machine's installation, with the machine it is on. */
export interface PlacedInstall {
  readonly machine: Machine;
  readonly install: Installation;
}

/** Machines whose agent is not deleted, by id. */
export const liveMachines = (state: LedgerState): readonly Machine[] =>
  listMachines(state).filter((m) => m.deletedAt === null);

/** Every installation on a live machine, by machine id then pool id. */
export const liveInstalls = (state: LedgerState): readonly PlacedInstall[] =>
  liveMachines(state).flatMap((machine) =>
    [...machine.installs].sort(byId((install) => install.poolId)).map((install) => ({ machine, install })),
  );

/** The module of a pool, or undefined for a pool never purchased. */
export const moduleOf = (state: LedgerState, poolId: string): string | undefined => getPool(state, poolId)?.module;

/** Every license of every pool in a given status, by pool id then number. */
export const licensesIn = (state: LedgerState, status: License['status']): readonly License[] =>
  listPools(state).flatMap((pool) =>
    [...poolLicenses(state, pool.poolId)].filter((license) => license.status === status),
  );

/** An SVM's slot, with the SVM it belongs to. */
export interface PlacedSlot {
  readonly svm: Svm;
  readonly slot: KeySlot;
}

/** Every slot of every SVM, by SVM id then slot type. */
export const allSlots = (state: LedgerState): readonly PlacedSlot[] =>
  listSvms(state).flatMap((svm) => svm.slots.map((slot) => ({ svm, slot })));

/** The `n`-th item, wrapping around; undefined when there is none. */
export const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];
