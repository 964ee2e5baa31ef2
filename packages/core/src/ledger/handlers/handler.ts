import type * as E from 'fp-ts/Either';
import type { Pool } from '../../state/pool';
import type { RuleId } from '../../state/rules';
import type { Draft, LedgerReader } from '../draft';
import type { Cause } from '../licenses';
import { reject, type Rejection } from '../rejection';

/** The writes of an accepted event; run only after every check passed. */
export type Write = (draft: Draft) => void;

/**
 * Decides whether an event can be applied, reading only; on success returns the
 * writes. Splitting the two is what keeps a rejected event from changing anything (R-L3).
 */
export type Handler<Ev> = (reader: LedgerReader, event: Ev) => E.Either<Rejection, Write>;

export const causeOf = (event: { readonly id: string; readonly at: Cause['at'] }, rule: RuleId): Cause => ({
  at: event.at,
  eventId: event.id,
  rule,
});

/**
 * `cause` under another rule: `cause` itself when it has that rule already. A
 * decision's cause copied per event with the rule it already had was ~40 B of
 * the fold's allocation per install (docs/performance.md, "Sixteenth session").
 */
export const withRule = (cause: Cause, rule: RuleId): Cause => (cause.rule === rule ? cause : { ...cause, rule });

export const unknownPool = (eventId: string, poolId: string) =>
  reject(eventId, 'R-P1', `pool ${poolId} was never purchased`);

export const unknownMachine = (eventId: string, machineId: string) =>
  reject(
    eventId,
    'R-L3',
    `machine ${machineId} is not known to the ledger (never installed, or its agent was deleted)`,
  );

export const isKes = (pool: Pool): boolean => pool.module === 'KES';
