import { LicenseModel } from '../../src/model/license-model';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const ws1 = { poolId: 'kes', machineId: 'ws-1', groupId: 'g' };

/** A KES pool of `quantity` licenses with ws-1 checked in at T0. */
const installed = (quantity = 3): LicenseModel => {
  const model = new LicenseModel(T0);
  model.purchase({ poolId: 'kes', module: 'KES', quantity });
  model.checkIn(ws1, 'kes', T0);
  return model;
};

const statuses = (model: LicenseModel): string[] =>
  (model.pool('kes')?.licenses ?? []).map((l) => `${l.status}${l.status === 'applied' ? '' : `:${l.daysLeft}`}`);

describe('LicenseModel', () => {
  test('R-U1/R-T3: uninstalled 65 days 5 hours after the start leaves a partial with 300 days', () => {
    const model = installed();
    model.advance(T0 + 65 * DAY + 5 * 3_600_000);
    expect(model.uninstall(ws1)).toBe(true);
    expect(statuses(model)).toEqual(['partial:300', 'unused:365', 'unused:365']);
  });

  test('R-I2/R-I5: an install takes the partial first, and is refused when nothing is left', () => {
    const model = installed(2);
    model.advance(T0 + DAY);
    model.uninstall(ws1);
    expect(model.request({ ...ws1, machineId: 'ws-2' })).toBe(true);
    expect(statuses(model)).toEqual(['reserved:364', 'unused:365']);
    expect(model.checkIn({ ...ws1, machineId: 'ws-3' }, 'kes', model.now)).toBe(true);
    expect(model.request({ ...ws1, machineId: 'ws-4' })).toBe(false);
  });

  test('R-I1/R-L3: a second install of the module on a machine running it is refused, from any pool', () => {
    const model = installed();
    model.purchase({ poolId: 'kes-b', module: 'KES', quantity: 1 });
    expect(model.request(ws1)).toBe(false);
    expect(model.checkIn({ ...ws1, poolId: 'kes-b' }, 'kes', T0)).toBe(false);
    expect(model.checkIn({ ...ws1, poolId: 'kes-b' }, 'seat', T0)).toBe(false);
  });

  test('R-X1/R-X2: an extension queues the lowest unused and takes over at the end with a full term', () => {
    const model = installed();
    expect(model.extend({ ...ws1, count: 3 })).toBe(false);
    expect(model.extend({ ...ws1, count: 2 })).toBe(true);
    model.advance(T0 + 365 * DAY);
    expect(statuses(model)).toEqual(['expired:0', 'applied', 'extended:365']);
    expect(model.pool('kes')?.licenses[1]?.end).toBe(T0 + 730 * DAY);
  });

  test('R-X4: auto-extend takes the lowest unused at the end, never a partial', () => {
    const model = installed(3);
    model.checkIn({ ...ws1, machineId: 'ws-2' }, 'kes', T0);
    model.advance(T0 + DAY);
    model.uninstall({ ...ws1, machineId: 'ws-2' });
    expect(model.setAutoExtend({ ...ws1, enabled: true })).toBe(true);
    model.advance(T0 + 365 * DAY);
    expect(statuses(model)).toEqual(['expired:0', 'partial:364', 'applied']);
  });

  test('R-D1/R-D2: a deleted agent holds its license with the days fixed; recovery makes it partial, twice the same', () => {
    const model = installed();
    model.advance(T0 + 10 * DAY);
    expect(model.agentDeleted({ machineId: 'ws-1' })).toBe(true);
    model.advance(T0 + 100 * DAY);
    expect(statuses(model)).toEqual(['held:355', 'unused:365', 'unused:365']);
    expect(model.uninstall(ws1)).toBe(false);
    model.recovery();
    model.recovery();
    expect(statuses(model)).toEqual(['partial:355', 'unused:365', 'unused:365']);
  });

  test('R-D4: Clean Database leaves KAV alone and sends a seat without a term back to Unused', () => {
    const model = new LicenseModel(T0);
    model.purchase({ poolId: 'kav', module: 'KAV', quantity: 1 });
    model.purchase({ poolId: 'budr', module: 'BUDR', quantity: 1 });
    model.checkIn({ poolId: 'kav', machineId: 'ws-1', groupId: 'g' }, 'seat', T0);
    model.checkIn({ poolId: 'budr', machineId: 'ws-1', groupId: 'g' }, 'seat', T0);
    model.agentDeleted({ machineId: 'ws-1' });
    model.cleanDatabase();
    expect(model.pool('kav')?.licenses[0]?.status).toBe('held');
    expect(model.pool('budr')?.licenses[0]?.status).toBe('unused');
  });

  test('R-O1/R-O2: an expired license cannot be marked Other; an Other one keeps its days and resolves once', () => {
    const model = installed();
    model.advance(T0 + 365 * DAY);
    expect(model.markOther(ws1)).toBe(false);
    expect(model.checkIn(ws1, 'kes', model.now)).toBe(true);
    model.advance(model.now + 300 * DAY + 3_600_000);
    expect(model.markOther(ws1)).toBe(true);
    expect(statuses(model)).toEqual(['expired:0', 'other:65', 'unused:365']);
    expect(model.resolveOther({ poolId: 'kes', licenseId: 'kes#2', resolution: 'partial' })).toBe(true);
    expect(model.resolveOther({ poolId: 'kes', licenseId: 'kes#2', resolution: 'unused' })).toBe(false);
    expect(statuses(model)).toEqual(['expired:0', 'partial:65', 'unused:365']);
  });

  test('R-O2: a seat without a term cannot be resolved to partial', () => {
    const model = new LicenseModel(T0);
    model.purchase({ poolId: 'budr', module: 'BUDR', quantity: 1 });
    model.checkIn({ poolId: 'budr', machineId: 'ws-1', groupId: 'g' }, 'seat', T0);
    model.markOther({ poolId: 'budr', machineId: 'ws-1' });
    expect(model.resolveOther({ poolId: 'budr', licenseId: 'budr#1', resolution: 'partial' })).toBe(false);
    expect(model.resolveOther({ poolId: 'budr', licenseId: 'budr#1', resolution: 'expired' })).toBe(true);
  });
});
