import * as E from 'fp-ts/Either';
import { produce } from 'immer';
import { appendHistory, emptyHistory } from '../collections/history';
import type {
  ActivationCodeRenewalEvent,
  KeyActivatedEvent,
  LicenseKeySpec,
  ReserveKeyAddedEvent,
  SvmRegisteredEvent,
} from '../events/key-events';
import type { Instant } from '../time/instant';
import type { RuleId } from '../state/rules';
import type { ActiveKey, Svm, TaskErrorReason } from '../state/svm';
import type { Draft, LedgerReader } from '../ledger/draft';
import type { Handler } from '../ledger/handlers/handler';
import { reject, type Rejection } from '../ledger/rejection';
import { activeKey, emptySlot, schemeOf } from './key-term';
import { byId } from '../query/compare-ids';

const unknownSvm = (eventId: string, svmId: string) => reject(eventId, 'R-L3', `SVM ${svmId} was never registered`);

const note = (
  svm: Svm,
  at: Instant,
  eventId: string | null,
  rule: RuleId,
  what: string,
  keyId: string | null,
): Svm['history'] => appendHistory(svm.history, Object.freeze({ at, eventId, rule, what, keyId }));

/** An SVM joins (or moves to) a KSC cluster. */
const svmRegistered: Handler<SvmRegisteredEvent> = (reader, event) =>
  E.right((draft) => {
    const known = reader.svm(event.svmId);
    const svm: Svm = known ?? {
      svmId: event.svmId,
      clusterId: event.clusterId,
      slots: [],
      taskErrors: emptyHistory(),
      history: emptyHistory(),
    };
    const what =
      known === undefined ? `registered in cluster ${event.clusterId}` : `moved to cluster ${event.clusterId}`;
    draft.setSvm(
      Object.freeze({ ...svm, clusterId: event.clusterId, history: note(svm, event.at, event.id, 'R-K2', what, null) }),
    );
  });

/**
 * Why a slot's reserve cannot stay beside a newly activated key, if it cannot.
 * R-K3 removes a reserve that expires before the new term ends. The reserve must
 * also still be one R-K4 would accept beside the new key (same edition, no
 * subscription), or a reserve refused today could be active tomorrow. And a
 * reserve activated by hand is used up: one key, one term.
 */
const reserveCannotStay = (reserve: LicenseKeySpec, next: ActiveKey): string | null => {
  if (reserve.keyId === next.key.keyId) return `reserve key ${reserve.keyId} is now the active key`;
  if (reserve.expiresAt !== undefined && reserve.expiresAt < next.endsAt)
    return `reserve key ${reserve.keyId} removed: it expires before the new term ends`;
  if (next.key.subscription) return `reserve key ${reserve.keyId} removed: the new active key is a subscription key`;
  if (reserve.edition !== next.key.edition)
    return `reserve key ${reserve.keyId} removed: it is ${reserve.edition}, the new active key is ${next.key.edition}`;
  return null;
};

/**
 * R-K3: puts a key active in its slot, ending any wait for online renewal. A
 * reserve that cannot stay beside it is removed; a key of the other scheme
 * removes every key of the old one.
 */
const activate = (
  draft: Draft,
  svm: Svm,
  key: LicenseKeySpec,
  at: Instant,
  eventId: string,
  viaActivationCode: boolean,
  rule: RuleId,
): void => {
  const active = activeKey(key, at, viaActivationCode);
  const notes: string[] = [];
  const updated = produce(svm, (d) => {
    const dropped = d.slots.filter((s) => schemeOf(s.type) !== schemeOf(key.type));
    for (const s of dropped)
      notes.push(`${s.type} slot removed: key ${key.keyId} is of the ${schemeOf(key.type)} scheme`);
    d.slots = d.slots.filter((s) => schemeOf(s.type) === schemeOf(key.type));
    let slot = d.slots.find((s) => s.type === key.type);
    if (slot === undefined) {
      slot = emptySlot(key.type);
      d.slots.push(slot);
      d.slots.sort((a, b) => (a.type < b.type ? -1 : 1));
      slot = d.slots.find((s) => s.type === key.type);
    }
    if (slot === undefined) return;
    const why = slot.reserve === null ? null : reserveCannotStay(slot.reserve, active);
    if (why !== null) {
      notes.push(why);
      slot.reserve = null;
    }
    slot.active = active;
    slot.renewal = 'none';
  });
  let history = updated.history;
  for (const what of [`key ${key.keyId} active in the ${key.type} slot`, ...notes]) {
    history = appendHistory(history, Object.freeze({ at, eventId, rule, what, keyId: key.keyId }));
  }
  draft.setSvm(Object.freeze({ ...updated, history }));
  draft.schedule({ at: active.endsAt, kind: 'key-end', slotType: key.type, svmId: svm.svmId, keyId: key.keyId });
};

const keyActivated: Handler<KeyActivatedEvent> = (reader, event) => {
  const svm = reader.svm(event.svmId);
  if (svm === undefined) return unknownSvm(event.id, event.svmId);
  return E.right((draft) =>
    activate(draft, svm, event.key, event.at, event.id, event.viaActivationCode ?? false, 'R-K3'),
  );
};

/**
 * R-K4: why the activation task cannot add `key` as a reserve on `svm`, or null
 * when it can. Checks run in a fixed order and the first failure is the reason:
 * no active key at all, then no active key of the new key's type (`type-mismatch`),
 * then a subscription key (active or new), a trial key, a different edition.
 *
 * @since 0.1.0
 */
