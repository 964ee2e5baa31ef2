/**
 * The command line, parsed by hand into a {@link Command}. Every mistake is a
 * one-line message (exit 2), never an exception.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { type Instant, parseInstant } from '@license-ledger/core';

/**
 * The commands the tool has.
 *
 * @since 0.1.0
 */
export type CommandName = 'report' | 'explain' | 'validate' | 'timeline' | 'import';

/** @since 0.1.0 */
export const COMMAND_NAMES: readonly CommandName[] = ['report', 'explain', 'validate', 'timeline', 'import'];

/**
 * Where `import` and `report --ledger` keep ledgers when `--store` is not given:
 * a PGlite (embedded PostgreSQL) directory in the current directory.
 *
 * @since 0.1.0
 */
export const DEFAULT_STORE = 'license-ledger-store';

/**
 * What `explain` tells the history of.
 *
 * @since 0.1.0
 */
export interface Subject {
  readonly kind: 'machine' | 'license' | 'svm';
  readonly id: string;
}

/**
 * One parsed invocation.
 *
 * @since 0.1.0
 */
export type Command =
  | { readonly kind: 'help'; readonly topic: CommandName | null }
  | { readonly kind: 'version' }
  | ({
      readonly kind: 'report';
      readonly log: string;
      readonly asOf: Instant | null;
      readonly json: boolean;
      readonly strict: boolean;
      readonly html: string | null;
      /** A snapshot file to start from (`--from-snapshot`). */
      readonly fromSnapshot?: string;
      /** Where to save the replayed ledger (`--save-snapshot`). */
      readonly saveSnapshot?: string;
    } & Limits)
  | ({
      readonly kind: 'explain';
      readonly log: string;
      readonly subject: Subject;
      readonly asOf: Instant | null;
      readonly json: boolean;
    } & Limits)
  | ({ readonly kind: 'validate'; readonly log: string } & Pick<Limits, 'maxLineBytes' | 'worker'>)
  | ({
      readonly kind: 'timeline';
      readonly log: string;
      readonly from: Instant | null;
      readonly to: Instant | null;
      readonly pools: readonly string[];
      readonly asOf: Instant | null;
      readonly out: string;
    } & Pick<Limits, 'maxLineBytes'>)
  | {
      readonly kind: 'import';
      readonly log: string;
      readonly store: string;
      readonly ledger: string;
      readonly progress: boolean;
    }
  | {
      readonly kind: 'report-store';
      readonly store: string;
      readonly ledger: string;
      readonly asOf: Instant | null;
      readonly json: boolean;
      readonly strict: boolean;
    };

/**
 * Limits a user may move (docs/cli.md "Limits"); absent means the default.
 *
 * @since 0.2.0
 */
export interface Limits {
  /** `--max-line-bytes N`: a longer line is a problem (default 1 MiB). */
  readonly maxLineBytes?: number;
  /** `--max-problems N`: problems kept and listed; the rest are counted (default 100 000). */
  readonly maxProblems?: number;
  /** `--worker on|off`: read and decode the log in a worker thread (default: `READ_IN_WORKER`, read-log.ts). */
  readonly worker?: boolean;
}

/** `list`: a string option that may be given more than once (`--pool a --pool b`). */
type FlagKind = 'boolean' | 'string' | 'list';

const FLAGS: { readonly [C in CommandName]: Readonly<Record<string, FlagKind>> } = {
  report: {
    'as-of': 'string',
    json: 'boolean',
    strict: 'boolean',
    html: 'string',
    'max-line-bytes': 'string',
    'max-problems': 'string',
    'from-snapshot': 'string',
    'save-snapshot': 'string',
    worker: 'string',
    store: 'string',
    ledger: 'string',
  },
  explain: {
    machine: 'string',
    license: 'string',
    svm: 'string',
    'as-of': 'string',
    json: 'boolean',
    'max-line-bytes': 'string',
    'max-problems': 'string',
    worker: 'string',
  },
  validate: { 'max-line-bytes': 'string', worker: 'string' },
  timeline: {
    from: 'string',
    to: 'string',
    pool: 'list',
    'as-of': 'string',
    out: 'string',
    'max-line-bytes': 'string',
  },
  import: { store: 'string', ledger: 'string', progress: 'boolean' },
};

const isCommandName = (word: string): word is CommandName => (COMMAND_NAMES as readonly string[]).includes(word);

const isHelpFlag = (token: string): boolean => token === '--help' || token === '-h';

/** Options and positionals before any `--`, then everything after it as positionals. */
interface Tokens {
  readonly flags: ReadonlyMap<string, string | true | readonly string[]>;
  readonly positionals: readonly string[];
}

