import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import type { LogEntry } from '../../src/replay/replayer';
import { EntryDecoder, EntryEncoder, type PackedBatch } from '../../src/node/entry-codec';
import { attachedDigestWords, bodyDigest, bodyDigestInto } from '../../src/ledger/body-digest';
import { attachedDigest } from '../support/attached-digest';

/** What `postMessage` does to a batch: a structured clone (buffers transferred or copied alike). */
const overTheWire = (batch: PackedBatch): PackedBatch => deserialize(serialize(batch)) as PackedBatch;

const flatValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }), // lone surrogates, astral characters, long strings
  fc.constantFrom('pool-1', 'pool-2', 'm1', 'm2', 'KES', '', '__proto__'),
  fc.double(), // -0, NaN, ±Infinity included
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.constantFrom(
  'type',
  'id',
  'at',
  'poolId',
  'machineId',
  'quantity',
  'termDays',
  'enabled',
  'reason',
  'v',
  'x',
  '',
  '__proto__',
  'constructor',
);
const flatEvent = fc.dictionary(key, flatValue, { maxKeys: 8 });
const oddEvent = fc.dictionary(
  key,
  fc.oneof(
    flatValue,
    fc.constant(undefined),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(key, fc.integer(), { maxKeys: 2 }),
  ),
  { maxKeys: 4 },
);
const entry: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({ line: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), event: flatEvent }),
  fc.record({ line: fc.integer({ min: 1 }), event: oddEvent }),
  fc.record({ line: fc.integer({ min: 1 }), problem: fc.string(), eventId: fc.option(fc.string(), { nil: null }) }),
) as fc.Arbitrary<LogEntry>;

/** Keys in order and values by `Object.is` (so -0 and NaN count), down nested values. */
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
};

