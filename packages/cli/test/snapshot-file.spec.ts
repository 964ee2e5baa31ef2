import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import { emptyLedger, fromSnapshot, listPools, parseInstant, replay } from '@license-ledger/core';
import { readSnapshotFile, writeSnapshotFile } from '../src/snapshot-file';
import { tempDir } from './support/files';

const files = tempDir('snapshot-file');

const state = () =>
  replay()([
    {
      type: 'LicensePurchased',
      id: 'e1',
      at: parseInstant('2025-01-01T00:00:00Z')!,
      poolId: 'kes',
      module: 'KES',
      quantity: 3,
    },
  ]).state;

describe('writeSnapshotFile', () => {
  test('saves a snapshot readSnapshotFile gives back, and leaves no temporary file', async () => {
    const file = files.path('ledger.snapshot');
    expect(E.isRight(await writeSnapshotFile(file, state()))).toBe(true);
    const back = await readSnapshotFile(file, fromSnapshot);
    if (E.isLeft(back)) throw new Error(back.left);
    expect(listPools(back.right).map((pool) => [pool.poolId, pool.max])).toEqual([['kes', 3]]);
    expect(fs.readdirSync(files.path('.')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a directory that does not exist is a one-line reason', async () => {
    const file = files.path('no-such-dir/ledger.snapshot');
    expect(await writeSnapshotFile(file, emptyLedger())).toEqual(E.left(`cannot write snapshot ${file}: no such file`));
  });
});

describe('readSnapshotFile', () => {
  test('a missing file, a log given by mistake and a truncated snapshot are refused with the reason', async () => {
    expect(await readSnapshotFile(files.path('missing.snapshot'), fromSnapshot)).toEqual(
      E.left(`cannot read snapshot ${files.path('missing.snapshot')}: no such file`),
    );
    const log = files.write('log.ndjson', '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}\n');
    expect(await readSnapshotFile(log, fromSnapshot)).toEqual(
      E.left(`cannot use snapshot ${log}: not a license-ledger snapshot: it does not start with the snapshot header`),
    );
    const whole = files.path('whole.snapshot');
    await writeSnapshotFile(whole, state());
    const bytes = fs.readFileSync(whole);
    const cut = files.write('cut.snapshot', bytes.subarray(0, bytes.length - 5));
    expect(await readSnapshotFile(cut, fromSnapshot)).toEqual(
      E.left(`cannot use snapshot ${cut}: the snapshot is cut short: ${bytes.length - 5} of ${bytes.length} bytes`),
    );
  });
});
