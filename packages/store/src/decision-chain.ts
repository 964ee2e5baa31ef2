/**
 * One replay deciding the batches of an import one after the other, each batch's
 * outcomes read push by push, a state handed out only at the end.
 *
 * @since 0.4.0
 */
import { createReplayer, type LedgerState, type Replayer } from '@license-ledger/core';
import { bodyDigest, type BodyDigest } from '@license-ledger/core/internal';
import type { Decision, StoredEvent } from './append';
import type { ValidEvent } from './stored-events';

/**
 * A batch decided on a chain: the decision on the events to write, and the exact repeats left out.
 *
 * @since 0.4.0
 */
export interface ChainDecision {
  readonly decided: Decision;
  /** The events to write, in order: the batch's events but the repeats. */
  readonly written: ValidEvent[];
  readonly repeats: number;
}

/** Rejected events whose ids a chain keeps (a few MB at most). */
const REJECTED_KEPT = 100_000;

/**
 * A chain of decisions going on from a ledger's state at a version: each batch is decided on the state
 * the batches before it leave, in one draft (core's `Replayer.lastOutcome` gives each event's outcome
 * without handing out a state, which would make the batches after it slower to decide). The chain
 * knows nothing of the database: its decisions hold only while every batch decided on it is written
 * as decided, which the caller checks (appendBatches drops the chain when a write went otherwise).
 *
 * @since 0.4.0
 */
export class DecisionChain {
  private readonly replayer: Replayer;
  private at: number;
  /**
   * The body digests of events the chain decided as rejected, by id (the rules do not record their ids,
   * the store does: R-L5), at most `rejectedKept`; a repeat of one not kept is decided again, and its
   * write then fails on the id already stored, so it goes the careful way.
   */
  private readonly rejected = new Map<string, BodyDigest>();

  /** A chain from `base`, the ledger's state after `version` events, keeping at most `rejectedKept` rejected ids. */
  constructor(
    base: LedgerState,
    version: number,
    private readonly rejectedKept: number = REJECTED_KEPT,
  ) {
    // No problem kept: each one comes with its event's outcome.
    this.replayer = createReplayer({ mode: 'lenient', history: 'none', from: base, maxProblems: 0 });
    this.at = version;
  }

  /** The version the batches decided so far lead to. */
  get version(): number {
    return this.at;
  }

  /**
   * Decides `events` (distinct within their batch) at the chain's version and moves the chain past
   * them; gives the event loop a turn after every `slice` events (a write in flight on a server
   * connection goes on meanwhile). Exact repeats of events decided on the chain (R-L5: stored, or
   * being written) are left out and counted, as the careful path would find them stored.
   */
  async decide(events: readonly ValidEvent[], slice: number): Promise<ChainDecision> {
    const from = this.at;
    const stored: StoredEvent[] = [];
    const written: ValidEvent[] = [];
    let repeats = 0;
    for (let i = 0; i < events.length; i++) {
      const item = events[i] as ValidEvent;
      const { event } = item;
      const earlier = this.rejected.get(event.id);
      if (earlier !== undefined && earlier === bodyDigest(event)) {
        repeats += 1;
        continue;
      }
      const version = from + 1 + written.length;
      this.replayer.push({ line: version, event });
      const outcome = this.replayer.lastOutcome();
      if (outcome === null || outcome.kind === 'stopped') throw new Error(`the rules did not read event ${event.id}`);
      if (outcome.kind === 'duplicate') {
        repeats += 1;
        continue;
      }
      written.push(item);
      if ('problem' in outcome) {
        // Another body under an id already stored is not recorded: its write fails on the unique id
        // and the careful path refuses it (R-L5).
        if (outcome.problem.rule !== 'R-L5' && this.rejected.size < this.rejectedKept)
          this.rejected.set(event.id, bodyDigest(event));
        stored.push({
          version,
          eventId: event.id,
          outcome: 'rejected',
          rule: outcome.problem.rule,
          message: outcome.problem.message,
        });
      } else stored.push({ version, eventId: event.id, outcome: 'applied' });
      if ((i + 1) % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.at = from + written.length;
    return { decided: { from, stored }, written, repeats };
  }

  /** The state after every batch decided so far (a state handed out: take it once, at the end). */
  state(): LedgerState {
    return this.replayer.result().state;
  }
}