export const reserveRefusal = (svm: Svm, key: LicenseKeySpec): TaskErrorReason | null => {
  const actives = svm.slots.filter((s) => s.active !== null);
  if (actives.length === 0) return 'no-active-key';
  const slot = actives.find((s) => s.type === key.type);
  if (slot?.active == null) return 'type-mismatch';
  if (slot.active.key.subscription || key.subscription) return 'subscription';
  if (key.trial === true) return 'trial';
  if (slot.active.key.edition !== key.edition) return 'edition-mismatch';
  return null;
};

const bySvmId = byId((svm: Svm) => svm.svmId);

/**
 * The SVMs an activation task runs on, in id order. A target that reaches no SVM
 * is rejected (R-L3) rather than applied with no effect, so it cannot pass unseen (R-L4).
 */
const targetsOf = (reader: LedgerReader, event: ReserveKeyAddedEvent): E.Either<Rejection, readonly string[]> => {
  const target = event.target;
  if ('svmId' in target)
    return reader.svm(target.svmId) === undefined ? unknownSvm(event.id, target.svmId) : E.right([target.svmId]);
  const all = reader.allSvms();
  const chosen = 'clusterId' in target ? all.filter((svm) => svm.clusterId === target.clusterId) : all;
  if (chosen.length > 0) return E.right(chosen.sort(bySvmId).map((svm) => svm.svmId));
  return reject(
    event.id,
    'R-L3',
    'clusterId' in target ? `no registered SVM is in cluster ${target.clusterId}` : 'no SVM is registered',
  );
};

const refuse = (draft: Draft, svm: Svm, event: ReserveKeyAddedEvent, reason: TaskErrorReason): void => {
  draft.setSvm(
    Object.freeze({
      ...svm,
      taskErrors: appendHistory(
        svm.taskErrors,
        Object.freeze({ at: event.at, eventId: event.id, keyId: event.key.keyId, reason }),
      ),
      history: note(
        svm,
        event.at,
        event.id,
        'R-K4',
        `reserve key ${event.key.keyId} not added: ${reason}`,
        event.key.keyId,
      ),
    }),
  );
};

const addReserve = (draft: Draft, svm: Svm, event: ReserveKeyAddedEvent): void => {
  const replaced = svm.slots.find((s) => s.type === event.key.type)?.reserve ?? null;
  const updated = produce(svm, (d) => {
    const slot = d.slots.find((s) => s.type === event.key.type);
    if (slot !== undefined) slot.reserve = event.key;
  });
  const what = `reserve key ${event.key.keyId} added to the ${event.key.type} slot${replaced === null ? '' : `, replacing ${replaced.keyId}`}`;
  draft.setSvm(
    Object.freeze({ ...updated, history: note(updated, event.at, event.id, 'R-K4', what, event.key.keyId) }),
  );
};

/**
 * R-K4: the activation task adds the reserve key on each targeted SVM, or records
 * that SVM's task error (data, not a rejection of the log). A second reserve replaces the first.
 */
const reserveKeyAdded: Handler<ReserveKeyAddedEvent> = (reader, event) =>
  E.map((svmIds: readonly string[]) => (draft: Draft) => {
    for (const svmId of svmIds) {
      const svm = draft.svm(svmId);
      if (svm === undefined) continue;
      const reason = reserveRefusal(svm, event.key);
      if (reason === null) addReserve(draft, svm, event);
      else refuse(draft, svm, event, reason);
    }
  })(targetsOf(reader, event));

/** R-K5: online renewal succeeded (the new key becomes active) or failed (the slot stays unlicensed until a manual activation). */
const activationCodeRenewal: Handler<ActivationCodeRenewalEvent> = (reader, event) => {
  const svm = reader.svm(event.svmId);
  if (svm === undefined) return unknownSvm(event.id, event.svmId);
  const slot = svm.slots.find((s) => s.type === event.keyType);
  if (slot?.renewal !== 'awaiting')
    return reject(event.id, 'R-K5', `no online renewal is pending for the ${event.keyType} slot of ${event.svmId}`);
  const key = event.key;
  if (key !== undefined && key.type !== event.keyType)
    return reject(event.id, 'R-K5', `renewed key ${key.keyId} is a ${key.type} key, not ${event.keyType}`);
  return E.right((draft) => {
    if (key !== undefined) {
      activate(draft, svm, key, event.at, event.id, true, 'R-K5');
      return;
    }
    const failed = produce(svm, (d) => {
      const s = d.slots.find((x) => x.type === event.keyType);
      if (s !== undefined) s.renewal = 'failed';
    });
    draft.setSvm(
      Object.freeze({
        ...failed,
        history: note(
          failed,
          event.at,
          event.id,
          'R-K5',
          `online renewal failed; the ${event.keyType} slot needs a manual activation task`,
          null,
        ),
      }),
    );
  });
};

/**
 * The handlers of the four key events, merged into the ledger's handler table.
 *
 * @since 0.1.0
 */
export const keyHandlers = {
  SvmRegistered: svmRegistered,
  KeyActivated: keyActivated,
  ReserveKeyAdded: reserveKeyAdded,
  ActivationCodeRenewal: activationCodeRenewal,
} as const;
