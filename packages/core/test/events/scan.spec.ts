import fc from 'fast-check';
import { decodeEvent, parseInstant } from '../../src/index';
import { EventScanner, scanInstant, WARM_UP } from '../../src/events/scan';

/** What JSON.parse + io-ts make of a line: the event, or null for any error. */
const slow = (line: string): unknown => {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const decoded = decodeEvent(raw);
  return decoded._tag === 'Right' ? decoded.right : null;
};

/** Lines the scanner read itself (so a scanner that always gave up would fail the tests). */
let fastHits = 0;

/** The scanner either gives up or yields exactly the slow path's event, key order included. */
const agrees = (line: string): boolean => {
  const fast = new EventScanner().scan(line);
  if (fast === undefined) return true;
  fastHits += 1;
  const expected = slow(line);
  expect({ line, event: fast, keys: Object.keys(fast) }).toStrictEqual({
    line,
    event: expected,
    keys: expected === null || expected === undefined ? [] : Object.keys(expected),
  });
  return true;
};

const ids = fc.constantFrom('e1', 'e-2', 'x', 'ü-é', '東京', '🙂', '');
const names = fc.constantFrom('pool-1', 'kes', 'ws-1', 'm-12-0', 'hq', 'a b', 'KES', 'BUDR', '', 'é', '__proto__');
const instants = fc.constantFrom(
  '2025-01-01T00:00:00Z',
  '2024-02-29T12:30:45Z',
  '2025-02-29T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-01-01T00:00:00.5Z',
  '2025-01-01T00:00:00.05Z',
  '2025-01-01T00:00:00.123Z',
  '2025-01-01T00:00:00.1234Z',
  '2025-01-01T24:00:00Z',
  '2025-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0099-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2025-01-01T00:00:00+00:00',
  '2025-01-01 00:00:00Z',
  '1969-12-31T23:59:59Z',
  '1900-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
);
const numbers = fc.constantFrom<unknown>(
  1,
  2,
  365,
  97_067_103,
  97_067_104,
  0,
  -1,
  1.5,
  1e21,
  123456789012345,
  1234567890123456,
  true,
  false,
  null,
  '3',
  [1],
  { n: 1 },
);
const values = fc.oneof(ids, names, instants, numbers);

const TYPES = [
  'LicensePurchased',
  'InstallRequested',
  'KesInstalled',
  'ModuleInstalled',
  'InstallFailed',
  'Uninstalled',
  'AvUninstalledByUser',
  'AgentDeleted',
  'RecoveryRun',
  'CleanDatabaseRun',
  'Extended',
  'Returned',
  'AutoExtendSet',
  'LicenseMarkedOther',
  'OtherResolved',
  'SvmRegistered',
  'Nope',
];
const FIELDS = [
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
  'v',
  'extra',
];

/** Plausible events: a type, id and instant, then any of the fields, with values of every kind. */
const eventObject = fc
  .record({
    type: fc.constantFrom(...TYPES),
    id: ids,
    at: instants,
    fields: fc.dictionary(fc.constantFrom(...FIELDS), values, { maxKeys: 5 }),
    good: fc.record({
      poolId: names,
      machineId: names,
      groupId: names,
      module: names,
      quantity: numbers,
      enabled: fc.boolean(),
      reason: names,
    }),
    resolution: fc.constantFrom('partial', 'unused', 'expired', 'other'),
  })
  .map(({ type, id, at, fields, good, resolution }) => ({ type, id, at, ...good, resolution, ...fields }))
  .chain((event) =>
    fc
      .subarray(Object.keys(event), { minLength: 0 })
      .map((keep) => Object.fromEntries(keep.map((k) => [k, (event as Record<string, unknown>)[k]]))),
  );

