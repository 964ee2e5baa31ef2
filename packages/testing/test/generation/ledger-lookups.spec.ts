import { liveInstalls, licensesIn, pick } from '../../src/generation/ledger-lookups';
import { kesState } from '../support/fixtures';

describe('pick', () => {
  test('wraps around the candidates, and finds nothing among none', () => {
    expect([pick(['a', 'b'], 0), pick(['a', 'b'], 3), pick([], 1)]).toEqual(['a', 'b', undefined]);
  });
});

describe('liveInstalls', () => {
  test('lists installs on live machines by machine id', () => {
    expect(liveInstalls(kesState()).map((p) => [p.machine.machineId, p.install.status])).toEqual([
      ['ws-1', 'installed'],
      ['ws-3', 'pending'],
    ]);
  });
});

describe('licensesIn', () => {
  test('finds licenses by status across pools', () => {
    expect(licensesIn(kesState(), 'extended').map((l) => l.licenseId)).toEqual(['kes#2']);
  });
});
