/**
 * Exit statuses, the same for every command.
 *
 * @since 0.1.0
 */

/**
 * `ok` 0: no problem; `problems` 1: the log has problems (or a strict replay
 * stopped at one); `usage` 2: bad usage, a log that cannot be opened or an id the
 * log does not know; `internal` 3: a bug in the tool.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { EXIT } from '@license-ledger/cli'
 * assert.deepStrictEqual(EXIT.usage, 2)
 */
export const EXIT = Object.freeze({ ok: 0, problems: 1, usage: 2, internal: 3 } as const);
