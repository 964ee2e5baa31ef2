/**
 * The tool's version, read from its package.json.
 *
 * @since 0.1.0
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `version` field of `@license-ledger/cli`'s package.json. The file sits one
 * level above both `src/` and `dist/`, so the same path works from either.
 *
 * @since 0.1.0
 * @example cliVersion() // '0.1.0'
 */
export const cliVersion = (): string => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
};
