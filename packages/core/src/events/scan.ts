/**
 * A fast path for decoding one audit-log line (R-L2): a character scanner for the
 * flat objects license events are, yielding exactly the event `JSON.parse` and the
 * io-ts codecs would. It gives up (`undefined`) on anything unusual — a backslash
 * or a control character anywhere in the line (an escape; a tab, CR or LF between
 * tokens), a nested value, `null`, a fraction or exponent, an unknown or repeated
 * key, a value of the wrong kind, a key event, a schema version other than 1 —
 * and the caller then decodes the line with `JSON.parse` and io-ts, which stay the
 * source of truth and of every error message. The scanner never decides that a
 * line is bad.
 *
 * @since 0.1.0
 */
import type { LedgerEvent } from './ledger-event';
import { MAX_TERM_DAYS } from '../time/instant';

// Field slots: every key a license event may have.
const TYPE = 0;
const ID = 1;
const AT = 2;
const V = 3;
const POOL = 4;
const MACHINE = 5;
const GROUP = 6;
const MODULE = 7;
const QUANTITY = 8;
const TERM = 9;
const INSTALLED_AT = 10;
const COUNT = 11;
const ENABLED = 12;
const REASON = 13;
const LICENSE = 14;
const RESOLUTION = 15;
const FIELDS = 16;

const NAMES = [
  'type',
  'id',
  'at',
  'v',
  'poolId',
  'machineId',
  'groupId',
  'module',
  'quantity',
  'termDays',
  'installedAt',
  'count',
  'enabled',
  'reason',
  'licenseId',
  'resolution',
] as const;

/** What a field's value must be: a non-empty string, any string, an integer ≥ 1, a boolean, an instant, a resolution. */
const enum Kind {
  NonEmpty,
  Text,
  Positive,
  /** An integer from 1 to `MAX_TERM_DAYS` (`TermDays`). */
  Term,
  Bool,
  Instant,
  Resolution,
}

const KIND: readonly Kind[] = [
  Kind.NonEmpty,
  Kind.NonEmpty,
  Kind.Instant,
  Kind.Positive,
  Kind.NonEmpty,
  Kind.NonEmpty,
  Kind.NonEmpty,
  Kind.NonEmpty,
  Kind.Positive,
  Kind.Term,
  Kind.Instant,
  Kind.Positive,
  Kind.Bool,
  Kind.Text,
  Kind.NonEmpty,
  Kind.Resolution,
];

/** Fields whose values repeat across a log (pools, machines, groups, modules): shared, not copied per event. */
const INTERNED: readonly boolean[] = NAMES.map(
  (_, f) => f === POOL || f === MACHINE || f === GROUP || f === MODULE || f === LICENSE,
);

/** A type's event of its required fields, in the codecs' order, from the values by field slot. */
type Build = (values: readonly unknown[]) => Record<string, unknown>;

/** One event type: its required fields after `type`, `id`, `at`, then its optional ones after `v` (the codecs' order). */
interface Shape {
  readonly type: string;
  readonly required: readonly number[];
  readonly optional: readonly number[];
  readonly build: Build;
  /** Bit per field the type accepts. */
  readonly allowed: number;
  /** Bit per field it requires. */
  readonly needed: number;
}

/** `build`'s keys are the type's required fields, in order. */
const shape = (type: string, build: Build, optional: readonly number[]): Shape => {
  const all = Object.keys(build(NAMES)).map((name) => NAMES.indexOf(name as (typeof NAMES)[number]));
  return {
    type,
    required: all,
    optional: [V, ...optional],
    build,
    allowed: [...all, V, ...optional].reduce((bits, f) => bits | (1 << f), 0),
    needed: all.reduce((bits, f) => bits | (1 << f), 0),
  };
};

