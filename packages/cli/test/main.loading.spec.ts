import { main } from '../src/main';
import { ndjson, tempDir } from './support/files';
import { memoryIo } from './support/io';
import { SCENARIO } from './support/scenario';

// Each command's module is loaded when that command runs (start-up time): a report
// or a validation never loads the store (and its database drivers), the timeline's
// chart, or date-fns. Loading any of them here fails the command that did.
jest.mock('@license-ledger/store', () => {
  throw new Error('@license-ledger/store was loaded');
});
jest.mock('@license-ledger/timeline', () => {
  throw new Error('@license-ledger/timeline was loaded');
});
jest.mock('date-fns', () => {
  throw new Error('date-fns was loaded');
});
jest.mock('date-fns/format', () => {
  throw new Error('date-fns/format was loaded');
});
jest.mock('@date-fns/utc', () => {
  throw new Error('@date-fns/utc was loaded');
});

const files = tempDir('main-loading');

const run = async (argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io.io);
  return { code, out: io.out(), err: io.err() };
};

describe('main', () => {
  test('report --json loads neither the store, the timeline nor date-fns', async () => {
    const log = files.write('scenario.ndjson', ndjson(SCENARIO));
    const report = await run(['report', log, '--json']);
    expect(report.err).toBe('');
    expect(report.code).toBe(1);
    expect((JSON.parse(report.out) as { pools: unknown[] }).pools.length).toBeGreaterThan(0);
  });

  test('validate, --version and --help load none of them either', async () => {
    const log = files.write('first.ndjson', ndjson(SCENARIO.slice(0, 3)));
    expect(await run(['validate', log])).toMatchObject({ code: 0, err: '' });
    expect(await run(['--version'])).toMatchObject({ code: 0, err: '' });
    expect(await run(['report', '--help'])).toMatchObject({ code: 0, err: '' });
  });
});