describe('EntryEncoder / EntryDecoder', () => {
  test(`batches sent in order come back as the same entries: keys in order, values by Object.is`, () => {
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 30 }), { maxLength: 6 }), fc.nat(8), (batches, size) => {
        // Small shared tables too: emptied between batches once full, on both sides.
        const encoder = size === 0 ? new EntryEncoder() : new EntryEncoder(size);
        const decoder = new EntryDecoder();
        for (const batch of batches) {
          const back = decoder.decode(overTheWire(encoder.encode(batch, 0)));
          expect(back).toHaveLength(batch.length);
          batch.forEach((sent, i) => expect(same(back[i], sent)).toBe(true));
        }
      }),
    );
  });

  test('R-L5: a flat event arrives frozen, with the digest of its own body (computed by the sender, not the fold)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (batch) => {
        const back = new EntryDecoder().decode(overTheWire(new EntryEncoder().encode(batch, 0)));
        back.forEach((received, i) => {
          const sent = batch[i] as LogEntry;
          if (!('event' in received) || !('event' in sent)) return;
          const event = received.event as object;
          const digest = attachedDigest(received);
          if (digest === undefined) return;
          expect(Object.isFrozen(event)).toBe(true);
          expect(digest).toBe(bodyDigest(sent.event as object));
          expect(digest).toBe(bodyDigest({ ...event }));
          // Out of sight: the entry compares, prints and serializes as a plain { line, event }.
          expect(Object.keys(received)).toEqual(['line', 'event']);
          expect(JSON.stringify(received)).toBe(JSON.stringify({ line: received.line, event }));
          // A copy is a plain entry: it carries no digest (the fold digests its event again).
          expect(attachedDigest({ ...received })).toBeUndefined();
        });
        // Every flat event sent (a plain object, all values strings, numbers, booleans or null; no own __proto__) carries its digest.
        batch.forEach((sent, i) => {
          if (!('event' in sent)) return;
          const values = sent.event as unknown as Record<string, unknown>;
          const flat =
            Object.getPrototypeOf(values) === Object.prototype &&
            !Object.prototype.hasOwnProperty.call(values, '__proto__') &&
            Object.values(values).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
          const received = back[i] as LogEntry;
          expect('event' in received && attachedDigest(received) !== undefined).toBe(flat);
          if (!flat) return;
          // The entry is not frozen; one whose event was replaced carries no digest (it was the old event's).
          (received as { event: object }).event = { ...(received as { event: object }).event };
          expect(attachedDigest(received)).toBeUndefined();
        });
      }),
    );
  });

  test("R-L5: the digest words a flat event arrives with are those the fold computes itself (the core's JavaScript SHA-256), for long and non-ASCII bodies too", () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 60, maxLength: 300 }),
      fc.constantFrom('é', '🙂', '\ud800', 'x\udfff', 'pool-1'),
    );
    const value = fc.oneof(text, fc.integer(), fc.maxSafeInteger(), fc.boolean(), fc.constant(null));
    // A plain object (fast-check's dictionaries have no prototype, which makes an event travel as it is).
    const event = fc
      .dictionary(fc.constantFrom('type', 'id', 'at', 'poolId', 'machineId', 'reason', 'v'), value)
      .map((keys) => ({ ...keys }));
    const sent = new Int32Array(4);
    const fold = new Int32Array(4);
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const batch = events.map((e, i) => ({ line: i + 1, event: e })) as unknown as LogEntry[];
        const back = new EntryDecoder().decode(overTheWire(new EntryEncoder().encode(batch, 0)));
        back.forEach((received, i) => {
          expect(attachedDigestWords(received, sent)).toBe(true);
          bodyDigestInto(events[i] as object, fold);
          expect(sent).toEqual(fold);
        });
      }),
    );
  });

  test('a flat event of any number of keys arrives as a plain object: Object.prototype its prototype, Object its constructor, nothing inherited of its own', () => {
    const keys = Array.from({ length: 14 }, (_, k) => `k${k}`);
    // Twice each count: the first events of a constructor are where V8 decides the room its objects get.
    const batch = keys.flatMap((_, n) =>
      [0, 1].map((copy) => ({
        line: 2 * n + copy + 1,
        event: Object.fromEntries(keys.slice(0, n + 1).map((k, i) => [k, i + copy])),
      })),
    ) as unknown as LogEntry[];
    const back = new EntryDecoder().decode(overTheWire(new EntryEncoder().encode(batch, 0)));
    back.forEach((received, i) => {
      const event = (received as { event: object }).event;
      expect(attachedDigest(received)).toBeDefined();
      expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
      expect(event.constructor).toBe(Object);
      expect(Object.getOwnPropertyNames(event)).toEqual(Object.keys((batch[i] as { event: object }).event));
      expect(event).toStrictEqual((batch[i] as { event: object }).event);
    });
  });

  test('a repeated string is sent once; an event id and a long string travel with their batch', () => {
    const encoder = new EntryEncoder();
    const event = (id: string) =>
      ({
        line: 1,
        event: { type: 'InstallRequested', id, poolId: 'p1', machineId: 'm1', reason: 'r'.repeat(500) },
      }) as unknown as LogEntry;
    const first = encoder.encode([event('e1'), event('e2')], 10);
    expect(first.interned).toEqual(['InstallRequested', 'p1', 'm1']);
    expect(first.shapes).toEqual([['type', 'id', 'poolId', 'machineId', 'reason']]);
    expect(first.strings).toEqual(['e1', 'r'.repeat(500), 'e2', 'r'.repeat(500)]);
    const second = encoder.encode([event('e3')], 20);
    expect([second.interned, second.shapes, second.strings]).toEqual([[], [], ['e3', 'r'.repeat(500)]]);
    expect(second.bytesRead).toBe(20);
  });

  test('a full shared table is emptied on both sides at the next batch, and named strings are sent again', () => {
    const encoder = new EntryEncoder(3);
    const decoder = new EntryDecoder();
    const event = (id: string, machineId: string) =>
      ({ line: 1, event: { type: 'InstallRequested', id, poolId: 'p1', machineId } }) as unknown as LogEntry;
    const sent = [[event('e1', 'm1'), event('e2', 'm2')], [event('e3', 'm2'), event('e4', 'm1')], [event('e5', 'm1')]];
    const packed = sent.map((batch) => encoder.encode(batch, 0));
    // The first batch fills the table (3): m2 travels inline; the second starts again from an empty table.
    expect(packed.map((batch) => [batch.resetTable, batch.interned, batch.strings])).toEqual([
      [false, ['InstallRequested', 'p1', 'm1'], ['e1', 'e2', 'm2']],
      [true, ['InstallRequested', 'p1', 'm2'], ['e3', 'e4', 'm1']],
      [true, ['InstallRequested', 'p1', 'm1'], ['e5']],
    ]);
    packed.forEach((batch, k) => {
      const back = decoder.decode(overTheWire(batch));
      (sent[k] as LogEntry[]).forEach((entry, i) => expect(same(back[i], entry)).toBe(true));
    });
  });

  test('every machine id of a 100 000-machine log stays in the shared table: each is sent once, none again', () => {
    const encoder = new EntryEncoder();
    const machines = 150_000;
    const interned = new Set<string>();
    let sent = 0;
    for (let from = 0; from < machines + 10_000; from += 5_000) {
      const batch = Array.from(
        { length: 5_000 },
        (_, i) =>
          ({
            line: from + i + 1,
            event: { type: 'Uninstalled', id: `e${from + i}`, poolId: 'p1', machineId: `m-${(from + i) % machines}` },
          }) as unknown as LogEntry,
      );
      const packed = encoder.encode(batch, 0);
      expect(packed.resetTable).toBe(false);
      packed.interned.forEach((text) => interned.add(text));
      sent += packed.interned.length;
    }
    // Past the first 150 000 events the first machines come again: none is sent twice.
    expect([sent, interned.size]).toEqual([machines + 2, machines + 2]);
  });

  test('an own __proto__ key is never rebuilt by assignment (which would set the prototype): it travels as it is', () => {
    const event = JSON.parse('{"type":"x","__proto__":null}') as object;
    const packed = new EntryEncoder().encode([{ line: 1, event } as unknown as LogEntry], 0);
    expect(packed.others).toHaveLength(1);
    expect(packed.others[0]).toEqual({ line: 1, event });
  });

  test('an event found not flat after some of its strings interns none of them: the strings after it are numbered as if it had not come', () => {
    const encoder = new EntryEncoder();
    const entries = [
      { line: 1, event: { type: 'Nested', poolId: 'p-nested', machineId: 'm-nested', key: { keyId: 'K1' } } },
      { line: 2, event: { type: 'Flat', poolId: 'p1', machineId: 'm1' } },
    ] as unknown as LogEntry[];
    const packed = encoder.encode(entries, 0);
    expect([packed.interned, packed.shapes, packed.others]).toEqual([
      ['Flat', 'p1', 'm1'],
      [['type', 'poolId', 'machineId']],
      [entries[0]],
    ]);
    // The same flat event alone gives the same slots and numbers, digest included.
    const alone = new EntryEncoder().encode([entries[1] as LogEntry], 0);
    expect([...packed.slots.subarray(1)]).toEqual([...alone.slots]);
    expect([...packed.numbers]).toEqual([...alone.numbers]);
    expect(new EntryDecoder().decode(overTheWire(packed))).toEqual(entries);
  });

  test('while Object.prototype has an enumerable key (which a for-in loop names), events travel as they are', () => {
    const entries = [{ line: 1, event: { type: 'x', id: 'e1' } }] as unknown as LogEntry[];
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true });
    try {
      const packed = new EntryEncoder().encode(entries, 0);
      expect([packed.others, packed.shapes, packed.interned]).toEqual([entries, [], []]);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(new EntryEncoder().encode(entries, 0).others).toEqual([]);
  });

  test('problems and events with nested or undefined values travel as they are', () => {
    const entries = [
      { line: 2, problem: 'not valid JSON', eventId: null },
      { line: 3, event: { type: 'x', key: { keyId: 'K1' } } },
      { line: 4, event: { type: 'x', v: undefined } },
    ] as unknown as LogEntry[];
    const packed = new EntryEncoder().encode(entries, 0);
    expect(packed.others).toEqual(entries);
    expect(new EntryDecoder().decode(overTheWire(packed))).toEqual(entries);
  });
});
