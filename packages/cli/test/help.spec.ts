import { COMMAND_NAMES } from '../src/args';
import { helpText } from '../src/help';

describe('helpText', () => {
  test("the tool's help names every command and the exit statuses", () => {
    const text = helpText(null);
    expect(text.startsWith('Usage: license-ledger <command>')).toBe(true);
    for (const name of COMMAND_NAMES) expect(text).toContain(`  ${name} LOG`);
    expect(text).toContain('0 no problem, 1 the log has problems, 2 bad usage, 3 internal error');
  });

  test("each command's help starts with its usage line and lists every option it accepts", () => {
    const options = {
      report: ['--as-of', '--json', '--strict', '--html', '--ledger', '--store'],
      explain: ['--machine', '--license', '--svm', '--as-of', '--json'],
      validate: [],
      timeline: ['--from', '--to', '--pool', '--as-of', '--out'],
      import: ['--ledger', '--store'],
    } as const;
    for (const name of COMMAND_NAMES) {
      const text = helpText(name);
      expect(text.startsWith(`Usage: license-ledger ${name} LOG`)).toBe(true);
      for (const option of options[name]) expect(text).toContain(option);
      expect(text).toContain('-h, --help');
    }
  });
});
