import fc from 'fast-check';
import { instant } from '@license-ledger/core';
import { renderJson } from '../../src/render/json';
import { buildReport } from '../../src/views/report-view';
import { arbitraryLog } from '../support/arbitrary-log';
import { replayText } from '../support/replay';

describe('buildReport (properties over generated logs)', () => {
  test(`R-L6: two replays of the same log render the same JSON bytes`, async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryLog(),
        async (log) =>
          renderJson(buildReport(await replayText(log))) === renderJson(buildReport(await replayText(log))),
      ),
    );
  });

  test(`R-V1, R-V2, R-V4: every license is in exactly one popup count, and Used lies between the used-to-date counts and those plus pending`, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryLog(), async (log) => {
        const report = buildReport(await replayText(log));
        return report.pools.every(({ installRemove: c, licenseManager: m }) => {
          const usedToDate = c.expired + c.applied + c.partial + c.other;
          const sum = usedToDate + c.pendingInstalls + c.extended + c.unused;
          return sum === m.max && m.used >= usedToDate && m.used <= usedToDate + c.pendingInstalls;
        });
      }),
    );
  });

  test(`docs/report-json.md: pools, groups and SVMs are sorted by id, problems by line`, async () => {
    const sorted = (ids: readonly string[]) => ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);
    await fc.assert(
      fc.asyncProperty(arbitraryLog(), async (log) => {
        const report = buildReport(await replayText(log));
        const lines = report.problems.map((p) => p.line ?? 0);
        return (
          sorted(report.pools.map((p) => p.poolId)) &&
          report.pools.every((p) => sorted(p.licenseManager.groups.map((g) => g.groupId))) &&
          sorted(report.svms.map((s) => s.svmId)) &&
          lines.every((line, i) => i === 0 || (lines[i - 1] as number) < line)
        );
      }),
    );
  });

  test(`R-T4: reading up to an instant gives the report of the log cut just before the first later event`, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryLog(), fc.integer({ min: 0, max: 40 }), async (log, cut) => {
        // Blank lines are kept: they count in the line numbers of problems.
        const lines = log.split('\n').slice(0, -1);
        const instantOf = (line: string): number | undefined => {
          const found = /"at":"([^"]+)"/.exec(line)?.[1];
          return found === undefined ? undefined : Date.parse(found);
        };
        const isEvent = (line: string): boolean => {
          try {
            JSON.parse(line);
            return instantOf(line) !== undefined && !line.includes('"id":""');
          } catch {
            return false;
          }
        };
        const at = lines.filter(isEvent).map(instantOf)[cut] ?? Date.parse('2030-01-01T00:00:00Z');
        const viaAsOf = await replayText(log, { asOf: instant(at) });
        // The same log cut by hand before the first event strictly later than `at`.
        const firstLater = lines.findIndex((l) => isEvent(l) && (instantOf(l) as number) > at);
        const head = firstLater < 0 ? lines : lines.slice(0, firstLater);
        const viaCut = await replayText(head.map((l) => `${l}\n`).join(''), { asOf: instant(at) });
        return renderJson(buildReport(viaAsOf)) === renderJson(buildReport(viaCut));
      }),
    );
  });
});