const goodName = fc.constantFrom('pool-1', 'kes', 'ws-1', 'm-12-0', 'hq', 'a b', 'é', '🙂', '__proto__');
const goodInstant = fc.constantFrom(
  '2025-01-01T00:00:00Z',
  '2024-02-29T12:30:45.5Z',
  '2025-06-30T23:59:59.999Z',
  '1999-12-31T00:00:00Z',
);
const positive = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }),
  fc.constantFrom(97_067_103, 97_067_104, 999_999_999_999_999),
);
const SPECS: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  LicensePurchased: { poolId: goodName, module: goodName, quantity: positive },
  InstallRequested: { poolId: goodName, machineId: goodName, groupId: goodName },
  KesInstalled: { poolId: goodName, machineId: goodName, groupId: goodName },
  ModuleInstalled: { poolId: goodName, machineId: goodName, groupId: goodName },
  InstallFailed: { poolId: goodName, machineId: goodName },
  Uninstalled: { poolId: goodName, machineId: goodName },
  AvUninstalledByUser: { machineId: goodName },
  AgentDeleted: { machineId: goodName },
  RecoveryRun: {},
  CleanDatabaseRun: {},
  Extended: { poolId: goodName, machineId: goodName },
  Returned: { poolId: goodName, machineId: goodName },
  AutoExtendSet: { poolId: goodName, machineId: goodName, enabled: fc.boolean() },
  LicenseMarkedOther: { poolId: goodName, machineId: goodName, reason: fc.constantFrom('', 'orphaned', 'x\u0020') },
  OtherResolved: { poolId: goodName, licenseId: goodName, resolution: fc.constantFrom('partial', 'unused', 'expired') },
};
const OPTIONAL: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  LicensePurchased: { termDays: positive, v: fc.constant(1) },
  KesInstalled: { installedAt: goodInstant, v: fc.constant(1) },
  Extended: { count: positive },
  Returned: { count: positive },
};

/** Valid license events, some optional fields, keys in any order. */
const validObject = fc
  .constantFrom(...Object.keys(SPECS))
  .chain((type) =>
    fc.record({
      head: fc.record({ type: fc.constant(type), id: fc.constantFrom('e1', 'e-2', 'ü', '東京'), at: goodInstant }),
      required: fc.record(SPECS[type] ?? {}),
      optional: fc.record(OPTIONAL[type] ?? {}, { requiredKeys: [] }),
    }),
  )
  .map(({ head, required, optional }) => ({ ...head, ...required, ...optional }))
  .chain((event) =>
    fc
      .shuffledSubarray(Object.keys(event), { minLength: Object.keys(event).length })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, (event as Record<string, unknown>)[k]]))),
  );

/** Whitespace JSON allows between tokens, and some it does not. */
const space = fc.constantFrom('', '', '', ' ', '\t', '\r\n', '  ', '\u00a0', '\ufeff');

const serialize = (event: Record<string, unknown>, gaps: readonly string[]): string => {
  let i = 0;
  const gap = () => gaps[i++ % gaps.length] ?? '';
  return `${gap()}{${gap()}${Object.entries(event)
    .map(([k, v]) => `${JSON.stringify(k)}${gap()}:${gap()}${JSON.stringify(v)}${gap()}`)
    .join(`,${gap()}`)}}${gap()}`;
};

const lines = fc
  .tuple(fc.oneof(validObject, eventObject), fc.array(space, { minLength: 1, maxLength: 6 }))
  .map(([event, gaps]) => serialize(event, gaps));

