/**
 * Appending a stream of batches, pipelined: while one batch is written, the next
 * is read, validated and decided on the state that write will leave, all on one
 * chain of decisions.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import { type AppendOptions, type AppendResult, type CachedState, type Decision, distinctInBatch } from './append';
import type { ChainDecision, DecisionChain } from './decision-chain';
import { type AppendError, databaseError, type InvalidEvent } from './errors';
import type { ValidEvent } from './stored-events';

/**
 * Options of `appendBatches`.
 *
 * @since 0.3.0
 */
export interface AppendBatchesOptions {
  /** The version the caller last saw, for the first batch (each next batch goes on at the version the previous left). */
  readonly expectedVersion: number | 'any';
  /**
   * What to do with events the codecs refuse (R-L2): `'refuse'` (the default) refuses their batch, as
   * `append` does, and stops; `'skip'` leaves them out of their batch and reports them with it.
   */
  readonly invalid?: 'refuse' | 'skip';
  /** Called after each batch is committed, in order, before the next batch's write starts. */
  readonly onAppended?: (appended: BatchAppended) => void | Promise<void>;
}

/**
 * One batch of `appendBatches`, committed: what `append` returns for it, its index and its invalid events.
 *
 * @since 0.3.0
 */
export interface BatchAppended extends AppendResult {
  /** The batch's place in the stream, from 0. */
  readonly batch: number;
  /** The batch's events the codecs refused (`invalid: 'skip'`), by their index in the batch; not stored. */
  readonly invalid: readonly InvalidEvent[];
}

/**
 * What `appendBatches` did, in total.
 *
 * @since 0.3.0
 */
export interface AppendBatchesResult {
  readonly ledgerId: string;
  /** The ledger's version after the last batch (with no batch: the expected version, or the stored one for `'any'`). */
  readonly version: number;
  readonly batches: number;
  /** Events written, of which `rejected` were rejected by the rules (stored as facts, R-L3). */
  readonly stored: number;
  readonly rejected: number;
  /** Exact repeats of stored events, skipped (R-L5). */
  readonly repeats: number;
  /** Events the codecs refused, left out (`invalid: 'skip'`). */
  readonly invalid: number;
}

/** A decision made on a {@link DecisionChain}, with the distinct events it was made for. */
export interface Premade {
  readonly fresh: { readonly events: ValidEvent[]; readonly repeats: number };
  readonly decided: Decision;
}

/** An append under way: it ends with its result, and whether it was written as `premade` decided it. */
export interface Started {
  readonly done: Promise<E.Either<AppendError, { readonly result: AppendResult; readonly asDecided: boolean }>>;
}

/** What the pipeline needs from the store. */
export interface BatchWriter {
  readonly validate: (raws: readonly unknown[]) => { valid: ValidEvent[]; invalid: InvalidEvent[] };
  /**
   * A chain going on from the ledger's state as this process knows it for sure (the cached state, or a
   * ledger with no event), at the version expected; null when there is none.
   */
  readonly chain: (ledgerId: string, expected: number | 'any') => Promise<DecisionChain | null>;
  /**
   * Starts writing `valid` as one append. A `premade` decision is written as it is (the lean path) if
   * the ledger is at its version (and the version expected), else the store decides again (the careful path).
   */
  readonly start: (
    ledgerId: string,
    valid: readonly ValidEvent[],
    options: AppendOptions,
    premade: Premade | null,
  ) => Started;
  /** Keeps the ledger's state at its version for the appends after (the state a chain reached). */
  readonly keep: (ledgerId: string, cached: CachedState) => void;
  /** Events decided between two turns of the event loop while a write is in flight. */
  readonly slice: number;
  /** The ledger's stored version (asked only when no batch came and any version was expected). */
  readonly version: (ledgerId: string) => Promise<number>;
}

const premadeOf = (chained: ChainDecision, repeats: number): Premade => ({
  fresh: { events: chained.written, repeats: repeats + chained.repeats },
  decided: chained.decided,
});

interface InFlight {
  readonly started: Started;
  readonly batch: number;
  readonly invalid: readonly InvalidEvent[];
  /** The batch had no event new to the ledger: whatever path it took, it wrote nothing. */
  readonly empty: boolean;
}

