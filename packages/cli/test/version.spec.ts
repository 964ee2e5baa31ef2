import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliVersion } from '../src/version';

describe('cliVersion', () => {
  test("is the version of @license-ledger/cli's package.json", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(manifest.name).toBe('@license-ledger/cli');
    expect(cliVersion()).toBe(manifest.version);
    expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
