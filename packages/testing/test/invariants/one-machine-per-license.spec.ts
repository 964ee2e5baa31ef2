import { oneMachinePerLicense } from '../../src/invariants/one-machine-per-license';
import { kesState, withLicense, withMachine } from '../support/fixtures';

describe('oneMachinePerLicense', () => {
  test('R-P3: passes on a hand-checked state', () => {
    expect(oneMachinePerLicense(kesState())).toEqual([]);
  });

  test('R-X1: catches an extension queued on two machines', () => {
    const broken = withMachine(kesState(), 'ws-3', (machine) => ({
      ...machine,
      installs: machine.installs.map((install) => ({ ...install, queue: ['kes#2'] })),
    }));
    expect(oneMachinePerLicense(broken)).toEqual(['kes#2 is extended but not queued behind exactly one install']);
  });

  test('R-I3: catches an applied license that says it runs on another machine', () => {
    const broken = withLicense(kesState(), 'kes#1', (license) => ({ ...license, machineId: 'ws-9' }));
    expect(oneMachinePerLicense(broken)).toEqual([
      expect.stringContaining(
        "kes#1 is applied on ws-9 but is not the current license of exactly that live machine's install",
      ),
    ]);
  });

  test('R-P3: catches an unused license still on a machine, and the install holding it', () => {
    const broken = withLicense(kesState(), 'kes#1', (license) => ({ ...license, status: 'unused' }));
    expect(oneMachinePerLicense(broken)).toEqual([
      'kes#1 is unused but still held by machine ws-1',
      'machine ws-1 holds kes#1 for its installed install, but kes#1 is unused',
    ]);
  });
});
