import { decodeStored, validateEvents } from '../src/stored-events';
import { purchase } from './support/events';

describe('validateEvents', () => {
  it('R-L2: keeps the body as received and names every invalid event by index, id and field', () => {
    const { valid, invalid } = validateEvents([purchase('p1', 0), { ...purchase('p2', 0), extra: 1 }, 7]);
    expect(valid.map((v) => v.body)).toEqual([JSON.stringify(purchase('p1', 0))]);
    expect(invalid).toEqual([
      { index: 1, eventId: 'p2', message: 'extra: unknown field' },
      { index: 2, eventId: null, message: 'line: expected a JSON object (one event per line), got 7' },
    ]);
  });
});

describe('decodeStored', () => {
  it('a stored event comes back as a replay input whose line is its version', () => {
    expect(decodeStored(12, JSON.stringify(purchase('p1', 0)))).toEqual({
      line: 12,
      event: expect.objectContaining({ id: 'p1', at: Date.UTC(2025, 0, 1) }) as unknown,
    });
  });

  it('a body that no longer decodes (an upcaster removed) is a decode problem naming the version, not a crash', () => {
    expect(decodeStored(3, '{"type":"RecoveryRun","id":"e3","at":"2025-01-01T00:00:00Z","v":2}')).toEqual({
      line: 3,
      problem: 'v: expected a known schema version (1), got 2',
      eventId: 'e3',
    });
    expect(decodeStored(4, '{oops')).toEqual({ line: 4, problem: 'stored body is not valid JSON', eventId: null });
  });
});
