import fc from 'fast-check';
import { decodeLine, decodeLog, decodeLogAsync, splitLines } from '../../src/index';

const LINES = [
  '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"p","module":"KES","quantity":3}',
  '{"type":"InstallRequested","id":"e2","at":"2025-01-02T00:00:00Z","poolId":"p","machineId":"m1","groupId":"g"}',
  '{"type":"KesInstalled","id":"e3","at":"2025-01-02T01:00:00Z","poolId":"p","machineId":"m1","groupId":"g"}',
  '{"type":"KesInstalled","id":"e4","at":"2025-01-03T00:00:00Z","poolId":"p","machineId":"m2","groupId":"g","installedAt":"2025-01-02T23:00:00Z"}',
  '{"type":"Uninstalled","id":"e5","at":"2025-01-04T00:00:00Z","poolId":"p","machineId":"m1"}',
  '{"type":"RecoveryRun","id":"e6","at":"2025-01-05T00:00:00Z"}',
  '{"type":"Uninstalled","id":"e7","at":"2025-01-04T00:00:00Z","poolId":"p"}',
  '{"type":"KesInstalled","id":"e8","at":"2025-01-02T01:00:00Z","poolId":"p\\u0070","machineId":"m1","groupId":"g"}',
  '{"type":',
  '',
  '[1,2]',
];

const logs = fc.array(fc.constantFrom(...LINES), { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('decodeLog', () => {
  test('R-L2: every line becomes the entry decodeLine makes of it, numbered as the file numbers it', () => {
    fc.assert(
      fc.property(logs, (text) => {
        const entries = [...decodeLog(splitLines([text]))].flat();
        const expected = [...splitLines([text])].flat().map((item) => decodeLine(item));
        expect(entries).toStrictEqual(expected);
      }),
    );
  });

  test('R-L2: without shared ids (shareIds: false, for logs only checked) the entries are the same', () => {
    fc.assert(
      fc.property(logs, (text) => {
        const shared = [...decodeLog(splitLines([text]))].flat();
        const unshared = [...decodeLog(splitLines([text]), { shareIds: false })].flat();
        expect(unshared).toStrictEqual(shared);
      }),
    );
  });
});

describe('decodeLogAsync', () => {
  test('R-L2: the same entries as decodeLog, with shared ids or without', async () => {
    await fc.assert(
      fc.asyncProperty(logs, fc.boolean(), async (text, shareIds) => {
        async function* batches() {
          yield* splitLines([text]);
        }
        const entries = [];
        for await (const batch of decodeLogAsync(batches(), { shareIds })) entries.push(...batch);
        expect(entries).toStrictEqual([...decodeLog(splitLines([text]))].flat());
      }),
    );
  });
});