const tokenize = (command: CommandName, argv: readonly string[]): E.Either<string, Tokens> => {
  const known = FLAGS[command];
  const flags = new Map<string, string | true | readonly string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--'))
      return E.left(`unknown option ${token} for ${command}; see license-ledger ${command} --help`);
    const equals = token.indexOf('=');
    const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const kind = known[name];
    if (kind === undefined)
      return E.left(`unknown option --${name} for ${command}; see license-ledger ${command} --help`);
    if (flags.has(name) && kind !== 'list') return E.left(`option --${name} is given twice`);
    if (kind === 'boolean') {
      if (equals >= 0) return E.left(`option --${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined = equals >= 0 ? token.slice(equals + 1) : argv[i + 1];
    if (equals < 0) {
      // `--machine --json` is a forgotten value, not a machine named "--json".
      if (value !== undefined && value.startsWith('--')) value = undefined;
      else i += 1;
    }
    if (value === undefined || value === '') return E.left(`option --${name} needs a value`);
    const previous = flags.get(name);
    flags.set(name, kind === 'list' ? [...(typeof previous === 'object' ? previous : []), value] : value);
  }
  return E.right({ flags, positionals });
};

const logArgument = (command: CommandName, positionals: readonly string[]): E.Either<string, string> => {
  const [log, extra] = positionals;
  if (log === undefined) return E.left(`missing LOG for ${command} (a path, or - for stdin)`);
  if (extra !== undefined) return E.left(`unexpected argument ${extra}: ${command} reads one LOG`);
  return E.right(log);
};

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const instantOption = (flags: Tokens['flags'], name: string): E.Either<string, Instant | null> => {
  const text = flags.get(name);
  if (typeof text !== 'string') return E.right(null);
  // A calendar date alone is that day's first instant in UTC (no local time zone anywhere).
  const at = parseInstant(CALENDAR_DATE.test(text) ? `${text}T00:00:00Z` : text);
  return at === undefined
    ? E.left(
        `bad --${name} ${JSON.stringify(text)}: expected a UTC date such as 2025-06-01 or an ISO-8601 UTC instant such as 2025-01-15T09:30:00Z`,
      )
    : E.right(at);
};

const asOfOption = (flags: Tokens['flags']): E.Either<string, Instant | null> => instantOption(flags, 'as-of');

const stringOption = (flags: Tokens['flags'], name: string): string | null => {
  const value = flags.get(name);
  return typeof value === 'string' ? value : null;
};

const timelineFrom = (
  log: string,
  flags: Tokens['flags'],
  limits: Pick<Limits, 'maxLineBytes'>,
): E.Either<string, Command> => {
  const from = instantOption(flags, 'from');
  if (E.isLeft(from)) return from;
  const to = instantOption(flags, 'to');
  if (E.isLeft(to)) return to;
  const asOf = asOfOption(flags);
  if (E.isLeft(asOf)) return asOf;
  if (from.right !== null && to.right !== null && from.right > to.right)
    return E.left('--from is after --to: the timeline would be empty');
  const out = stringOption(flags, 'out');
  if (out === null) return E.left('timeline needs --out FILE (an .svg file, or - for stdout)');
  const pools = flags.get('pool');
  return E.right({
    kind: 'timeline',
    log,
    from: from.right,
    to: to.right,
    pools: Array.isArray(pools) ? pools : [],
    asOf: asOf.right,
    out,
    ...limits,
  });
};

const countOption = (flags: Tokens['flags'], name: string, min: number): E.Either<string, number | undefined> => {
  const text = flags.get(name);
  if (typeof text !== 'string') return E.right(undefined);
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n >= min
    ? E.right(n)
    : E.left(`bad --${name} ${JSON.stringify(text)}: expected a whole number ≥ ${min}`);
};

const limitsOption = (flags: Tokens['flags']): E.Either<string, Limits> => {
  const maxLineBytes = countOption(flags, 'max-line-bytes', 1);
  if (E.isLeft(maxLineBytes)) return maxLineBytes;
  const maxProblems = countOption(flags, 'max-problems', 0);
  if (E.isLeft(maxProblems)) return maxProblems;
  const worker = flags.get('worker');
  if (worker !== undefined && worker !== 'on' && worker !== 'off')
    return E.left(`bad --worker ${JSON.stringify(worker)}: expected on or off`);
  return E.right({
    ...(maxLineBytes.right === undefined ? {} : { maxLineBytes: maxLineBytes.right }),
    ...(maxProblems.right === undefined ? {} : { maxProblems: maxProblems.right }),
    ...(worker === undefined ? {} : { worker: worker === 'on' }),
  });
};

const subjectOption = (flags: Tokens['flags']): E.Either<string, Subject> => {
  const given = (['machine', 'license', 'svm'] as const).flatMap((kind) => {
    const id = flags.get(kind);
    return typeof id === 'string' ? [{ kind, id }] : [];
  });
  const [subject, second] = given;
  if (subject === undefined) return E.left('explain needs one of --machine ID, --license ID or --svm ID');
  if (second !== undefined) return E.left(`explain takes one subject, not both --${subject.kind} and --${second.kind}`);
  return E.right(subject);
};

const storeOf = (flags: Tokens['flags']): string => {
  const store = flags.get('store');
  return typeof store === 'string' ? store : DEFAULT_STORE;
};

const commandFrom = (command: CommandName, tokens: Tokens): E.Either<string, Command> => {
  const ledger = tokens.flags.get('ledger');
  if (command === 'report' && (tokens.flags.has('store') || tokens.flags.has('ledger'))) {
    if (typeof ledger !== 'string') return E.left('report --store needs --ledger ID (the ledger to report on)');
    const [extra] = tokens.positionals;
    if (extra !== undefined)
      return E.left(`unexpected argument ${extra}: report reads a LOG or a --ledger from a store, not both`);
    const asOf = asOfOption(tokens.flags);
    if (E.isLeft(asOf)) return asOf;
    return E.right({
      kind: 'report-store',
      store: storeOf(tokens.flags),
      ledger,
      asOf: asOf.right,
      json: tokens.flags.get('json') === true,
      strict: tokens.flags.get('strict') === true,
    });
  }
  const log = logArgument(command, tokens.positionals);
  if (E.isLeft(log)) return log;
  if (command === 'import') {
    if (typeof ledger !== 'string') return E.left('import needs --ledger ID (the ledger to append the log to)');
    return E.right({
      kind: 'import',
      log: log.right,
      store: storeOf(tokens.flags),
      ledger,
      progress: tokens.flags.get('progress') === true,
    });
  }
  const limits = limitsOption(tokens.flags);
  if (E.isLeft(limits)) return limits;
  if (command === 'validate') return E.right({ kind: 'validate', log: log.right, ...limits.right });
  if (command === 'timeline')
    return timelineFrom(
      log.right,
      tokens.flags,
      limits.right.maxLineBytes === undefined ? {} : { maxLineBytes: limits.right.maxLineBytes },
    );
  const asOf = asOfOption(tokens.flags);
  if (E.isLeft(asOf)) return asOf;
  const json = tokens.flags.get('json') === true;
  if (command === 'report') {
    const from = tokens.flags.get('from-snapshot');
    const save = tokens.flags.get('save-snapshot');
    return E.right({
      kind: 'report',
      log: log.right,
      asOf: asOf.right,
      json,
      strict: tokens.flags.get('strict') === true,
      html: stringOption(tokens.flags, 'html'),
      ...limits.right,
      ...(typeof from === 'string' ? { fromSnapshot: from } : {}),
      ...(typeof save === 'string' ? { saveSnapshot: save } : {}),
    });
  }
  const subject = subjectOption(tokens.flags);
  if (E.isLeft(subject)) return subject;
  return E.right({ kind: 'explain', log: log.right, subject: subject.right, asOf: asOf.right, json, ...limits.right });
};

/**
 * Parses the arguments after the program name. `--help` anywhere before `--`
 * wins over every other mistake, so a user can always ask for help.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseArgs } from '@license-ledger/cli'
 * assert.deepStrictEqual(parseArgs(['report', 'audit.ndjson', '--json']), { _tag: 'Right', right: { kind: 'report', log: 'audit.ndjson', asOf: null, json: true, strict: false, html: null } })
 * const bad = parseArgs(['report', '--as-of', 'yesterday', 'a.ndjson'])
 * assert(bad._tag === 'Left' && bad.left.startsWith('bad --as-of "yesterday"'))
 */
export const parseArgs = (argv: readonly string[]): E.Either<string, Command> => {
  const [first, ...rest] = argv;
  if (first === undefined)
    return E.left('missing command: report, explain, validate, timeline or import; see license-ledger --help');
  if (isHelpFlag(first)) return E.right({ kind: 'help', topic: null });
  if (first === '--version' || first === '-V') return E.right({ kind: 'version' });
  if (first === 'help') {
    const [topic, extra] = rest;
    if (topic === undefined) return E.right({ kind: 'help', topic: null });
    if (!isCommandName(topic) || extra !== undefined)
      return E.left(`no help for ${rest.join(' ')}; commands are report, explain, validate, timeline and import`);
    return E.right({ kind: 'help', topic });
  }
  if (!isCommandName(first)) {
    return first.startsWith('-')
      ? E.left(`unknown option ${first}; a command comes first (report, explain, validate, timeline or import)`)
      : E.left(`unknown command ${first}; commands are report, explain, validate, timeline and import`);
  }
  const beforeDashDash = !rest.includes('--') ? rest : rest.slice(0, rest.indexOf('--'));
  if (beforeDashDash.some(isHelpFlag)) return E.right({ kind: 'help', topic: first });
  const tokens = tokenize(first, rest);
  return E.isLeft(tokens) ? tokens : commandFrom(first, tokens.right);
};
