import * as E from 'fp-ts/Either';
import type { LicensePurchasedEvent } from '../../events/license-events';
import { MAX_POOL_LICENSES } from '../../events/primitives';
import type { Pool } from '../../state/pool';
import { reject } from '../rejection';
import { newPool } from '../new-pool';
import type { Handler } from './handler';

/** R-T5: the KES term is per purchase, 365 days unless the purchase says otherwise. */
export const DEFAULT_KES_TERM_DAYS = 365;

/** R-P1: adds `quantity` never-used licenses, numbered after the pool's last (R-P3). */
export const licensePurchased: Handler<LicensePurchasedEvent> = (reader, event) => {
  const existing = reader.pool(event.poolId);
  if (existing !== undefined && existing.module !== event.module) {
    return reject(event.id, 'R-P1', `pool ${event.poolId} holds ${existing.module} licenses, not ${event.module}`);
  }
  if ((existing?.max ?? 0) + event.quantity > MAX_POOL_LICENSES) {
    return reject(event.id, 'R-P1', `pool ${event.poolId} would hold more than ${MAX_POOL_LICENSES} licenses`);
  }
  // R-P2: add-on modules are seats with no term unless the purchase gives one.
  const termDays = event.termDays ?? (event.module === 'KES' ? DEFAULT_KES_TERM_DAYS : null);
  return E.right((draft) => {
    const pool: Pool = existing ?? newPool(event.poolId, event.module, draft.hashSeed);
    const purchase = Object.freeze({
      eventId: event.id,
      at: event.at,
      first: pool.max + 1,
      last: pool.max + event.quantity,
      termDays,
    });
    const patch = { purchases: [...pool.purchases, purchase], max: pool.max + event.quantity };
    if (existing === undefined) draft.setPool({ ...pool, ...patch });
    else draft.updatePool(existing, patch);
  });
};
