import * as E from 'fp-ts/Either';
import { claimedId, eventProblem } from '../events/check-event';
import type { LedgerEvent } from '../events/ledger-event';
import { formatInstant, type Instant } from '../time/instant';
import type { LedgerState } from '../state/ledger-state';
import { keyHandlers } from '../keys/key-handlers';
import { Draft, type PoolObserver } from './draft';
import { agentDeleted, cleanDatabaseRun, recoveryRun } from './handlers/agent';
import { autoExtendSet, extended, returned } from './handlers/extension';
import type { Handler } from './handlers/handler';
import { installFailed, installRequested, kesInstalled, moduleInstalled } from './handlers/install';
import { licenseMarkedOther, otherResolved } from './handlers/other';
import { licensePurchased } from './handlers/purchase';
import { avUninstalledByUser, uninstalled } from './handlers/uninstall';
import type { Rejection } from './rejection';
import { advanceDraft, beforeClock } from './time-driven';
import type { QueryError } from '../query/query-error';
import { ID_NEW, ID_SAME_BODY } from '../collections/id-hash-map';
import { bodyDigestInto } from './body-digest';

type Handlers = { readonly [T in LedgerEvent['type']]: Handler<Extract<LedgerEvent, { type: T }>> };

const handlers: Handlers = {
  LicensePurchased: licensePurchased,
  InstallRequested: installRequested,
  KesInstalled: kesInstalled,
  ModuleInstalled: moduleInstalled,
  InstallFailed: installFailed,
  Uninstalled: uninstalled,
  AvUninstalledByUser: avUninstalledByUser,
  AgentDeleted: agentDeleted,
  RecoveryRun: recoveryRun,
  CleanDatabaseRun: cleanDatabaseRun,
  Extended: extended,
  Returned: returned,
  AutoExtendSet: autoExtendSet,
  LicenseMarkedOther: licenseMarkedOther,
  OtherResolved: otherResolved,
  ...keyHandlers,
};

/**
 * What became of one event: applied, skipped as an exact repeat (R-L5), or rejected (R-L3).
 *
 * @since 0.1.0
 */
export type Outcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

/**
 * What `applyEvent` returns: the new state and what became of the event (applied, duplicate, or rejected with the rule it breaks).
 *
 * @since 0.1.0
 */
export interface ApplyResult {
  readonly state: LedgerState;
  readonly outcome: Outcome;
}

const APPLIED: Outcome = Object.freeze({ kind: 'applied' });
const DUPLICATE: Outcome = Object.freeze({ kind: 'duplicate' });

/**
 * Applies one event to a draft: checks time order (R-T1) and repeats (R-L5), lets
 * every due change happen (R-T4), then decides and writes. Used by
 * {@link applyEvent} and by replay, which keeps one draft for a whole log.
 * `knownDigest`: the event's body digest as four words (`bodyDigestInto`'s),
 * when it was computed elsewhere; read at once, never kept.
 */
