import { listSvms } from '@license-ledger/core';
import type { StateInvariant } from './invariant';

/**
 * R-K4: a reserve key only exists beside an active key in the same slot, of the
 * same type and edition; neither key is a subscription key and the reserve is
 * not a trial key. Check it at every instant: a reserve that passes when added
 * must still fit after later activations (R-K3) and takeovers (R-K5).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { reserveKeyBesideActiveKey } from '@license-ledger/testing'
 * assert.deepStrictEqual(reserveKeyBesideActiveKey(emptyLedger()), [])
 */
export const reserveKeyBesideActiveKey: StateInvariant = (state) =>
  listSvms(state).flatMap((svm) =>
    svm.slots.flatMap((slot) => {
      const reserve = slot.reserve;
      if (reserve === null) return [];
      const where = `R-K4: ${svm.svmId} ${slot.type} slot: reserve key ${reserve.keyId}`;
      const active = slot.active;
      if (active === null) return [`${where} has no active key beside it`];
      const out: string[] = [];
      if (reserve.type !== slot.type || active.key.type !== slot.type)
        out.push(`${where} is a ${reserve.type} key beside ${active.key.type} key ${active.key.keyId}`);
      if (reserve.edition !== active.key.edition)
        out.push(`${where} is ${reserve.edition}, active key ${active.key.keyId} is ${active.key.edition}`);
      if (reserve.subscription || active.key.subscription)
        out.push(`${where} sits with a subscription key (${reserve.subscription ? reserve.keyId : active.key.keyId})`);
      if (reserve.trial === true) out.push(`${where} is a trial key`);
      return out;
    }),
  );
