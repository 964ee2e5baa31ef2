/**
 * Appending a stream of batches, pipelined: while one batch is written, the next
 * is read, validated and decided on the state that write will leave.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import {
  type AppendOptions,
  type AppendResult,
  type CachedState,
  type Decided,
  decideSliced,
  distinctInBatch,
} from './append';
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

/** A decision made ahead, with the distinct events it was made for. */
export interface Premade {
  readonly fresh: { readonly events: ValidEvent[]; readonly repeats: number };
  readonly decided: Decided;
}

/** An append under way: its decision (made before the write starts), and the write. */
export interface Started {
  readonly decided: Decided | null;
  readonly done: Promise<E.Either<AppendError, AppendResult>>;
}

/** What the pipeline needs from the store. */
export interface BatchWriter {
  readonly validate: (raws: readonly unknown[]) => { valid: ValidEvent[]; invalid: InvalidEvent[] };
  readonly cached: (ledgerId: string) => CachedState | undefined;
  readonly start: (
    ledgerId: string,
    valid: readonly ValidEvent[],
    options: AppendOptions,
    premade: Premade | null,
  ) => Started;
  /** Events decided between two turns of the event loop while a write is in flight. */
  readonly slice: number;
  /** The ledger's stored version (asked only when no batch came and any version was expected). */
  readonly version: (ledgerId: string) => Promise<number>;
}

interface InFlight {
  readonly started: Started;
  readonly batch: number;
  readonly invalid: readonly InvalidEvent[];
}

/**
 * Appends `batches` in order through `writer`, at most one write in flight. A
 * batch's events are decided ahead on the state the write before it will leave
 * when it commits as decided (the lean path); the store uses that decision only if
 * that is the state it holds when the batch's turn comes (else it decides again),
 * so the result is the same as appending the batches one after the other.
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

  /** Waits for the write in flight; its error, or null once it is committed and reported. */
  const settle = async (): Promise<AppendError | null> => {
    if (inFlight === null) return null;
    const { started, batch, invalid } = inFlight;
    inFlight = null;
    const done = await started.done;
    if (E.isLeft(done)) return done.left;
    const result = done.right;
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
      // Decided ahead on the state the write in flight leaves if it commits as decided (or, with nothing in
      // flight, on the cached state), while that write runs.
      const flying: InFlight | null = inFlight;
      const ahead: { readonly version: number; readonly state: Decided['state'] } | undefined =
        flying === null
          ? writer.cached(ledgerId)
          : flying.started.decided === null
            ? undefined
            : {
                version: flying.started.decided.from + flying.started.decided.stored.length,
                state: flying.started.decided.state,
              };
      let premade: Premade | null = null;
      if (ahead !== undefined) {
        const distinct = distinctInBatch(ledgerId, valid);
        if (E.isRight(distinct) && distinct.right.events.length > 0) {
          const slice = flying === null ? Number.MAX_SAFE_INTEGER : writer.slice;
          const decided = await decideSliced(ahead.state, ahead.version, distinct.right.events, slice);
          premade = { fresh: distinct.right, decided };
        }
      }
      const failed = await settle();
      if (failed !== null) return E.left(failed);
      inFlight = {
        started: writer.start(ledgerId, valid, { expectedVersion: expected }, premade),
        batch: count,
        invalid,
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
  } finally {
    // A batch source that throws: the write in flight ends (committed or not) before the error goes on.
    if (inFlight !== null) await inFlight.started.done;
  }
  return E.right({ ledgerId, version, batches: count, stored, rejected, repeats, invalid: invalidCount });
};
