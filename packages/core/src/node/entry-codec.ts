/**
 * A compact form of decoded log entries, for handing them from the decoding worker
 * to the thread that folds them (`openDecodedAuditLog`). Structured-cloning the
 * event objects costs the receiving thread about as much as decoding them again;
 * this form costs it one object copy and a few stores per event:
 *
 * - an event whose values are all strings, numbers, booleans or null is written as
 *   its shape (its keys, in order, sent once) and one slot per value in an
 *   `Int32Array`, numbers and line numbers going to a `Float64Array` (both buffers
 *   are transferred, not copied);
 * - a string that repeats across a log (pool, machine, group and module ids…) is
 *   sent once and then named by its number; an event's own `id` and long strings
 *   are sent with their batch. The shared table is emptied once it holds
 *   `MAX_INTERNED` strings (both sides, at the start of a batch), so a log that
 *   goes through many machines keeps its current ones in it rather than every one
 *   it ever named;
 * - a flat event carries its body digest (R-L5, 128 bits in four slots), computed
 *   on the worker's core (with Node's native SHA-256 when it has `crypto.hash`: the
 *   same bits as the core's JavaScript one); the receiver freezes the event and remembers the digest,
 *   so the fold neither digests nor re-checks it;
 * - anything else (a problem, a nested value) travels as it is, structured-cloned.
 *
 * The receiver rebuilds objects with the same keys in the same order and the same
 * values as the sender's, so the fold cannot tell the two paths apart.
 *
 * @since 0.3.0
 */
import type { LogEntry } from '../replay/replayer';
import { bodyDigestWords, type DigestShape, digestedEntry, digestShape } from '../ledger/body-digest';
import { fastestSha256Into } from './native-sha256';

/** One batch on the wire. @since 0.3.0 */
export interface PackedBatch {
  readonly count: number;
  readonly slots: Int32Array;
  readonly numbers: Float64Array;
  /** Strings of this batch only, by index. */
  readonly strings: readonly string[];
  /** Whether the shared table was emptied before this batch (its strings are numbered from 0 again). */
  readonly resetTable: boolean;
  /** Strings added to the shared table by this batch, in order. */
  readonly interned: readonly string[];
  /** Shapes (key lists) first seen in this batch, in order. */
  readonly shapes: readonly (readonly string[])[];
  /** Entries sent as they are. */
  readonly others: readonly LogEntry[];
  /** Bytes of the source consumed once this batch was read. */
  readonly bytesRead: number;
}

// Entry kinds and value tags in `slots`.
const FLAT = 0;
const OTHER = 1;
const INTERNED = 0;
const INLINE = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;
/** Int32 slots after a flat event's values: its 128-bit body digest. */
const DIGEST_SLOTS = 4;

/** The digest shape of a trie node that is not (yet) a shape. */
const NO_KEYS: DigestShape = { keys: [], heads: [] };

/** Where an event's digest is written before it goes into the slots. */
const digestWords = new Int32Array(DIGEST_SLOTS);

/** Strings longer than this are never interned (a table entry would outlive them for nothing). */
const MAX_INTERNED_LENGTH = 128;
/**
 * The shared table holds at most this many strings (2^18, 262 144): past it, the
 * next batch starts an empty one. Held by the worker as `Map`s and by the fold as
 * an array, for as long as the log is read. Enough for every machine id of a
 * 100 000-machine log (the 1M-event log names 114 533 strings): at 2^16 that log's
 * table was emptied 8 times and 463 376 of its 577 909 strings were sent again, each
 * a new copy in the fold's heap, so that one machine's id was held as several
 * strings and lookups by it compared characters; with 2^18 `report`'s peak on it
 * fell by ~20 MiB, the fold's heap by ~15 MB (docs/performance.md, "Fourteenth
 * session"). The bound is for logs of far more ids (the 2 GB memory benchmark's
 * names ~330 000): ~20 MB of the worker's heap for a full table.
 */
const MAX_INTERNED = 1 << 18;
const MAX_SHAPES = 1 << 12;