// An object literal per list of required fields: the event gets its hidden class at once, where adding
// its keys one at a time by name went through V8's megamorphic keyed store (~0.25 µs an event).
const purchased: Build = (v) => ({
  type: v[TYPE],
  id: v[ID],
  at: v[AT],
  poolId: v[POOL],
  module: v[MODULE],
  quantity: v[QUANTITY],
});
const placed: Build = (v) => ({
  type: v[TYPE],
  id: v[ID],
  at: v[AT],
  poolId: v[POOL],
  machineId: v[MACHINE],
  groupId: v[GROUP],
});
const onMachine: Build = (v) => ({ type: v[TYPE], id: v[ID], at: v[AT], poolId: v[POOL], machineId: v[MACHINE] });
const machineOnly: Build = (v) => ({ type: v[TYPE], id: v[ID], at: v[AT], machineId: v[MACHINE] });
const bare: Build = (v) => ({ type: v[TYPE], id: v[ID], at: v[AT] });
const autoExtend: Build = (v) => ({
  type: v[TYPE],
  id: v[ID],
  at: v[AT],
  poolId: v[POOL],
  machineId: v[MACHINE],
  enabled: v[ENABLED],
});
const markedOther: Build = (v) => ({
  type: v[TYPE],
  id: v[ID],
  at: v[AT],
  poolId: v[POOL],
  machineId: v[MACHINE],
  reason: v[REASON],
});
const resolved: Build = (v) => ({
  type: v[TYPE],
  id: v[ID],
  at: v[AT],
  poolId: v[POOL],
  licenseId: v[LICENSE],
  resolution: v[RESOLUTION],
});

/** The license events (docs/events.md, v1), as their codecs in `license-events.ts` declare them. */
const SHAPES: ReadonlyMap<string, Shape> = new Map(
  [
    shape('LicensePurchased', purchased, [TERM]),
    shape('InstallRequested', placed, []),
    shape('KesInstalled', placed, [INSTALLED_AT]),
    shape('ModuleInstalled', placed, []),
    shape('InstallFailed', onMachine, []),
    shape('Uninstalled', onMachine, []),
    shape('AvUninstalledByUser', machineOnly, []),
    shape('AgentDeleted', machineOnly, []),
    shape('RecoveryRun', bare, []),
    shape('CleanDatabaseRun', bare, []),
    shape('Extended', onMachine, [COUNT]),
    shape('Returned', onMachine, [COUNT]),
    shape('AutoExtendSet', autoExtend, []),
    shape('LicenseMarkedOther', markedOther, []),
    shape('OtherResolved', resolved, []),
  ].map((s) => [s.type, s]),
);

/**
 * The shapes by the length and first character of their type (no two types share both): a type is found
 * by one comparison, without hashing its text for a map.
 */
const BY_HEAD: readonly (Shape | undefined)[] = (() => {
  const byHead = new Array<Shape | undefined>(64 << 7).fill(undefined);
  for (const s of SHAPES.values()) {
    const head = (s.type.length << 7) | s.type.charCodeAt(0);
    if (byHead[head] !== undefined) throw new Error(`two event types share a length and first character: ${s.type}`);
    byHead[head] = s;
  }
  return byHead;
})();

/** The shape whose type is `text[from, to)`, or `undefined`. */
const shapeAt = (text: string, from: number, to: number): Shape | undefined => {
  const c = text.charCodeAt(from);
  const found = to - from < 64 && c < 128 ? BY_HEAD[((to - from) << 7) | c] : undefined;
  return found !== undefined && text.slice(from, to) === found.type ? found : undefined;
};

const RESOLUTIONS: ReadonlyMap<string, string> = new Map(['partial', 'unused', 'expired'].map((r) => [r, r]));

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;

const SPACE = 0x20;

