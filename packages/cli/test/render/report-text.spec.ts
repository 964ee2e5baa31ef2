import { eventsLine, renderReportText } from '../../src/render/report-text';
import { buildReport } from '../../src/views/report-view';
import { ndjson } from '../support/files';
import { replayText } from '../support/replay';
import { SCENARIO } from '../support/scenario';

describe('eventsLine', () => {
  test('counts with their words, singular for one', () => {
    expect(eventsLine({ read: 14, applied: 12, skippedDuplicates: 1, rejected: 1, decodeErrors: 1 })).toBe(
      '14 read, 12 applied, 1 duplicate skipped, 1 rejected, 1 decode error',
    );
  });
});

describe('renderReportText', () => {
  test("R-V1, R-V2, R-V3, R-K4, R-L3: the scenario's numbers in aligned tables, one section each; a key's end relative to the report's instant", async () => {
    const text = renderReportText(buildReport(await replayText(ndjson(SCENARIO))), {
      name: 'scenario.ndjson',
      stoppedBy: null,
    });
    const lines = text.split('\n');
    expect(lines[21]).toMatch(/^ {3}9 {2}- {6}decode {4}R-L2 {2}not valid JSON: /);
    expect(lines.slice(0, 21).concat(lines.slice(22))).toEqual([
      'Report of scenario.ndjson as of 2025-03-12T11:00:00Z',
      'Events: 14 read, 12 applied, 0 duplicates skipped, 1 rejected, 1 decode error',
      '',
      'Install/Remove popup (R-V1)',
      'POOL   MODULE  EXPIRED  APPLIED  PARTIAL  PENDING  EXTENDED  OTHER  UNUSED',
      'p-kes  KES           0        1        0        1         2      0       1',
      '',
      'License Manager (R-V2, R-V3: machines per group)',
      'POOL   MODULE  USED  MAX  GROUP  MACHINES',
      'p-kes  KES        2    5  g.a           1',
      '',
      'Key slots (R-K1..R-K5)',
      'SVM    CLUSTER  SLOT    STATUS    ACTIVE KEY  ENDS                                              RESERVE',
      'svm-1  c1       server  licensed  K-A         in 30 days, on 2025-04-11 (2025-04-11T09:00:00Z)  K-B',
      '',
      'Failed activation tasks (R-K4)',
      'SVM    AT                    KEY  REASON',
      'svm-1  2025-03-12T11:00:00Z  K-T  trial',
      '',
      'Problems (2 problems)',
      'LINE  EVENT  KIND      RULE  MESSAGE',
      '  10  e10    rejected  R-X3  cannot return 3: 2 extensions queued on ws-1 from pool p-kes',
      '',
    ]);
  });

  test('an empty log says it has no clock and lists nothing', async () => {
    const text = renderReportText(buildReport(await replayText('')), { name: '<stdin>', stoppedBy: null });
    expect(text.split('\n')[0]).toBe('Report of <stdin> as of (no events: the log has no clock)');
    expect(text).toContain('(no pools)');
    expect(text).toContain('(no SVMs)');
    expect(text).toContain('Problems (0 problems)\n(none)\n');
  });

  test('R-L4: a strict stop is said under the heading', async () => {
    const text = renderReportText(buildReport(await replayText('')), { name: 'x', stoppedBy: 'strict' });
    expect(text.split('\n')[2]).toBe('Stopped at the first problem (--strict): the ledger as it stood just before it.');
  });
});
