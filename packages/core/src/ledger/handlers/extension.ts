import * as E from 'fp-ts/Either';
import type { AutoExtendSetEvent, ExtendedEvent, ReturnedEvent } from '../../events/license-events';
import type { Installation } from '../../state/machine';
import type { LedgerReader } from '../draft';
import { returnToUnused, takeUnused, transition } from '../licenses';
import { unusedCount } from '../tally';
import { installFrom, noteOn, withInstall } from '../machines';
import { reject } from '../rejection';
import { causeOf, type Handler, isKes, unknownMachine, unknownPool } from './handler';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** R-X1: queue `count` never-used licenses on a machine with KES applied. */
export const extended: Handler<ExtendedEvent> = (reader, event) => {
  const count = event.count ?? 1;
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  if (!isKes(pool))
    return reject(event.id, 'R-X1', `only KES licenses are extended; pool ${pool.poolId} is ${pool.module}`);
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  const install = installFrom(machine, pool.poolId);
  const license = install?.status === 'installed' ? reader.license(install.licenseId) : undefined;
  if (install === undefined || license?.status !== 'applied') {
    return reject(event.id, 'R-X1', `${event.machineId} has no applied KES license from pool ${pool.poolId} to extend`);
  }
  const unused = unusedCount(pool);
  if (unused < count)
    return reject(
      event.id,
      'R-X1',
      `extending by ${count} needs ${plural(count, 'unused license')}; pool ${pool.poolId} has ${unused}`,
    );
  return E.right((draft) => {
    const cause = causeOf(event, 'R-X1');
    const queued: string[] = [];
    for (let i = 0; i < count; i++) {
      const next = takeUnused(draft, pool.poolId);
      if (next === undefined) break;
      transition(draft, next, { status: 'extended', machineId: machine.machineId }, cause);
      queued.push(next.licenseId);
    }
    const updated: Installation = { ...install, queue: [...install.queue, ...queued] };
    const placed = withInstall(machine, updated);
    draft.setMachine(
      draft.keepsHistory ? noteOn(draft, placed, cause, `extended by ${queued.join(', ')}`, pool.poolId, null) : placed,
    );
  });
};

const kesInstallOn = (reader: LedgerReader, event: { id: string; poolId: string; machineId: string }) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  return E.right({ pool, machine, install: installFrom(machine, pool.poolId) });
};

/** R-X3: give back `count` queued extensions, newest first; more than queued is rejected whole. */
export const returned: Handler<ReturnedEvent> = (reader, event) => {
  const count = event.count ?? 1;
  const found = kesInstallOn(reader, event);
  if (E.isLeft(found)) return found;
  const { machine, install } = found.right;
  const queued = install?.queue.length ?? 0;
  if (install === undefined || queued < count) {
    return reject(
      event.id,
      'R-X3',
      `cannot return ${count}: ${plural(queued, 'extension')} queued on ${event.machineId} from pool ${event.poolId}`,
    );
  }
  return E.right((draft) => {
    const cause = causeOf(event, 'R-X3');
    const giveBack = install.queue.slice(install.queue.length - count).reverse();
    for (const licenseId of giveBack) returnToUnused(draft, licenseId, cause);
    const updated: Installation = { ...install, queue: install.queue.slice(0, install.queue.length - count) };
    const placed = withInstall(machine, updated);
    draft.setMachine(
      draft.keepsHistory ? noteOn(draft, placed, cause, `returned ${giveBack.join(', ')}`, event.poolId, null) : placed,
    );
  });
};

/**
 * R-X4: auto-extend on or off for a machine's KES install. Decision: it needs
 * KES checked in from the pool (its license applied or expired); on an install
 * that is only pending it is rejected. A pending reinstall over an expired
 * install from the same pool counts as checked in: the setting carries over.
 */
export const autoExtendSet: Handler<AutoExtendSetEvent> = (reader, event) => {
  const found = kesInstallOn(reader, event);
  if (E.isLeft(found)) return found;
  const { pool, machine, install } = found.right;
  if (!isKes(pool) || install === undefined) {
    return reject(event.id, 'R-X4', `${event.machineId} has no KES install from pool ${event.poolId} to auto-extend`);
  }
  if (install.status === 'pending' && install.replaces?.poolId !== pool.poolId) {
    return reject(
      event.id,
      'R-X4',
      `the KES install from pool ${event.poolId} on ${event.machineId} is only pending; auto-extend needs it checked in`,
    );
  }
  return E.right((draft) => {
    const cause = causeOf(event, 'R-X4');
    draft.setMachine(
      noteOn(
        draft,
        withInstall(machine, { ...install, autoExtend: event.enabled }),
        cause,
        `auto-extend ${event.enabled ? 'on' : 'off'}`,
        pool.poolId,
        null,
      ),
    );
  });
};
