import * as E from 'fp-ts/Either';
import { produce } from 'immer';
import { appendHistory, emptyHistory } from '../collections/history';
import { mapValues } from '../collections/persistent-map';
import type { ActivationCodeRenewalEvent, KeyActivatedEvent, LicenseKeySpec, ReserveKeyAddedEvent, SvmRegisteredEvent } from '../events/key-events';
import type { Instant } from '../time/instant';
import type { RuleId } from '../state/rules';
import type { Svm, TaskErrorReason } from '../state/svm';
import type { Draft } from '../ledger/draft';
import type { Handler } from '../ledger/handlers/handler';
import { reject } from '../ledger/rejection';
import { activeKey, emptySlot, schemeOf } from './key-term';

const unknownSvm = (eventId: string, svmId: string) => reject(eventId, 'R-L3', `SVM ${svmId} was never registered`);

const note = (svm: Svm, at: Instant, eventId: string | null, rule: RuleId, what: string, keyId: string | null): Svm['history'] =>
  appendHistory(svm.history, { at, eventId, rule, what, keyId });

/** An SVM joins (or moves to) a KSC cluster. */
const svmRegistered: Handler<SvmRegisteredEvent> = (reader, event) =>
  E.right((draft) => {
    const known = reader.svm(event.svmId);
    const svm: Svm = known ?? { svmId: event.svmId, clusterId: event.clusterId, slots: [], taskErrors: emptyHistory(), history: emptyHistory() };
    const what = known === undefined ? `registered in cluster ${event.clusterId}` : `moved to cluster ${event.clusterId}`;
    draft.setSvm(Object.freeze({ ...svm, clusterId: event.clusterId, history: note(svm, event.at, event.id, 'R-K2', what, null) }));
  });

/**
 * R-K3: puts a key active in its slot. A reserve that expires before the new term
 * ends is removed; a key of the other scheme removes every key of the old one.
 */
const activate = (draft: Draft, svm: Svm, key: LicenseKeySpec, at: Instant, eventId: string, viaActivationCode: boolean, rule: RuleId): void => {
  const active = activeKey(key, at, viaActivationCode);
  const notes: string[] = [];
  const updated = produce(svm, (d) => {
    const dropped = d.slots.filter((s) => schemeOf(s.type) !== schemeOf(key.type));
    for (const s of dropped) notes.push(`${s.type} slot removed: key ${key.keyId} is of the ${schemeOf(key.type)} scheme`);
    d.slots = d.slots.filter((s) => schemeOf(s.type) === schemeOf(key.type));
    let slot = d.slots.find((s) => s.type === key.type);
    if (slot === undefined) {
      slot = emptySlot(key.type);
      d.slots.push(slot);
      d.slots.sort((a, b) => (a.type < b.type ? -1 : 1));
      slot = d.slots.find((s) => s.type === key.type);
    }
    if (slot === undefined) return;
    const reserve = slot.reserve;
    if (slot.active !== null && reserve?.expiresAt !== undefined && reserve.expiresAt < active.endsAt) {
      notes.push(`reserve key ${reserve.keyId} removed: it expires before the new term ends`);
      slot.reserve = null;
    }
    slot.active = active;
    slot.renewal = 'none';
  });
  let history = updated.history;
  for (const what of [`key ${key.keyId} active in the ${key.type} slot`, ...notes]) {
    history = appendHistory(history, { at, eventId, rule, what, keyId: key.keyId });
  }
  draft.setSvm(Object.freeze({ ...updated, history }));
  draft.schedule({ at: active.endsAt, kind: 'key-end', poolId: key.type, machineId: svm.svmId, ref: key.keyId });
};

const keyActivated: Handler<KeyActivatedEvent> = (reader, event) => {
  const svm = reader.svm(event.svmId);
  if (svm === undefined) return unknownSvm(event.id, event.svmId);
  return E.right((draft) => activate(draft, svm, event.key, event.at, event.id, event.viaActivationCode ?? false, 'R-K3'));
};

/** R-K4: why the activation task cannot add `key` as a reserve on `svm`, if it cannot. */
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

const targetsOf = (draft: Draft, event: ReserveKeyAddedEvent): Svm[] => {
  const target = event.target;
  if ('svmId' in target) {
    const svm = draft.svm(target.svmId);
    return svm === undefined ? [] : [svm];
  }
  const all = [...mapValues(draft.svms)];
  const chosen = 'clusterId' in target ? all.filter((s) => s.clusterId === target.clusterId) : all;
  return chosen.sort((a, b) => (a.svmId < b.svmId ? -1 : 1));
};

/** R-K4: adds a reserve key on each targeted SVM, or records that SVM's task error. A second reserve replaces the first. */
const reserveKeyAdded: Handler<ReserveKeyAddedEvent> = (reader, event) => {
  if ('svmId' in event.target && reader.svm(event.target.svmId) === undefined) return unknownSvm(event.id, event.target.svmId);
  return E.right((draft) => {
    for (const svm of targetsOf(draft, event)) {
      const reason = reserveRefusal(svm, event.key);
      if (reason !== null) {
        draft.setSvm(Object.freeze({
          ...svm,
          taskErrors: appendHistory(svm.taskErrors, { at: event.at, eventId: event.id, keyId: event.key.keyId, reason }),
          history: note(svm, event.at, event.id, 'R-K4', `reserve key ${event.key.keyId} not added: ${reason}`, event.key.keyId),
        }));
        continue;
      }
      const replaced = svm.slots.find((s) => s.type === event.key.type)?.reserve ?? null;
      const updated = produce(svm, (d) => {
        const slot = d.slots.find((s) => s.type === event.key.type);
        if (slot !== undefined) slot.reserve = event.key;
      });
      const what = `reserve key ${event.key.keyId} added to the ${event.key.type} slot${replaced === null ? '' : `, replacing ${replaced.keyId}`}`;
      draft.setSvm(Object.freeze({ ...updated, history: note(updated, event.at, event.id, 'R-K4', what, event.key.keyId) }));
    }
  });
};

/** R-K5: online renewal succeeded (the new key becomes active) or failed (the slot stays unlicensed until a manual activation). */
const activationCodeRenewal: Handler<ActivationCodeRenewalEvent> = (reader, event) => {
  const svm = reader.svm(event.svmId);
  if (svm === undefined) return unknownSvm(event.id, event.svmId);
  const slot = svm.slots.find((s) => s.type === event.keyType);
  if (slot?.renewal !== 'awaiting') return reject(event.id, 'R-K5', `no online renewal is pending for the ${event.keyType} slot of ${event.svmId}`);
  const key = event.key;
  if (key !== undefined && key.type !== event.keyType) return reject(event.id, 'R-K5', `renewed key ${key.keyId} is a ${key.type} key, not ${event.keyType}`);
  return E.right((draft) => {
    if (key !== undefined) {
      activate(draft, svm, key, event.at, event.id, true, 'R-K5');
      return;
    }
    const failed = produce(svm, (d) => {
      const s = d.slots.find((x) => x.type === event.keyType);
      if (s !== undefined) s.renewal = 'failed';
    });
    draft.setSvm(Object.freeze({ ...failed, history: note(failed, event.at, event.id, 'R-K5', `online renewal failed; the ${event.keyType} slot needs a manual activation task`, null) }));
  });
};

export const keyHandlers = {
  SvmRegistered: svmRegistered,
  KeyActivated: keyActivated,
  ReserveKeyAdded: reserveKeyAdded,
  ActivationCodeRenewal: activationCodeRenewal,
} as const;