/**
 * A control character or a backslash anywhere in a line. In a string, JSON.parse
 * refuses the one and reads an escape from the other; between tokens, a tab, CR
 * or LF is whitespace. Lines with neither (JSON.stringify writes them so unless a string needs an escape) are
 * scanned without looking at each character: keys and strings end at the next
 * quote (`indexOf`), and the only whitespace left is the space. The others go to
 * JSON.parse (one native pass over the line here costs less than a check per
 * character in the scanner's loops).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_THE_PARSER = /[\u0000-\u001f\\]/;

/** Whether `text` has `name` at `from`, then a quote (compared here: `startsWith` is a call into the engine). */
const keyAt = (text: string, from: number, name: string): boolean => {
  for (let i = 0; i < name.length; i++) if (text.charCodeAt(from + i) !== name.charCodeAt(i)) return false;
  return text.charCodeAt(from + name.length) === QUOTE;
};

/** Per first character of a key (a code below 128), the fields whose names start with it. */
const BY_FIRST: readonly (readonly number[])[] = Array.from({ length: 128 }, (_, c) =>
  NAMES.flatMap((name, field) => (name.charCodeAt(0) === c ? [field] : [])),
);

/**
 * The field slot of the key that starts at `from` (just after its opening quote) and
 * ends at the next quote, or -1 for any other key. Told by its first character and
 * compared in place: no search for the closing quote first.
 */
const fieldAt = (text: string, from: number): number => {
  const candidates = BY_FIRST[text.charCodeAt(from)];
  if (candidates === undefined) return -1;
  for (let k = 0; k < candidates.length; k++) {
    const field = candidates[k] as number;
    if (keyAt(text, from, NAMES[field] as string)) return field;
  }
  return -1;
};

/**
 * Where an instant's string ends: the first of the lengths an instant can have (20,
 * 22, 23, 24) at which a quote stands, else the next quote. When that is not where
 * the string ends, the instant is not valid anyway: `scanInstant` checks every
 * character before the end it is given, and none may be a quote.
 */
const instantEnd = (text: string, start: number): number => {
  if (text.charCodeAt(start + 20) === QUOTE) return start + 20;
  if (text.charCodeAt(start + 22) === QUOTE) return start + 22;
  if (text.charCodeAt(start + 23) === QUOTE) return start + 23;
  if (text.charCodeAt(start + 24) === QUOTE) return start + 24;
  return text.indexOf('"', start);
};

const digit = (text: string, at: number): number => text.charCodeAt(at) - ZERO;