/**
 * Appends `batches` in order through `writer`, at most one write in flight, every
 * batch decided on one {@link DecisionChain}: a batch is decided on the state the
 * batches before it leave, while the write before it runs, and written as decided
 * if the ledger is then at the version the chain reached. A chain's state is the
 * ledger's as long as every batch decided on it was written as decided (each such
 * write found the ledger at the version the one before it left); a batch written
 * otherwise (another writer moved the ledger, or an id was stored already) drops
 * the chain and the decision made ahead for the next batch, and a new chain goes on
 * from the state that write left. So the result is the same as appending the
 * batches one after the other, and the state is handed out once, at the end.
 *
 * @since 0.3.0
 */
export const appendBatchesWith = async (
  writer: BatchWriter,
  ledgerId: string,
  batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  options: AppendBatchesOptions,
): Promise<E.Either<AppendError, AppendBatchesResult>> => {
  let expected = options.expectedVersion;
  let version = typeof expected === 'number' ? expected : 0;
  let count = 0;
  let stored = 0;
  let rejected = 0;
  let repeats = 0;
  let invalidCount = 0;
  let inFlight: InFlight | null = null;
  let chain: DecisionChain | null = null;

  /** Waits for the write in flight; its error, or null once it is committed and reported. */
  const settle = async (): Promise<AppendError | null> => {
    if (inFlight === null) return null;
    const { started, batch, invalid, empty } = inFlight;
    inFlight = null;
    const done = await started.done;
    if (E.isLeft(done)) {
      chain = null;
      return done.left;
    }
    const { result, asDecided } = done.right;
    // Written otherwise than the chain decided: the chain is not the ledger's state any more.
    if (!asDecided && !empty) chain = null;
    if (expected !== 'any') expected = result.version;
    version = result.version;
    stored += result.stored.length;
    rejected += result.stored.filter((s) => s.outcome === 'rejected').length;
    repeats += result.repeats;
    invalidCount += invalid.length;
    await options.onAppended?.({ ...result, batch, invalid });
    return null;
  };

  try {
    for await (const raws of batches) {
      const { valid, invalid } = writer.validate(raws);
      if (invalid.length > 0 && options.invalid !== 'skip') {
        const failed = await settle();
        if (failed !== null) return E.left(failed);
        const first = invalid[0] as InvalidEvent;
        return E.left({
          _tag: 'InvalidEvents',
          ledgerId,
          events: invalid,
          message: `${invalid.length} of ${raws.length} events are not valid (event ${first.index}${first.eventId === null ? '' : ` ${first.eventId}`}: ${first.message}); nothing of this batch was stored`,
        });
      }
      const distinct = distinctInBatch(ledgerId, valid);
      const fresh = E.isRight(distinct) && distinct.right.events.length > 0 ? distinct.right : null;
      // Decided ahead on the chain, while the write in flight runs; the chain holds only if that write
      // goes as decided (settle drops it otherwise, and this decision with it).
      let premade: Premade | null = null;
      if (fresh !== null && chain !== null && inFlight !== null) {
        const ahead: DecisionChain = chain;
        premade = premadeOf(await ahead.decide(fresh.events, writer.slice), fresh.repeats);
      }
      const failed = await settle();
      if (failed !== null) return E.left(failed);
      if (chain === null) premade = null;
      if (fresh !== null && premade === null) {
        chain ??= await writer.chain(ledgerId, expected);
        if (chain !== null && (expected === 'any' || expected === chain.version))
          premade = premadeOf(await chain.decide(fresh.events, Number.MAX_SAFE_INTEGER), fresh.repeats);
        // A batch written without a decision of the chain is written otherwise.
        else chain = null;
      }
      inFlight = {
        started: writer.start(ledgerId, valid, { expectedVersion: expected }, premade),
        batch: count,
        invalid,
        empty: E.isRight(distinct) && fresh === null,
      };
      count += 1;
    }
    const failed = await settle();
    if (failed !== null) return E.left(failed);
    if (count === 0 && expected === 'any') {
      try {
        version = await writer.version(ledgerId);
      } catch (error) {
        return E.left(databaseError(error));
      }
    }
    // The chain went through every batch as written: its state is the ledger's, handed out once.
    const last: DecisionChain | null = chain;
    if (last !== null && last.version === version) writer.keep(ledgerId, { version, state: last.state() });
  } finally {
    // A batch source that throws: the write in flight ends (committed or not) before the error goes on.
    if (inFlight !== null) await inFlight.started.done;
  }
  return E.right({ ledgerId, version, batches: count, stored, rejected, repeats, invalid: invalidCount });
};
