/**
 * The tool's version.
 *
 * @since 0.1.0
 */

/**
 * The `version` field of `@license-ledger/cli`'s package.json, written here rather than
 * read from disk so that the CommonJS, ES module and bundled builds all know it
 * (test/version.spec.ts keeps the two equal).
 *
 * @since 0.1.0
 */
export const cliVersion = (): string => '0.1.0';
