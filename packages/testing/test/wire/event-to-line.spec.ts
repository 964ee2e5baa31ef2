import { decodeLine } from '@license-ledger/core';
import { eventToLine } from '../../src/wire/event-to-line';
import { instantOf } from '../../src/builders/events';

describe('eventToLine', () => {
  test('R-L1: writes the docs/events.md example line, common fields first', () => {
    const line = eventToLine({
      poolId: 'acme-kes',
      machineId: 'ws-001',
      groupId: 'acme.hq',
      type: 'KesInstalled',
      id: 'e3',
      at: instantOf('2025-01-02T09:10:00Z'),
      installedAt: instantOf('2025-01-02T08:30:00Z'),
    });
    expect(line).toBe(
      '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
    );
  });

  test('R-K1: writes a key expiry as an instant and milliseconds only when there are some', () => {
    const line = eventToLine({
      type: 'KeyActivated',
      id: 'k1',
      at: instantOf('2025-01-01T00:00:00.250Z'),
      svmId: 'svm-1',
      key: {
        keyId: 'K-A',
        type: 'server',
        edition: 'standard',
        subscription: false,
        termDays: 365,
        expiresAt: instantOf('2025-12-31T00:00:00Z'),
      },
    });
    expect(line).toBe(
      '{"type":"KeyActivated","id":"k1","at":"2025-01-01T00:00:00.250Z","svmId":"svm-1","key":{"keyId":"K-A","type":"server","edition":"standard","subscription":false,"termDays":365,"expiresAt":"2025-12-31T00:00:00Z"}}',
    );
  });

  test('R-L2: a line it writes decodes back into the same event', () => {
    const event = {
      type: 'ReserveKeyAdded',
      id: 'k2',
      at: instantOf('2025-02-01T00:00:00Z'),
      target: { clusterId: 'c-1' },
      key: { keyId: 'K-B', type: 'cores', edition: 'enterprise', subscription: false, trial: false, termDays: 30 },
    } as const;
    expect(decodeLine({ line: 1, text: eventToLine(event) })).toEqual({ line: 1, event });
  });
});