/** Spellings of the same or nearly the same line that only a full JSON parser reads right. */
const CORNERS: readonly ((line: string) => string)[] = [
  (l) => l.replace('"id":"', '"id":"\\u0065'),
  (l) => l.replace('"poolId":"', '"poolId":"\\ud83d\\ude42'),
  (l) => l.replace('"machineId":"', '"machineId":"\ud83d\ude42'),
  (l) => l.replace('"machineId":"', '"machineId":"\\"'),
  (l) => l.replace(/\{/, '{"id":"dup",'),
  (l) => l.replace(/\}$/, ',"id":"dup"}'),
  (l) => l.replace(/\}$/, ',"quantity":-0}'),
  (l) => l.replace(/\}$/, ',"count":1e400}'),
  (l) => l.replace(/\}$/, ',"count":1.0}'),
  (l) => l.replace(/\}$/, ',"count":1E0}'),
  (l) => l.replace(/\}$/, ',"count":01}'),
  (l) => l.replace(/\}$/, ',"count":2 }'),
  (l) => l.replace(/\}$/, ',"enabled":truee}'),
  (l) => l.replace(/\}$/, ',"v":1}'),
  (l) => l.replace(/\}$/, ',"v":2}'),
  (l) => l.replace(/\}$/, ',"__proto__":{}}'),
  (l) => l.replace(/\}$/, ',}'),
  (l) => `\ufeff${l}`,
  (l) => `${l}x`,
  (l) => l.replace('"type"', '"ty\\u0070e"'),
  (l) => l.replace('"', "'"),
  (l) => l.replace(/"at":"[^"]*"/, '"at":"2025-01-01T00:00:00Z","installedAt":"2025-01-02T00:00:00Z"'),
];

describe('EventScanner', () => {
  test('R-L2: a valid license event line scans to exactly the event JSON.parse and io-ts decode, key order included', () => {
    const scanner = new EventScanner();
    const line =
      '{"type":"Extended","id":"e7","at":"2025-03-01T10:00:00.250Z","poolId":"kes","machineId":"ws-1","count":2}';
    expect(scanner.scan(line)).toStrictEqual(slow(line));
    expect(Object.keys(scanner.scan(line) ?? {})).toEqual(['type', 'id', 'at', 'poolId', 'machineId', 'count']);
  });

  test('R-L2: escapes, nesting, null, fractions, exponents, unknown or repeated keys and key events are left to the full decoder', () => {
    const scanner = new EventScanner();
    const base = '{"type":"AgentDeleted","id":"e1","at":"2025-01-01T00:00:00Z","machineId":"ws-1"}';
    expect(scanner.scan(base)).toBeDefined();
    for (const line of [
      base.replace('ws-1', 'ws-\\u0031'),
      base.replace('}', ',"machineId":"ws-2"}'),
      base.replace('}', ',"extra":1}'),
      base.replace('}', ',"v":null}'),
      base.replace('}', ',"v":1.0}'),
      base.replace('}', ',"v":{"a":1}}'),
      base.replace('}', ',"v":2}'),
      '{"type":"SvmRegistered","id":"e1","at":"2025-01-01T00:00:00Z","svmId":"s","clusterId":"c"}',
      `\ufeff${base}`,
    ]) {
      expect({ line, scanned: scanner.scan(line) }).toEqual({ line, scanned: undefined });
    }
  });

  test('R-L2: on generated lines, with every JSON corner spliced in, the scanner gives up or agrees with JSON.parse + io-ts', () => {
    fastHits = 0;
    fc.assert(
      fc.property(
        lines,
        fc.integer({ min: 0, max: CORNERS.length }),
        (line, corner) => agrees(line) && agrees(CORNERS[corner]?.(line) ?? line),
      ),
    );
    // Many generated lines are valid events: the fast path must have read a good share of them.
    expect(fastHits).toBeGreaterThan((fc.readConfigureGlobal().numRuns ?? 100) / 20);
  });

  test('R-L2: lines mutated a character at a time give up or agree, never a different event', () => {
    const mutated = fc
      .tuple(
        lines,
        fc.nat(),
        fc.constantFrom('', '"', '\\', '{', '}', ',', ':', '1', '-', '.', 'e', ' ', 'x', '\u0000', 'é'),
        fc.boolean(),
      )
      .map(([line, at, c, replace]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + c + line.slice(replace ? i + 1 : i);
      });
    fc.assert(fc.property(mutated, agrees));
  });

  test('R-L2: every valid license event as JSON.stringify writes it is read by the scanner itself, never left to the full decoder', () => {
    fc.assert(
      fc.property(validObject, (event) => {
        const line = JSON.stringify(event);
        const expected = slow(line);
        if (expected === null) return true; // installedAt after at: not an event
        const fast = new EventScanner().scan(line);
        expect({ line, event: fast, keys: Object.keys(fast ?? {}) }).toStrictEqual({
          line,
          event: expected,
          keys: Object.keys(expected as object),
        });
        return true;
      }),
    );
  });

  test('R-L2: a type that shares only its length and first letter with a license event type is left to the full decoder', () => {
    const scanner = new EventScanner();
    const line = (type: string) =>
      `{"type":"${type}","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"kes","machineId":"ws-1","groupId":"hq"}`;
    expect(scanner.scan(line('KesInstalled'))).toBeDefined();
    for (const type of ['KesInstallex', 'Kes_nstalled', 'KesInstalle', 'KesInstalledd', 'kesInstalled'])
      expect({ type, scanned: scanner.scan(line(type)) }).toEqual({ type, scanned: undefined });
  });

  test('R-L2: a tab, CR, control character or backslash anywhere in a line leaves it to the full decoder', () => {
    const scanner = new EventScanner();
    const base = '{"type":"AgentDeleted","id":"e1","at":"2025-01-01T00:00:00Z","machineId":"ws-1"}';
    // [line, whether it is an event]: JSON allows a tab, CR or LF between tokens and escapes in strings, not a raw control character in a string.
    for (const [line, valid] of [
      [base.replace(',', ',\t'), true],
      [base.replace(',', '\r\n,'), true],
      [base.replace('ws-1', 'ws-\\"1'), true],
      [base.replace('ws-1', 'ws\\\\1'), true],
      [base.replace('e1', 'e\u00011'), false],
    ] as const) {
      expect({ line, scanned: scanner.scan(line), valid: slow(line) !== null }).toEqual({
        line,
        scanned: undefined,
        valid,
      });
    }
  });

  test('R-L2: a KesInstalled back-dated by installedAt takes the fast path', () => {
    const valid =
      '{"type":"KesInstalled","id":"e2","at":"2025-01-02T00:00:00Z","poolId":"kes","machineId":"ws-1","groupId":"hq","installedAt":"2025-01-01T00:00:00Z"}';
    expect(new EventScanner().scan(valid)).toStrictEqual(slow(valid));
  });
});