const twoDigits = (text: string, at: number): number => {
  const a = digit(text, at);
  const b = digit(text, at + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const leap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * `YYYY-MM-DDTHH:MM:SS[.sss]Z` in `text[from, to)` as epoch milliseconds, with the
 * checks of `parseInstant`; NaN for anything else.
 */
export const scanInstant = (text: string, from: number, to: number): number => {
  const length = to - from;
  if (length !== 20 && (length < 22 || length > 24)) return NaN;
  if (text.charCodeAt(from + 4) !== 0x2d || text.charCodeAt(from + 7) !== 0x2d || text.charCodeAt(from + 10) !== 0x54)
    return NaN;
  if (text.charCodeAt(from + 13) !== COLON || text.charCodeAt(from + 16) !== COLON || text.charCodeAt(to - 1) !== 0x5a)
    return NaN;
  const hi = twoDigits(text, from);
  const lo = twoDigits(text, from + 2);
  const month = twoDigits(text, from + 5);
  const day = twoDigits(text, from + 8);
  const hour = twoDigits(text, from + 11);
  const minute = twoDigits(text, from + 14);
  const second = twoDigits(text, from + 17);
  if (
    hi < 0 ||
    lo < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return NaN;
  const year = hi * 100 + lo;
  if (day > (month === 2 && leap(year) ? 29 : (MONTH_DAYS[month] as number))) return NaN;
  let millis = 0;
  if (length > 20) {
    if (text.charCodeAt(from + 19) !== 0x2e) return NaN;
    let scale = 100;
    for (let i = from + 20; i < to - 1; i++) {
      const d = digit(text, i);
      if (d < 0 || d > 9) return NaN;
      millis += d * scale;
      scale /= 10;
    }
  }
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
};

/** How many distinct values an {@link EventScanner} shares before it stops remembering new ones. */
const INTERN_LIMIT = 1 << 18;

/**
 * Scans lines into license events. One per log: it shares repeated pool,
 * machine, group and module ids, so the ledger holds one string for each.
 *
 * @since 0.1.0
 */
export class EventScanner {
  private readonly interned = new Map<string, string>();
  /** Per field: the start of its value, then its end (strings without quotes), or a number or boolean value. */
  private readonly starts = new Array<number>(FIELDS).fill(0);
  private readonly ends = new Array<number>(FIELDS).fill(0);
  private readonly numbers = new Array<number>(FIELDS).fill(0);
  /** Per field: its decoded value, for the shape's `build` (only the fields of the line being scanned are current). */
  private readonly values = new Array<unknown>(FIELDS).fill(undefined);

  constructor(private readonly intern = true) {}

  /** The event io-ts would decode from `text`, or `undefined` when the line needs the full decoder. */
  scan(text: string): LedgerEvent | undefined {
    const { starts, ends, numbers } = this;
    /** Bit per field seen; a string value has its bit in `strings` too. */
    let seen = 0;
    let strings = 0;
    let booleans = 0;
    if (NEEDS_THE_PARSER.test(text)) return undefined;
    const length = text.length;
    // charCodeAt past the end is NaN, which stops these loops.
    let i = 0;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) !== OPEN) return undefined;
    i++;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === CLOSE) return undefined;
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return undefined;
      // No backslash in the line: a key ends at the next quote, and so does a string value.
      const field = fieldAt(text, i + 1);
      if (field < 0 || (seen & (1 << field)) !== 0) return undefined;
      seen |= 1 << field;
      i += (NAMES[field] as string).length + 2;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON) return undefined;
      i++;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const start = i + 1;
        const end = KIND[field] === Kind.Instant ? instantEnd(text, start) : text.indexOf('"', start);
        if (end < 0) return undefined;
        starts[field] = start;
        ends[field] = end;
        strings |= 1 << field;
        i = end + 1;
      } else if (c >= ZERO + 1 && c <= NINE) {
        let value = c - ZERO;
        let end = i + 1;
        for (; end < length; end++) {
          const d = text.charCodeAt(end) - ZERO;
          if (d < 0 || d > 9) break;
          value = value * 10 + d;
        }
        // Fifteen digits stay exact; a fraction or exponent is left to JSON.parse.
        if (end - i > 15) return undefined;
        const next = text.charCodeAt(end);
        if (next === 0x2e || next === 0x65 || next === 0x45) return undefined;
        numbers[field] = value;
        i = end;
      } else if (c === 0x74 && text.startsWith('true', i)) {
        numbers[field] = 1;
        booleans |= 1 << field;
        i += 4;
      } else if (c === 0x66 && text.startsWith('false', i)) {
        numbers[field] = 0;
        booleans |= 1 << field;
        i += 5;
      } else return undefined;
      // The value ends at a separator: `truex` or `12a` is not JSON.
      while (text.charCodeAt(i) === SPACE) i++;
      const after = text.charCodeAt(i);
      i++;
      if (after === COMMA) {
        while (text.charCodeAt(i) === SPACE) i++;
        continue;
      }
      if (after !== CLOSE) return undefined;
      break;
    }
    // Bounded, unlike the loops between tokens: every line ends here, and a read past the end would throw the
    // optimized code away once per thread (another compile of this function, ~50–120 ms on a compiler thread).
    while (i < length && text.charCodeAt(i) === SPACE) i++;
    if (i !== length) return undefined;
    if ((strings & (1 << TYPE)) === 0) return undefined;
    const shape = shapeAt(text, starts[TYPE] as number, ends[TYPE] as number);
    if (shape === undefined || (seen & ~shape.allowed) !== 0 || (seen & shape.needed) !== shape.needed)
      return undefined;
    const values = this.values;
    values[TYPE] = shape.type;
    // `required` starts with `type`, the shape's own string (no second slice and lookup).
    for (let r = 1; r < shape.required.length; r++) {
      const field = shape.required[r] as number;
      const value = this.value(text, field, strings, booleans);
      if (value === undefined) return undefined;
      values[field] = value;
    }
    let extra = 0;
    for (const field of shape.optional) {
      if ((seen & (1 << field)) === 0) continue;
      const value = this.value(text, field, strings, booleans);
      if (value === undefined) return undefined;
      values[field] = value;
      extra |= 1 << field;
    }
    // Schema versions other than 1 go through the upcasters; installedAt after at is an error.
    if ((extra & (1 << V)) !== 0 && values[V] !== 1) return undefined;
    if ((extra & (1 << INSTALLED_AT)) !== 0 && (values[INSTALLED_AT] as number) > (values[AT] as number))
      return undefined;
    const out = shape.build(values);
    if (extra !== 0)
      for (const field of shape.optional) if ((extra & (1 << field)) !== 0) out[NAMES[field] as string] = values[field];
    return out as unknown as LedgerEvent;
  }

  /** The decoded value of a field, or `undefined` when it is not what the field takes. */
  private value(text: string, field: number, strings: number, booleans: number): unknown {
    const isString = (strings & (1 << field)) !== 0;
    const isBoolean = (booleans & (1 << field)) !== 0;
    switch (KIND[field]) {
      case Kind.NonEmpty:
      case Kind.Text: {
        if (!isString) return undefined;
        const start = this.starts[field] as number;
        const end = this.ends[field] as number;
        if (start === end) return KIND[field] === Kind.Text ? '' : undefined;
        return INTERNED[field] === true ? this.share(text.slice(start, end)) : text.slice(start, end);
      }
      case Kind.Resolution:
        return isString ? RESOLUTIONS.get(text.slice(this.starts[field], this.ends[field])) : undefined;
      case Kind.Instant: {
        if (!isString) return undefined;
        const ms = scanInstant(text, this.starts[field] as number, this.ends[field] as number);
        return Number.isNaN(ms) ? undefined : ms;
      }
      case Kind.Positive:
        return isString || isBoolean ? undefined : this.numbers[field];
      case Kind.Term:
        return isString || isBoolean || (this.numbers[field] as number) > MAX_TERM_DAYS
          ? undefined
          : this.numbers[field];
      case Kind.Bool:
        return isBoolean ? this.numbers[field] === 1 : undefined;
      default:
        return undefined;
    }
  }

  private share(value: string): string {
    if (!this.intern) return value;
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < INTERN_LIMIT) this.interned.set(value, value);
    return value;
  }
}

