/**
 * A fast path for decoding one audit-log line (R-L2): a character scanner for the
 * flat objects license events are, yielding exactly the event `JSON.parse` and the
 * io-ts codecs would. It gives up (`undefined`) on anything unusual — an escape in
 * a string, a nested value, `null`, a fraction or exponent, an unknown or repeated
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

/** One event type: its required fields after `type`, `id`, `at`, then its optional ones after `v` (the codecs' order). */
interface Shape {
  readonly type: string;
  readonly required: readonly number[];
  readonly optional: readonly number[];
  /** Bit per field the type accepts. */
  readonly allowed: number;
  /** Bit per field it requires. */
  readonly needed: number;
}

const shape = (type: string, required: readonly number[], optional: readonly number[]): Shape => {
  const all = [TYPE, ID, AT, ...required];
  return {
    type,
    required: all,
    optional: [V, ...optional],
    allowed: [...all, V, ...optional].reduce((bits, f) => bits | (1 << f), 0),
    needed: all.reduce((bits, f) => bits | (1 << f), 0),
  };
};

const PLACED = [POOL, MACHINE, GROUP];
const ON_MACHINE = [POOL, MACHINE];

/** The license events (docs/events.md, v1), as their codecs in `license-events.ts` declare them. */
const SHAPES: ReadonlyMap<string, Shape> = new Map(
  [
    shape('LicensePurchased', [POOL, MODULE, QUANTITY], [TERM]),
    shape('InstallRequested', PLACED, []),
    shape('KesInstalled', PLACED, [INSTALLED_AT]),
    shape('ModuleInstalled', PLACED, []),
    shape('InstallFailed', ON_MACHINE, []),
    shape('Uninstalled', ON_MACHINE, []),
    shape('AvUninstalledByUser', [MACHINE], []),
    shape('AgentDeleted', [MACHINE], []),
    shape('RecoveryRun', [], []),
    shape('CleanDatabaseRun', [], []),
    shape('Extended', ON_MACHINE, [COUNT]),
    shape('Returned', ON_MACHINE, [COUNT]),
    shape('AutoExtendSet', [...ON_MACHINE, ENABLED], []),
    shape('LicenseMarkedOther', [...ON_MACHINE, REASON], []),
    shape('OtherResolved', [POOL, LICENSE, RESOLUTION], []),
  ].map((s) => [s.type, s]),
);

const RESOLUTIONS: ReadonlyMap<string, string> = new Map(['partial', 'unused', 'expired'].map((r) => [r, r]));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The field slot of the key in `text[from, to)`, or -1. */
const fieldAt = (text: string, from: number, to: number): number => {
  switch (to - from) {
    case 1:
      return text.charCodeAt(from) === 0x76 ? V : -1;
    case 2:
      return text.startsWith('id', from) ? ID : text.startsWith('at', from) ? AT : -1;
    case 4:
      return text.startsWith('type', from) ? TYPE : -1;
    case 5:
      return text.startsWith('count', from) ? COUNT : -1;
    case 6:
      return text.startsWith('poolId', from)
        ? POOL
        : text.startsWith('module', from)
          ? MODULE
          : text.startsWith('reason', from)
            ? REASON
            : -1;
    case 7:
      return text.startsWith('groupId', from) ? GROUP : text.startsWith('enabled', from) ? ENABLED : -1;
    case 8:
      return text.startsWith('quantity', from) ? QUANTITY : text.startsWith('termDays', from) ? TERM : -1;
    case 9:
      return text.startsWith('machineId', from) ? MACHINE : text.startsWith('licenseId', from) ? LICENSE : -1;
    case 10:
      return text.startsWith('resolution', from) ? RESOLUTION : -1;
    case 11:
      return text.startsWith('installedAt', from) ? INSTALLED_AT : -1;
    default:
      return -1;
  }
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

  constructor(private readonly intern = true) {}

  /** The event io-ts would decode from `text`, or `undefined` when the line needs the full decoder. */
  scan(text: string): LedgerEvent | undefined {
    const { starts, ends, numbers } = this;
    /** Bit per field seen; a string value has its bit in `strings` too. */
    let seen = 0;
    let strings = 0;
    let booleans = 0;
    const length = text.length;
    let i = 0;
    while (i < length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== OPEN) return undefined;
    i++;
    while (i < length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === CLOSE) return undefined;
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return undefined;
      const keyStart = i + 1;
      let keyEnd = keyStart;
      for (; keyEnd < length; keyEnd++) {
        const c = text.charCodeAt(keyEnd);
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 0x20) return undefined;
      }
      const field = fieldAt(text, keyStart, keyEnd);
      if (field < 0 || (seen & (1 << field)) !== 0) return undefined;
      seen |= 1 << field;
      i = keyEnd + 1;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== COLON) return undefined;
      i++;
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const start = i + 1;
        let end = start;
        for (; end < length; end++) {
          const d = text.charCodeAt(end);
          if (d === QUOTE) break;
          if (d === BACKSLASH || d < 0x20) return undefined;
        }
        if (end >= length) return undefined;
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
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      const after = text.charCodeAt(i);
      i++;
      if (after === COMMA) {
        while (i < length && isSpace(text.charCodeAt(i))) i++;
        continue;
      }
      if (after !== CLOSE) return undefined;
      break;
    }
    while (i < length && isSpace(text.charCodeAt(i))) i++;
    if (i !== length) return undefined;
    if ((strings & (1 << TYPE)) === 0) return undefined;
    const shape = SHAPES.get(text.slice(starts[TYPE], ends[TYPE]));
    if (shape === undefined || (seen & ~shape.allowed) !== 0 || (seen & shape.needed) !== shape.needed)
      return undefined;
    const out: Record<string, unknown> = {};
    for (const field of shape.required) {
      const value = this.value(text, field, strings, booleans);
      if (value === undefined) return undefined;
      out[NAMES[field] as string] = value;
    }
    for (const field of shape.optional) {
      if ((seen & (1 << field)) === 0) continue;
      const value = this.value(text, field, strings, booleans);
      if (value === undefined) return undefined;
      out[NAMES[field] as string] = value;
    }
    // Schema versions other than 1 go through the upcasters; installedAt after at is an error.
    if (out['v'] !== undefined && out['v'] !== 1) return undefined;
    if (out['installedAt'] !== undefined && (out['installedAt'] as number) > (out['at'] as number)) return undefined;
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
        if (field === TYPE) return SHAPES.get(text.slice(start, end))?.type;
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
