import { oneAppliedKesPerMachine } from '../../src/invariants/one-applied-kes-per-machine';
import { kesState, withLicense } from '../support/fixtures';

describe('oneAppliedKesPerMachine', () => {
  test('R-L3: passes on a hand-checked state', () => {
    expect(oneAppliedKesPerMachine(kesState())).toEqual([]);
  });

  test('R-L3: catches a machine running two KES licenses', () => {
    const broken = withLicense(kesState(), 'kes#4', (license) => ({
      ...license,
      status: 'applied',
      machineId: 'ws-1',
    }));
    expect(oneAppliedKesPerMachine(broken)).toEqual(['R-L3: machine ws-1 has 2 applied KES licenses: kes#1, kes#4']);
  });
});