/**
 * Lines that take the branches a valid log's lines take (strings, instants with and without milliseconds and on
 * 29 February, numbers, both booleans, a space at the end), scanned when this module loads, with and without
 * sharing. V8 optimizes `scan` after a few hundred lines; a branch first taken after that (a log's first `false`,
 * its first February) throws the optimized code away and compiles it again, 50–120 ms of a compiler thread for
 * this function, in each thread that scans (docs/performance.md, "Twentieth session: compile and deopt churn").
 * Scanned here first, every branch has its type feedback before `scan` is optimized. The scanners are dropped.
 *
 * @internal
 */
export const WARM_UP: readonly string[] = [
  '{"type":"AutoExtendSet","id":"w1","at":"2024-02-29T00:00:00Z","poolId":"p","machineId":"m","enabled":true}',
  '{"type":"AutoExtendSet","id":"w2","at":"2023-02-28T00:00:00.5Z","poolId":"p","machineId":"m","enabled":false}',
  '{"type":"LicensePurchased","id":"w3","at":"2024-01-01T00:00:00.125Z","poolId":"p","module":"KES","quantity":8} ',
];

/** Feedback is kept only once V8 has given `scan` a feedback vector: after about eight runs of its bytecode. */
const WARM_UP_ROUNDS = 12;

for (const intern of [true, false]) {
  const scanner = new EventScanner(intern);
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const line of WARM_UP) scanner.scan(line);
}
