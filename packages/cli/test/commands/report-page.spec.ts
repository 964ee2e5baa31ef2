import * as E from 'fp-ts/Either';
import { openLog, replayLog } from '../../src/read-log';
import { noProgress } from '../../src/progress';
import { htmlPage, pageRecorder } from '../../src/commands/report-page';
import { buildReport } from '../../src/views/report-view';
import { ndjson } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';

/** The page of `text` replayed as `report --html` does: the recorder observing the same replay. */
const pageOf = async (text: string): Promise<string> => {
  const { io } = memoryIo({ stdin: text });
  const opened = await openLog('-', io);
  if (E.isLeft(opened)) throw new Error(opened.left);
  const recorder = pageRecorder();
  const replayed = await replayLog(
    opened.right,
    { mode: 'lenient', asOf: null, history: 'none', onPoolChange: recorder.onPoolChange },
    noProgress,
  );
  return htmlPage('audit.ndjson', replayed, buildReport(replayed), recorder);
};

describe('htmlPage', () => {
  test('charts the counts the same replay recorded, beside the report of that replay', async () => {
    const page = await pageOf(ndjson(SCENARIO));
    expect(page).toContain('audit.ndjson');
    expect(page).toContain('<svg');
    expect(page).not.toContain('nothing to chart');
  });

  test('a log without events has nothing to chart', async () => {
    const page = await pageOf('');
    expect(page).toContain('No events: nothing to chart.');
    expect(page).not.toContain('<svg');
  });
});
