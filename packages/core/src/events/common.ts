import * as t from 'io-ts';
import { InstantFromString, NonEmptyString, PositiveInt } from './primitives';
import { struct } from './struct';

type Props = Record<string, t.Mixed>;

/**
 * Builds the codec of one event type: the common fields `type`, `id`, `at` and
 * optional `v` (docs/events.md), plus the event's own, closed against unknown keys.
 *
 * @since 0.1.0
 * @example
 * import { eventCodec } from '@license-ledger/core/internal'
 * import * as t from 'io-ts'
 * const Ping = eventCodec('Ping', { machineId: t.string }, {})
 */
export const eventCodec = <T extends string, R extends Props, O extends Props>(type: T, required: R, optional: O) =>
  struct(
    type,
    { type: t.literal(type), id: NonEmptyString, at: InstantFromString, ...required },
    { v: PositiveInt, ...optional },
  );
