import { instant, parseInstant } from '@license-ledger/core';
import { byWhat, COUNT_LABELS, renderExplainText } from '../../src/render/explain-text';
import { explain } from '../../src/views/explanation';
import { ndjson } from '../support/files';
import { replayText } from '../support/replay';
import { SCENARIO } from '../support/scenario';

const textOf = async (subject: Parameters<typeof explain>[1], asOf?: string) => {
  const replayed = await replayText(ndjson(SCENARIO), {
    asOf: asOf === undefined ? null : instant(parseInstant(asOf) ?? Number.NaN),
  });
  const explanation = explain(replayed.state, subject);
  if (explanation === undefined) throw new Error('unknown subject');
  return renderExplainText(explanation, replayed.asOf === null ? null : (asOf ?? '2025-03-12T11:00:00Z'));
};

describe('COUNT_LABELS', () => {
  test("R-V1: the popup's own words", () => {
    expect(Object.values(COUNT_LABELS)).toEqual([
      'Expired',
      'Applied',
      'Partial',
      'Pending Installs',
      'Extended',
      'Other',
      'Unused',
    ]);
  });
});

describe('byWhat', () => {
  test('R-T4: a change with no event is time-driven', () => {
    expect(byWhat({ at: 'x', eventId: null, rule: 'R-T2' })).toBe('time-driven');
    expect(byWhat({ at: 'x', eventId: 'e1', rule: 'R-I1' })).toBe('e1');
  });
});

describe('renderExplainText', () => {
  test('R-V4: a license says where it counts and why, then its history table', async () => {
    const text = await textOf({ kind: 'license', id: 'p-kes#2' });
    expect(text.split('\n').slice(0, 6)).toEqual([
      'As of 2025-03-12T11:00:00Z',
      'License p-kes#2: pool p-kes (KES), term 365 days',
      'Now: status reserved, reserved for ws-3, 300 days left',
      'Counted in: Install/Remove "Pending Installs" (R-V1); License Manager "Used" (R-V2; R-V4: a partial reserved by a pending install was used before)',
      'Put there by: R-I2, event e7 at 2025-03-10T08:00:00Z',
      '',
    ]);
    expect(text).toContain('AT                    EVENT  RULE  STATUS    MACHINE  DAYS LEFT  NOTE\n');
    expect(text).toContain('2025-01-01T00:00:00Z  e1     R-P1  unused    -              365  purchased\n');
  });

  test('R-V2: a license outside Used says so', async () => {
    expect(await textOf({ kind: 'license', id: 'p-kes#4' })).toContain(
      'Counted in: Install/Remove "Extended" (R-V1); not in License Manager "Used", only in Max (R-V2)',
    );
  });

  test('R-V3, R-X1: a machine lists its installs, queued extensions, group count, history and licenses', async () => {
    const text = await textOf({ kind: 'machine', id: 'ws-1' });
    expect(text).toContain('Machine ws-1: group g.a, incarnation 1\nAgent: live\n');
    expect(text).toContain(
      'p-kes  KES     installed  p-kes#1  p-kes#3 p-kes#4    off          2025-01-02T08:30:00Z  yes, in g.a\n',
    );
    expect(text).toContain('Licenses (3)\nLicense p-kes#1');
  });

  test('R-K4: an SVM shows its slots, failed tasks and history', async () => {
    const text = await textOf({ kind: 'svm', id: 'svm-1' });
    expect(text).toContain('SVM svm-1: cluster c1\n');
    expect(text).toContain('server  licensed  K-A         2025-04-11T09:00:00Z  K-B');
    expect(text).toContain('2025-03-12T11:00:00Z  K-T  trial');
    expect(text).toContain('e14    R-K4  K-T  reserve key K-T not added: trial');
  });
});