describe('scanInstant', () => {
  test('R-T1: reads exactly what parseInstant reads, to the millisecond, and refuses what it refuses', () => {
    const digits = (n: number, w: number) => String(n).padStart(w, '0');
    const texts = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('', '.5', '.05', '.999', '.1234', '.'),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${digits(y, 4)}-${digits(mo, 2)}-${digits(d, 2)}T${digits(h, 2)}:${digits(mi, 2)}:${digits(s, 2)}${ms}Z`,
      );
    fc.assert(
      fc.property(fc.oneof(texts, fc.string()), (text) => {
        const fast = scanInstant(text, 0, text.length);
        const expected = parseInstant(text);
        expect({ text, fast: Number.isNaN(fast) ? undefined : fast }).toEqual({ text, fast: expected });
        return true;
      }),
    );
  });
});

describe('WARM_UP', () => {
  test("every line scanned when the module loads is scanned by the fast path to the slow path's event", () => {
    for (const line of WARM_UP) {
      const event = new EventScanner().scan(line);
      expect(event).toBeDefined();
      expect(event).toStrictEqual(slow(line));
    }
  });

  test('the lines take the branches a log first takes late: both booleans, 29 February, milliseconds, a trailing space', () => {
    const events = WARM_UP.map((line) => new EventScanner().scan(line) as unknown as Record<string, unknown>);
    expect(events.map((event) => event['enabled'])).toEqual(expect.arrayContaining([true, false]));
    expect(WARM_UP.some((line) => line.includes('-02-29T'))).toBe(true);
    expect(events.some((event) => (event['at'] as number) % 1000 !== 0)).toBe(true);
    expect(WARM_UP.some((line) => line.endsWith(' '))).toBe(true);
  });
});
