/**
 * Node-only entry point, `@license-ledger/core/node`: reading audit logs from
 * files and stdin. Kept apart so the main entry stays free of Node built-ins.
 *
 * @since 0.1.0
 * @module @license-ledger/core/node
 */
export { openAuditLog } from './open-audit-log';
export type { OpenedAuditLog, OpenError } from './open-audit-log';
export { randomHashSeed } from './random-hash-seed';
export { fastestCrc32 } from './native-crc32';
export { defaultWorkerFile, openDecodedAuditLog } from './decoded-audit-log';
export type { DecodedAuditLog, DecodedLogOptions } from './decoded-audit-log';
export { checkAuditLog } from './check-audit-log';
export type { CheckedAuditLog, CheckLogOptions } from './check-audit-log';
export type { DecodeProblem } from './check-range';
