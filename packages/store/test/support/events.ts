/** Wire-format events (as audit-log lines hold them) for the store tests. */
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

/** `day` days after 2025-01-01, ISO-8601 UTC. */
export const day = (n: number): string => new Date(T0 + n * DAY).toISOString().replace('.000Z', 'Z');

export const purchase = (id: string, at: number, quantity = 10, poolId = 'kes') => ({
  type: 'LicensePurchased',
  id,
  at: day(at),
  poolId,
  module: 'KES',
  quantity,
});
export const install = (id: string, at: number, machineId: string, poolId = 'kes', groupId = 'g1') => ({
  type: 'KesInstalled',
  id,
  at: day(at),
  poolId,
  machineId,
  groupId,
});
export const uninstall = (id: string, at: number, machineId: string, poolId = 'kes') => ({
  type: 'Uninstalled',
  id,
  at: day(at),
  poolId,
  machineId,
});

/**
 * `count` events of one ledger: a purchase, then installs and uninstalls on a
 * few machines, in time order, ids `${prefix}-1`…; some uninstalls hit machines
 * without a license and are rejected by the rules (stored all the same).
 */
export const ledgerEvents = (prefix: string, count: number, poolId = 'kes'): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = [purchase(`${prefix}-1`, 0, Math.max(10, count), poolId)];
  for (let i = 2; i <= count; i++) {
    const at = Math.floor(i / 50);
    const machine = `m-${i % 7}`;
    out.push(
      i % 3 === 0 ? uninstall(`${prefix}-${i}`, at, machine, poolId) : install(`${prefix}-${i}`, at, machine, poolId),
    );
  }
  return out;
};
