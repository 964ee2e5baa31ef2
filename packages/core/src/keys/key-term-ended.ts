import { produce } from 'immer';
import { appendHistory } from '../collections/history';
import type { KeyEnd } from '../state/ledger-state';
import type { Draft } from '../ledger/draft';
import { activeKey } from './key-term';

/**
 * R-K5: an active key's term ended (a `key-end` agenda entry came due, R-T4). The
 * reserve key takes over at that instant with a term of its own from there; with
 * none, a key activated by code waits for online renewal; otherwise the slot is
 * unlicensed. A reserve that took over counts as activated by the task, not by
 * code: at its own end the slot waits for nothing.
 *
 * @since 0.1.0
 */
export const keyTermEnded = (draft: Draft, due: KeyEnd): void => {
  const svm = draft.svm(due.svmId);
  const slot = svm?.slots.find((s) => s.type === due.slotType);
  // Stale when the key was replaced or its slot removed since this was scheduled.
  if (svm === undefined || slot?.active?.key.keyId !== due.keyId || slot.active.endsAt !== due.at) return;
  const ended = slot.active;
  const next = slot.reserve === null ? null : activeKey(slot.reserve, due.at, false);
  const what =
    next !== null
      ? `key ${ended.key.keyId} ended; reserve key ${next.key.keyId} took over`
      : ended.viaActivationCode
        ? `key ${ended.key.keyId} ended; waiting for online renewal by activation code`
        : `key ${ended.key.keyId} ended; ${slot.type} slot unlicensed`;
  draft.setSvm(
    produce(svm, (d) => {
      const s = d.slots.find((x) => x.type === due.slotType);
      if (s === undefined) return;
      s.active = next;
      s.reserve = null;
      s.renewal = next === null && ended.viaActivationCode ? 'awaiting' : 'none';
      d.history = appendHistory(
        svm.history,
        Object.freeze({ at: due.at, eventId: null, rule: 'R-K5', what, keyId: next?.key.keyId ?? ended.key.keyId }),
      );
    }),
  );
  if (next !== null)
    draft.schedule({ at: next.endsAt, kind: 'key-end', slotType: slot.type, svmId: svm.svmId, keyId: next.key.keyId });
};