export const applyToDraft = (draft: Draft, event: LedgerEvent, knownDigest?: Int32Array): Outcome => {
  // The digest as four words, never as its string: the id table compares and stores words (~50 B less per event).
  // Copied into the draft's own words: they are read again after the handler wrote, and a pool observer may
  // apply events elsewhere meanwhile (each draft, and so each replay or `applyEvent`, has its own).
  const digest = draft.digestWords;
  if (knownDigest === undefined) bodyDigestInto(event, digest);
  else if (knownDigest !== digest) {
    digest[0] = knownDigest[0] as number;
    digest[1] = knownDigest[1] as number;
    digest[2] = knownDigest[2] as number;
    digest[3] = knownDigest[3] as number;
  }
  // Read once: events come in a dozen shapes, so each read of them here is a megamorphic load (~50 instructions).
  const id = event.id;
  const at = event.at;
  // A re-sent event carries its old instant: it is a repeat (R-L5) before it is out of order (R-T1).
  const seen = draft.appliedIds.check(id, digest);
  if (seen !== ID_NEW) {
    if (seen === ID_SAME_BODY) return DUPLICATE;
    return {
      kind: 'rejected',
      rejection: {
        eventId: id,
        rule: 'R-L5',
        message: `event id ${id} was already applied with a different body`,
      },
    };
  }
  if (draft.clock !== null && at < draft.clock) {
    const rejection = {
      eventId: id,
      rule: 'R-T1',
      message: `event at ${formatInstant(at)} comes after one at ${formatInstant(draft.clock)}; the log must be in time order`,
    } as const;
    return { kind: 'rejected', rejection };
  }
  // The decision must see every change due by the event's instant (R-T4), but a
  // rejected event moves nothing, not even time (R-L3): the draft records what
  // advancing writes, and only when there is something to advance through.
  const advanced = draft.hasDueBy(at);
  if (advanced) {
    draft.checkpoint();
    advanceDraft(draft, at);
  }
  const handler = handlers[event.type] as Handler<LedgerEvent>;
  const decision = handler(draft, event);
  if (E.isLeft(decision)) {
    if (advanced) draft.rollback();
    return { kind: 'rejected', rejection: decision.left };
  }
  if (advanced) draft.release();
  draft.now = at;
  decision.right(draft);
  draft.appliedIds.addWords(id, digest, draft.edit);
  // A back-dated install (installedAt) may already be due.
  advanceDraft(draft, at);
  return APPLIED;
};

/**
 * Applies one event to a state and returns the new state with what became of
 * the event. Pure: the given state is never changed. A rejected event or a
 * repeat gives back the very state it was given (R-L3, R-L5).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { applyEvent, emptyLedger, parseInstant } from '@license-ledger/core'
 * const at = parseInstant('2025-01-01T00:00:00Z')!
 * const { state, outcome } = applyEvent({ type: 'LicensePurchased', id: 'e1', at, poolId: 'p', module: 'KES', quantity: 10 })(emptyLedger())
 * assert.deepStrictEqual(outcome.kind, 'applied')
 */
export const applyEvent =
  (event: LedgerEvent) =>
  (state: LedgerState): ApplyResult => {
    // Events built in code skipped the decoder: a bad one is rejected with its reason, never stored or thrown on (R-L2).
    const problem = eventProblem(event);
    if (problem !== undefined)
      return {
        state,
        outcome: {
          kind: 'rejected',
          rejection: { eventId: claimedId(event), rule: 'R-L2', message: `not a valid event: ${problem}` },
        },
      };
    const draft = new Draft(state);
    const outcome = applyToDraft(draft, event);
    return { state: outcome.kind === 'applied' ? draft.snapshot() : state, outcome };
  };

/**
 * Options of `advanceTo`.
 *
 * @since 0.2.0
 */
export interface AdvanceOptions {
  /** Told of every pool change on the way, with its instant (a timeline of the counts). */
  readonly onPoolChange?: PoolObserver;
}

/**
 * The state as of a later instant: every time-driven change due by then has
 * happened (R-T4). Asking for an instant before the state's clock is an error:
 * the past is read by replaying up to it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { advanceTo, emptyLedger, formatInstant, parseInstant } from '@license-ledger/core'
 * const later = advanceTo(parseInstant('2026-01-01T00:00:00Z')!)(emptyLedger())
 * assert(later._tag === 'Right')
 * assert.equal(formatInstant(later.right.clock!), '2026-01-01T00:00:00Z')
 * const earlier = advanceTo(parseInstant('2025-01-01T00:00:00Z')!)(later.right)
 * assert(earlier._tag === 'Left' && earlier.left.kind === 'before-clock') // the past is read by replaying
 */
export const advanceTo =
  (until: Instant, options: AdvanceOptions = {}) =>
  (state: LedgerState): E.Either<QueryError, LedgerState> => {
    const past = beforeClock(state, until);
    if (past !== undefined) return E.left(past);
    const draft = new Draft(state);
    draft.observer = options.onPoolChange;
    advanceDraft(draft, until);
    return E.right(draft.snapshot());
  };