interface ShapeNode {
  id: number;
  readonly next: Map<string, ShapeNode>;
  /** What the body digest needs of the shape's keys (set with `id`). */
  digest: DigestShape;
  /** The interned strings of the key that leads to this node (`undefined` for `id`, never interned). */
  readonly table: Map<string, number> | undefined;
  /** The key last followed from this node, and where it led: most nodes lead one way, found without the map. */
  lastKey: string | undefined;
  lastNext: ShapeNode | undefined;
}

const newNode = (table: Map<string, number> | undefined): ShapeNode => ({
  id: -1,
  next: new Map(),
  digest: NO_KEYS,
  table,
  lastKey: undefined,
  lastNext: undefined,
});

/** Room for at least one more flat value and a digest, or a count more numbers: the array, or a larger copy. */
const grownSlots = (slots: Int32Array<ArrayBuffer>, s: number): Int32Array<ArrayBuffer> => {
  if (s + 2 + DIGEST_SLOTS <= slots.length) return slots;
  const grown = new Int32Array(slots.length * 2 + 2 + DIGEST_SLOTS);
  grown.set(slots);
  return grown;
};

const grownNumbers = (numbers: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => {
  if (n + 1 <= numbers.length) return numbers;
  const grown = new Float64Array(numbers.length * 2 + 1);
  grown.set(numbers);
  return grown;
};

const hasEnumerableKeys = (value: object): boolean => {
  for (const key in value) if (key !== undefined) return true;
  return false;
};

/**
 * The sending side: stateful, since strings and shapes are sent once per stream.
 *
 * @since 0.3.0
 */
export class EntryEncoder {
  /**
   * The strings interned so far, one map per key: the few pools, groups and types
   * of a log stay in small maps that a lookup finds in cache, instead of one map
   * as large as every machine id seen (a profile put half the encoder's own time
   * in that map's lookups; the change took 2.5 % off the worker's CPU). A string
   * that comes under two keys is interned twice, which the receiver does not mind.
   * The shape node a key leads to holds that key's map, so a value finds it without
   * a lookup: the maps are emptied in place, never replaced.
   */
  private readonly tables = new Map<string, Map<string, number>>();
  private internedCount = 0;
  private readonly root: ShapeNode = newNode(undefined);
  private shapeCount = 0;

  /** `maxInterned`: the shared table's size (`MAX_INTERNED`; smaller in tests). */
  constructor(private readonly maxInterned = MAX_INTERNED) {}

  encode(entries: readonly LogEntry[], bytesRead: number): PackedBatch {
    const resetTable = this.internedCount >= this.maxInterned;
    if (resetTable) {
      for (const table of this.tables.values()) table.clear();
      this.internedCount = 0;
    }
    let slots = new Int32Array(entries.length * 24 + 16);
    let numbers = new Float64Array(entries.length * 2 + 8);
    let s = 0;
    let n = 0;
    const strings: string[] = [];
    const interned: string[] = [];
    const shapes: string[][] = [];
    const others: LogEntry[] = [];
    // A for-in loop names inherited keys too: only if something made one of Object.prototype's enumerable
    // is each key checked to be the event's own (a call per key otherwise paid for nothing).
    const inherited = hasEnumerableKeys(Object.prototype);
    for (const entry of entries) {
      const event = 'event' in entry ? (entry.event as unknown as Record<string, unknown>) : undefined;
      if (event === undefined || Object.getPrototypeOf(event) !== Object.prototype) {
        slots[s++] = OTHER;
        others.push(entry);
        continue;
      }
      // One pass over the keys finds the shape and writes the values (it was three: a check that the
      // event is flat, the shape, the values). An event that turns out not to be flat, or a new shape
      // past MAX_SHAPES, is taken back out and sent as it is.
      const start = s;
      const numbersBefore = n;
      const stringsBefore = strings.length;
      const internedBefore = this.internedCount;
      slots = grownSlots(slots, s);
      numbers = grownNumbers(numbers, n);
      slots[s++] = FLAT;
      s++; // the shape's id, known after the keys
      numbers[n++] = entry.line;
      let flat = true;
      let node = this.root;
      for (const key in event) {
        // An own `__proto__` key (JSON.parse makes one) cannot be rebuilt by assignment, which would set the prototype.
        if (key === '__proto__' || (inherited && !Object.hasOwn(event, key))) {
          flat = false;
          break;
        }
        node = (node.lastKey === key ? node.lastNext : undefined) ?? this.step(node, key);
        slots = grownSlots(slots, s);
        const value = event[key];
        if (typeof value === 'string') {
          let index: number | undefined;
          const table = node.table;
          if (table !== undefined && value.length <= MAX_INTERNED_LENGTH) {
            index = table.get(value);
            if (index === undefined && this.internedCount < this.maxInterned) {
              index = this.internedCount++;
              table.set(value, index);
              interned.push(value);
            }
          }
          if (index === undefined) {
            slots[s++] = INLINE;
            slots[s++] = strings.length;
            strings.push(value);
          } else {
            slots[s++] = INTERNED;
            slots[s++] = index;
          }
        } else if (typeof value === 'number') {
          numbers = grownNumbers(numbers, n);
          slots[s++] = NUMBER;
          slots[s++] = 0;
          numbers[n++] = value;
        } else if (typeof value === 'boolean' || value === null) {
          slots[s++] = value === true ? TRUE : value === false ? FALSE : NULL;
          slots[s++] = 0;
        } else {
          flat = false;
          break;
        }
      }
      if (flat && node.id < 0) {
        if (this.shapeCount < MAX_SHAPES) {
          node.id = this.shapeCount++;
          const shapeKeys = Object.keys(event);
          node.digest = digestShape(shapeKeys);
          shapes.push(shapeKeys);
        } else flat = false;
      }
      if (!flat) {
        s = start;
        n = numbersBefore;
        strings.length = stringsBefore;
        this.forget(event, internedBefore, interned);
        slots[s++] = OTHER;
        others.push(entry);
        continue;
      }
      slots[start + 1] = node.id;
      // The body digest (R-L5) is computed here, on the worker's core, rather than by the fold; with
      // Node's native SHA-256 where there is one (the JavaScript one was ~45 % of this thread's CPU).
      bodyDigestWords(event, node.digest, digestWords, fastestSha256Into);
      for (let d = 0; d < DIGEST_SLOTS; d++) slots[s++] = digestWords[d] as number;
    }
    return {
      count: entries.length,
      slots: slots.slice(0, s),
      numbers: numbers.slice(0, n),
      strings,
      resetTable,
      interned,
      shapes,
      others,
      bytesRead,
    };
  }

  /** The node under `node` for `key` (made, with the key's map of interned strings, the first time), remembered as its last. */
  private step(node: ShapeNode, key: string): ShapeNode {
    let next = node.next.get(key);
    if (next === undefined) {
      let table = this.tables.get(key);
      if (table === undefined && key !== 'id') {
        table = new Map();
        this.tables.set(key, table);
      }
      next = newNode(table);
      node.next.set(key, next);
    }
    node.lastKey = key;
    node.lastNext = next;
    return next;
  }

  /** Takes back what an event interned (numbers `from` on) before it turned out not to be flat. */
  private forget(event: Record<string, unknown>, from: number, interned: string[]): void {
    if (this.internedCount === from) return;
    for (const key in event) {
      const value = event[key];
      const table = this.tables.get(key);
      if (typeof value === 'string' && table !== undefined && (table.get(value) ?? -1) >= from) table.delete(value);
    }
    interned.length -= this.internedCount - from;
    this.internedCount = from;
  }
}

/**
 * `key` as the engine's own string for it as a property name (the one every
 * object with that key holds). A shape's keys arrive as strings of their own,
 * one copy per shape: a store keyed by such a copy is not the name a store site
 * has seen before, so every site met "new" names and went megamorphic
 * (docs/performance.md, "Nineteenth session").
 */
const propertyKey = (key: string): string => Object.keys({ [key]: 0 })[0] ?? key;

/** What makes an empty plain object (prototype `Object.prototype`) with room in it for a count of keys. */
type EventMaker = new () => Record<string, unknown>;

/**
 * A constructor of plain objects: its instances have `Object.prototype` as
 * their prototype and nothing of their own, like `{}`, so that no one can tell
 * them apart from an object literal's. What differs is where V8 keeps their
 * properties. `{}` has room for 4 in the object itself; an event's fifth key
 * and those after it went to a second object, allocated per event and read through
 * one more load by every rule. An object made by `new` starts with room for
 * 10 and, after its constructor's first few objects, keeps as much as they
 * used: one constructor per key count makes that exactly the event's keys.
 */
const plainObjectMaker = (): EventMaker => {
  // A function, not a class: a class's `prototype` cannot be replaced.
  function PlainObject(): void {
    // Nothing: the keys are stored by the decoder.
  }
  PlainObject.prototype = Object.prototype;
  return PlainObject as unknown as EventMaker;
};

/** Key counts up to this get a constructor of their own (V8 gives an object made by `new` room for 10 keys in itself). */
const MOST_IN_OBJECT_KEYS = 10;

const EVENT_MAKERS: readonly EventMaker[] = Array.from({ length: MOST_IN_OBJECT_KEYS + 1 }, plainObjectMaker);

/** Events of more keys than that are built on `{}`, as they were. */
const LargeEvent = function (): Record<string, unknown> {
  return {};
} as unknown as EventMaker;

/** A shape as the decoder keeps it: its keys in order, as property names, and what makes its events. */
interface DecodedShape {
  readonly keys: readonly string[];
  readonly make: EventMaker;
}

const decodedShape = (keys: readonly string[]): DecodedShape => ({
  keys: keys.map(propertyKey),
  make: EVENT_MAKERS[keys.length] ?? LargeEvent,
});

/**
 * The receiving side, fed the batches of one `EntryEncoder` in order.
 *
 * @since 0.3.0
 */
export class EntryDecoder {
  private readonly table: string[] = [];
  /** Each shape, by its number. */
  private readonly shapes: DecodedShape[] = [];

  decode(batch: PackedBatch): LogEntry[] {
    if (batch.resetTable) this.table.length = 0;
    for (const text of batch.interned) this.table.push(text);
    for (const keys of batch.shapes) this.shapes.push(decodedShape(keys));
    const { slots, numbers, strings, others } = batch;
    const table = this.table;
    const out = new Array<LogEntry>(batch.count);
    let s = 0;
    let n = 0;
    let o = 0;
    for (let i = 0; i < batch.count; i++) {
      if (slots[s++] === OTHER) {
        out[i] = others[o++] as LogEntry;
        continue;
      }
      const shape = this.shapes[slots[s++] as number] as DecodedShape;
      const keys = shape.keys;
      const line = numbers[n++] as number;
      // Built key by key on an empty object with room for its keys (the sender's order; isFlat let no
      // `__proto__` key through): an object copied from a template (`{ ...template }`) took ~0.45 µs more to freeze.
      const event = new shape.make();
      for (let k = 0; k < keys.length; k++) {
        const tag = slots[s++];
        const at = slots[s++] as number;
        const value =
          tag === INTERNED
            ? table[at]
            : tag === INLINE
              ? strings[at]
              : tag === NUMBER
                ? numbers[n++]
                : tag === TRUE
                  ? true
                  : tag === FALSE
                    ? false
                    : null;
        // One store site per place in the shape: a site that meets one key stays monomorphic (the logs' events
        // start with `type`, `id`, `at`, then mostly `poolId`, `machineId`), where the one store of the loop met
        // every key and went megamorphic, ~230 instructions a field (docs/performance.md, "Nineteenth session").
        const key = keys[k] as string;
        switch (k) {
          case 0:
            event[key] = value;
            break;
          case 1:
            event[key] = value;
            break;
          case 2:
            event[key] = value;
            break;
          case 3:
            event[key] = value;
            break;
          case 4:
            event[key] = value;
            break;
          case 5:
            event[key] = value;
            break;
          default:
            event[key] = value;
        }
      }
      // The digest stays in the batch's slots (nothing writes them after), read from there when it is folded.
      out[i] = digestedEntry(line, event as never, slots, s);
      s += DIGEST_SLOTS;
    }
    return out;
  }
}
