import { relativeTo } from '../../src/render/relative-time';

describe('relativeTo', () => {
  test('a later instant: "in N months", then its UTC day', () => {
    expect(relativeTo('2025-10-01T00:00:00Z', '2026-01-09T00:00:00Z')).toBe('in 3 months, on 2026-01-09');
    expect(relativeTo('2025-06-01T00:00:00Z', '2025-06-04T00:00:00Z')).toBe('in 3 days, on 2025-06-04');
  });

  test('an earlier instant: "N … ago"; the same instant: "now"', () => {
    expect(relativeTo('2025-06-01T00:00:00Z', '2025-01-21T08:30:00Z')).toBe('4 months ago, on 2025-01-21');
    expect(relativeTo('2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z')).toBe('now, on 2025-06-01');
  });

  test('the day is the UTC day, whatever the local time zone: 23:30 UTC is still that day', () => {
    // TZ is read by Date's local methods only; relativeTo must never use them.
    expect(relativeTo('2025-06-01T00:00:00Z', '2025-06-30T23:30:00Z')).toBe('in 30 days, on 2025-06-30');
  });
});
