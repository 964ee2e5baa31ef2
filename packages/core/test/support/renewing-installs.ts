/** A log that leaves license ends, renewing ends and agenda entries behind, shared by the snapshot specs. */
import type { eventBuilder } from '@license-ledger/testing';
import type { LedgerEvent } from '../../src/index';

/**
 * One pool of 30-day terms on three machines: ws-1 with two extensions queued
 * (R-X2), ws-2 with auto-extend on (R-X4), ws-3 plain; no term has ended by the
 * last event. Written with the caller's builder, so events it adds go on numbering.
 */
export const renewingInstalls = (e: ReturnType<typeof eventBuilder>): LedgerEvent[] =>
  [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 8, termDays: 30 }),
    e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'hq' }),
    e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 2 }),
    e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', enabled: true }),
  ] as LedgerEvent[];
