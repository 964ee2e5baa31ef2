import { DEFAULT_HASH_SEED, type HashSeed } from '../collections/hash-seed';
import { appendHistory, emptyHistory, historyToArray, type History } from '../collections/history';
import { IdTableBuilder, idTableLayouts, idTableOf } from '../collections/id-hash-map';
import { forEachHeapValue, heapFromArray, heapValues } from '../collections/leftist-heap';
import { adoptTable, emptyMap, forEachEntry, getEntry, mapFromEntries, mapValues } from '../collections/persistent-map';
import type { LicenseKeySpec } from '../events/key-events';
import { compareDue, endBucketKeys, renews } from '../ledger/agenda';
import { licenseIdOf, licenseNumberIn } from '../query/lookup';
import { licenseEndsOf } from '../ledger/end-changes';
import { Draft, emptyLedger } from '../ledger/draft';
import { byNumber, comparePartial } from '../ledger/queue-order';
import type { IdHashMap } from '../collections/id-hash-map';
import type { Due, LedgerState, LicenseEnd, RenewingEnd } from '../state/ledger-state';
import type { License, LicenseChange, LicenseStatus, PartialRank } from '../state/license';
import type { DeletedAgent, Installation, Machine, MachineChange } from '../state/machine';
import type { Pool, PoolCounts, Purchase } from '../state/pool';
import type { RuleId } from '../state/rules';
import type { ActiveKey, KeySlot, Svm, SvmChange, TaskError, TaskErrorReason } from '../state/svm';
import type { Instant } from '../time/instant';
import { type ByteReader, MalformedBody } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/*
 * The one module that knows both the snapshot body (docs/snapshots.md, format
 * version 2) and the state's records. It writes what a state means, never how
 * it is laid out in memory: records read through their public fields, indexes
 * left out. It reads them back into lists and builds each large table in one
 * pass, the indexes the reducers keep beside the records too (the ends of
 * applied licenses, `renewingEnds`) as the draft keeps them; the recovery index
 * and the SVMs go through the draft every reducer writes with.
 *
 * Speed (`pnpm bench:snapshot`): no allocation per record written; on reading,
 * a license id is made once and shared by every record that names it (interned
 * per pool and number). The write functions take the `ByteWriter` itself, not an
 * object literal holding it: such a literal's layout lives in a weak cache, and a
 * full collection between two snapshots threw away the optimized code of every
 * function that took one (`--trace-deopt`, "weak objects"; twelfth session).
 */

const oneOf = <T extends string>(what: string, allowed: readonly T[]) => {
  const set = new Set<string>(allowed);
  return (value: string): T => {
    if (!set.has(value)) throw new MalformedBody(`${what} "${value}" is none of ${allowed.join(', ')}`);
    return value as T;
  };
};
const licenseStatus = oneOf<LicenseStatus>('license status', [
  'unused',
  'reserved',
  'applied',
  'extended',
  'expired',
  'partial',
  'held',
  'other',
]);
const reservedFrom = oneOf<'unused' | 'partial'>('reserved from', ['unused', 'partial']);
const installStatus = oneOf<'pending' | 'installed'>('install status', ['pending', 'installed']);
const renewal = oneOf<KeySlot['renewal']>('renewal', ['none', 'awaiting', 'failed']);
const keyType = oneOf<LicenseKeySpec['type']>('key type', ['server', 'desktop', 'cores']);
const edition = oneOf<LicenseKeySpec['edition']>('edition', ['standard', 'enterprise']);
const reason = oneOf<TaskErrorReason>('task error', [
  'no-active-key',
  'subscription',
  'trial',
  'type-mismatch',
  'edition-mismatch',
]);
const dueKind = oneOf<Due['kind']>('agenda entry kind', ['license-end', 'key-end']);

const instant = (r: ByteReader): Instant => r.int() as Instant;
const optInstant = (r: ByteReader): Instant | null => r.optInt() as Instant | null;

/** What reading one body keeps: the machine ids in section order (once read), and every license id made so far, by pool and number. */
interface In {
  readonly r: ByteReader;
  machineIds: readonly (string | undefined)[];
  readonly licenseIds: Map<string, (string | undefined)[]>;
  /** How license and machine records are finished: frozen for a state, left open for a replay that owns them. */
  readonly seal: <T extends object>(record: T) => T;
}

const leaveOpen = <T extends object>(record: T): T => record;

/**
 * A machine id (or null): 0 for null, or 1 followed by the id as text. A value
 * `k + 2` (the machine written `k`-th in the machines section) is read too, but
 * not written: finding each machine's place costs the writer a table of every
 * machine id, which measured dearer than the strings it saves the reader.
 */
const writeMachineRef = (w: ByteWriter, machineId: string | null): void => {
  if (machineId === null) w.uint(0);
  else {
    w.uint(1);
    w.text(machineId);
  }
};
const readOptMachineRef = (i: In): string | null => {
  const ref = i.r.uint();
  if (ref === 0) return null;
  if (ref === 1) return i.r.text();
  const id = i.machineIds[ref - 2];
  if (id === undefined) throw new MalformedBody(`a reference to machine ${ref - 2} of ${i.machineIds.length}`);
  return id;
};
const readMachineRef = (i: In): string => {
  const id = readOptMachineRef(i);
  if (id === null) throw new MalformedBody('no machine where one belongs');
  return id;
};

/**
 * A license id `<poolId>#<n>` (R-P3) of a known pool as its number alone; any
 * other id as 0 and the id in full.
 */
const writeLicenseRef = (w: ByteWriter, poolId: string, licenseId: string): void => {
  const n = licenseNumberIn(poolId, licenseId);
  if (n > 0) w.uint(n);
  else {
    w.uint(0);
    w.text(licenseId);
  }
};
const readLicenseRef = (i: In, poolId: string): string => {
  const n = i.r.uint();
  if (n === 0) return i.r.text();
  let ids = i.licenseIds.get(poolId);
  if (ids === undefined) {
    ids = [];
    i.licenseIds.set(poolId, ids);
  }
  if (n >= ids.length && n > INTERNED) return licenseIdOf(poolId, n);
  return ids[n] ?? (ids[n] = licenseIdOf(poolId, n));
};
/** License numbers up to this (or a pool's Max) are interned. */
const INTERNED = 1 << 16;

// ---- histories -----------------------------------------------------------

const writeHistory = <T>(w: ByteWriter, history: History<T>, write: (w: ByteWriter, entry: T) => void): void => {
  w.uint(history.length);
  if (history.length > 0) for (const entry of historyToArray(history)) write(w, entry);
};

const readHistory = <T>(i: In, read: (i: In) => T): History<T> => {
  let history = emptyHistory<T>();
  for (let n = i.r.count(); n > 0; n--) history = appendHistory(history, Object.freeze(read(i)));
  return history;
};

/** One frozen empty list for every empty queue and install list read (nothing can be added to a frozen array). */
const NONE: readonly never[] = Object.freeze([]);

const writeLicenseChange = (w: ByteWriter, c: LicenseChange): void => {
  w.int(c.at);
  w.optText(c.eventId);
  w.sym(c.rule);
  w.sym(c.status);
  writeMachineRef(w, c.machineId);
  w.optInt(c.daysLeft);
  w.optText(c.note);
};
const readLicenseChange = (i: In): LicenseChange => {
  const r = i.r;
  return {
    at: instant(r),
    eventId: r.optText(),
    rule: r.sym() as RuleId,
    status: licenseStatus(r.sym()),
    machineId: readOptMachineRef(i),
    daysLeft: r.optInt(),
    note: r.optText(),
  };
};

const writeMachineChange = (w: ByteWriter, c: MachineChange): void => {
  w.int(c.at);
  w.optText(c.eventId);
  w.sym(c.rule);
  w.text(c.what);
  w.optText(c.poolId);
  w.optText(c.licenseId);
};
const readMachineChange = ({ r }: In): MachineChange => ({
  at: instant(r),
  eventId: r.optText(),
  rule: r.sym() as RuleId,
  what: r.text(),
  poolId: r.optText(),
  licenseId: r.optText(),
});

const writeSvmChange = (w: ByteWriter, c: SvmChange): void => {
  w.int(c.at);
  w.optText(c.eventId);
  w.sym(c.rule);
  w.text(c.what);
  w.optText(c.keyId);
};
const readSvmChange = ({ r }: In): SvmChange => ({
  at: instant(r),
  eventId: r.optText(),
  rule: r.sym() as RuleId,
  what: r.text(),
  keyId: r.optText(),
});

const writeTaskError = (w: ByteWriter, e: TaskError): void => {
  w.int(e.at);
  w.text(e.eventId);
  w.text(e.keyId);
  w.sym(e.reason);
};
const readTaskError = ({ r }: In): TaskError => ({
  at: instant(r),
  eventId: r.text(),
  keyId: r.text(),
  reason: reason(r.sym()),
});

// ---- pools ---------------------------------------------------------------

const COUNTERS = [
  'reservedFromUnused',
  'reservedFromPartial',
  'applied',
  'expired',
  'extended',
  'other',
  'held',
] as const satisfies readonly (keyof PoolCounts)[];

const writePartialRank = (w: ByteWriter, poolId: string, rank: PartialRank): void => {
  w.int(rank.since);
  w.uint(rank.batch);
  w.int(rank.deletedAt);
  w.uint(rank.seq);
  writeLicenseRef(w, poolId, rank.licenseId);
};
const readPartialRank = (i: In, poolId: string): PartialRank => {
  const r = i.r;
  return Object.freeze({
    since: instant(r),
    batch: r.uint(),
    deletedAt: instant(r),
    seq: r.uint(),
    licenseId: readLicenseRef(i, poolId),
  });
};

const writePool = (w: ByteWriter, pool: Pool): void => {
  w.sym(pool.poolId);
  w.sym(pool.module);
  w.uint(pool.purchases.length);
  for (const p of pool.purchases) {
    w.text(p.eventId);
    w.int(p.at);
    w.uint(p.first);
    w.uint(p.last);
    w.optInt(p.termDays);
  }
  w.uint(pool.max);
  w.uint(pool.nextFresh);
  for (const counter of COUNTERS) w.uint(pool.counts[counter]);
  const returned = heapValues(pool.returned);
  w.uint(returned.length);
  for (const n of returned) w.uint(n);
  const partials = heapValues(pool.partials);
  w.uint(partials.length);
  for (const rank of partials) writePartialRank(w, pool.poolId, rank);
  w.uint(pool.groups.size);
  forEachEntry(pool.groups, (machines, groupId) => {
    w.sym(groupId);
    w.uint(machines);
  });
};

const readPool = (i: In, seed: HashSeed): Pool => {
  const r = i.r;
  const poolId = r.sym();
  const module = r.sym();
  const purchases: Purchase[] = [];
  for (let n = r.count(); n > 0; n--) {
    purchases.push(
      Object.freeze({ eventId: r.text(), at: instant(r), first: r.uint(), last: r.uint(), termDays: r.optInt() }),
    );
  }
  const max = r.uint();
  const nextFresh = r.uint();
  // The pool's license ids, made once each as they are first read (the whole range when it is not huge).
  if (!i.licenseIds.has(poolId)) i.licenseIds.set(poolId, new Array<string | undefined>(Math.min(max, INTERNED) + 1));
  const counts = {} as Record<keyof PoolCounts, number>;
  for (const counter of COUNTERS) counts[counter] = r.uint();
  const returned: number[] = [];
  for (let n = r.count(); n > 0; n--) returned.push(r.uint());
  const partials: PartialRank[] = [];
  for (let n = r.count(); n > 0; n--) partials.push(readPartialRank(i, poolId));
  const groupIds: string[] = [];
  const machines: number[] = [];
  for (let n = r.count(); n > 0; n--) {
    groupIds.push(r.sym());
    machines.push(r.uint());
  }
  const groups = mapFromEntries(groupIds, machines, seed);
  if (groups.size !== groupIds.length) throw new MalformedBody(`pool ${poolId} lists a group twice`);
  return Object.freeze({
    poolId,
    module,
    purchases: Object.freeze(purchases),
    max,
    nextFresh,
    returned: heapFromArray(returned, byNumber),
    partials: heapFromArray(partials, comparePartial),
    counts: Object.freeze(counts),
    groups,
  });
};

// ---- licenses ------------------------------------------------------------

const writeLicense = (w: ByteWriter, license: License): void => {
  w.sym(license.poolId);
  w.uint(license.number);
  writeLicenseRef(w, license.poolId, license.licenseId);
  w.optInt(license.termDays);
  w.sym(license.status);
  writeMachineRef(w, license.machineId);
  w.optInt(license.daysLeft);
  w.optInt(license.startAt);
  w.optInt(license.endAt);
  w.optSym(license.reservedFrom);
  w.bool(license.partialRank !== null);
  if (license.partialRank !== null) writePartialRank(w, license.poolId, license.partialRank);
  writeHistory(w, license.history, writeLicenseChange);
};

const readLicense = (i: In): License => {
  const r = i.r;
  const poolId = r.sym();
  const number = r.uint();
  const licenseId = readLicenseRef(i, poolId);
  const termDays = r.optInt();
  const status = licenseStatus(r.sym());
  const machineId = readOptMachineRef(i);
  const daysLeft = r.optInt();
  const startAt = optInstant(r);
  const endAt = optInstant(r);
  const from = r.optSym();
  const partialRank = r.bool() ? readPartialRank(i, poolId) : null;
  const history = readHistory(i, readLicenseChange);
  return i.seal({
    licenseId,
    poolId,
    number,
    termDays,
    status,
    machineId,
    daysLeft,
    startAt,
    endAt,
    reservedFrom: from === null ? null : reservedFrom(from),
    partialRank,
    history,
  });
};

// ---- machines and deleted agents -------------------------------------------

const writeInstall = (w: ByteWriter, install: Installation): void => {
  w.sym(install.poolId);
  w.sym(install.status);
  writeLicenseRef(w, install.poolId, install.licenseId);
  w.uint(install.queue.length);
  for (let k = 0; k < install.queue.length; k++) writeLicenseRef(w, install.poolId, install.queue[k] as string);
  w.bool(install.autoExtend);
  w.int(install.since);
  w.bool(install.replaces !== null);
  if (install.replaces !== null) writeInstall(w, install.replaces);
};

const readInstall = (i: In, seal: In['seal']): Installation => {
  const r = i.r;
  const poolId = r.sym();
  const status = installStatus(r.sym());
  const licenseId = readLicenseRef(i, poolId);
  const n = r.count();
  let queue: readonly string[] = NONE;
  if (n > 0) {
    const ids: string[] = [];
    for (let k = n; k > 0; k--) ids.push(readLicenseRef(i, poolId));
    queue = Object.freeze(ids);
  }
  const autoExtend = r.bool();
  const since = instant(r);
  const replaces = r.bool() ? readInstall(i, seal) : null;
  return seal({ poolId, status, licenseId, queue, autoExtend, since, replaces });
};

const writeInstalls = (w: ByteWriter, installs: readonly Installation[]): void => {
  w.uint(installs.length);
  // Indexed, not `for … of`: the array iterator was not optimized away here (18 MB of garbage per write of the bench state).
  for (let k = 0; k < installs.length; k++) writeInstall(w, installs[k] as Installation);
};
/** A machine's installs are left open like the machine when the draft will own it (`readOwnedState`); a deleted agent's never are. */
const readInstalls = (i: In, seal: In['seal']): readonly Installation[] => {
  const n = i.r.count();
  if (n === 0) return NONE;
  // Arrays of their exact length (a machine has one install per pool, nearly always one): no spare capacity kept.
  if (n === 1) return seal([readInstall(i, seal)]);
  const installs = new Array<Installation>(n);
  for (let k = 0; k < n; k++) installs[k] = readInstall(i, seal);
  return seal(installs);
};

const writeMachine = (w: ByteWriter, machine: Machine): void => {
  w.text(machine.machineId);
  w.uint(machine.incarnation);
  w.sym(machine.groupId);
  w.optInt(machine.deletedAt);
  w.optInt(machine.avRemovedAt);
  writeInstalls(w, machine.installs);
  writeHistory(w, machine.history, writeMachineChange);
};
const readMachine = (i: In): Machine => {
  const r = i.r;
  const machineId = r.text();
  return i.seal({
    machineId,
    incarnation: r.uint(),
    groupId: r.sym(),
    deletedAt: optInstant(r),
    avRemovedAt: optInstant(r),
    installs: readInstalls(i, i.seal),
    history: readHistory(i, readMachineChange),
  });
};

const writeDeletedAgent = (w: ByteWriter, agent: DeletedAgent, awaitsRecovery: boolean): void => {
  w.text(agent.key);
  writeMachineRef(w, agent.machineId);
  w.int(agent.deletedAt);
  writeInstalls(w, agent.installs);
  w.bool(awaitsRecovery);
};

// ---- SVMs ----------------------------------------------------------------

const writeKey = (w: ByteWriter, key: LicenseKeySpec): void => {
  w.text(key.keyId);
  w.sym(key.type);
  w.sym(key.edition);
  w.bool(key.subscription);
  w.uint(key.termDays);
  w.uint(key.trial === undefined ? 0 : key.trial ? 2 : 1);
  w.optInt(key.expiresAt ?? null);
};
const readKey = (r: ByteReader): LicenseKeySpec => {
  const key: { -readonly [K in keyof LicenseKeySpec]: LicenseKeySpec[K] } = {
    keyId: r.text(),
    type: keyType(r.sym()),
    edition: edition(r.sym()),
    subscription: r.bool(),
    termDays: r.uint(),
  };
  const trial = r.uint();
  if (trial > 2) throw new MalformedBody(`a trial flag of ${trial}`);
  if (trial > 0) key.trial = trial === 2;
  const expiresAt = optInstant(r);
  if (expiresAt !== null) key.expiresAt = expiresAt;
  return Object.freeze(key);
};

const writeSvm = (w: ByteWriter, svm: Svm): void => {
  w.text(svm.svmId);
  w.sym(svm.clusterId);
  w.uint(svm.slots.length);
  for (const slot of svm.slots) {
    w.sym(slot.type);
    w.bool(slot.active !== null);
    if (slot.active !== null) {
      writeKey(w, slot.active.key);
      w.int(slot.active.startAt);
      w.int(slot.active.endsAt);
      w.bool(slot.active.viaActivationCode);
    }
    w.bool(slot.reserve !== null);
    if (slot.reserve !== null) writeKey(w, slot.reserve);
    w.sym(slot.renewal);
  }
  writeHistory(w, svm.taskErrors, writeTaskError);
  writeHistory(w, svm.history, writeSvmChange);
};
const readSvm = (i: In): Svm => {
  const r = i.r;
  const svmId = r.text();
  const clusterId = r.sym();
  const slots: KeySlot[] = [];
  for (let n = r.count(); n > 0; n--) {
    const type = keyType(r.sym());
    const active: ActiveKey | null = r.bool()
      ? Object.freeze({ key: readKey(r), startAt: instant(r), endsAt: instant(r), viaActivationCode: r.bool() })
      : null;
    const reserve = r.bool() ? readKey(r) : null;
    slots.push(Object.freeze({ type, active, reserve, renewal: renewal(r.sym()) }));
  }
  return Object.freeze({
    svmId,
    clusterId,
    slots: Object.freeze(slots),
    taskErrors: readHistory(i, readTaskError),
    history: readHistory(i, readSvmChange),
  });
};

// ---- the agenda --------------------------------------------------------------

/**
 * Whether an agenda entry can still change anything: its license is applied and
 * ends then, or its key is the slot's active one and ends then. An entry that is
 * not can never become so again (applying a license or activating a key
 * schedules a new entry), so a snapshot leaves it out.
 */
const pending = (state: LedgerState, due: Due, license: License | undefined): boolean => {
  if (due.kind === 'license-end')
    return (
      license !== undefined && license.status === 'applied' && license.endAt === due.at && license.poolId === due.poolId
    );
  const active = getEntry(state.svms, due.svmId)?.slots.find((s) => s.type === due.slotType)?.active;
  return active !== undefined && active !== null && active.key.keyId === due.keyId && active.endsAt === due.at;
};

// ---- applied ids -------------------------------------------------------------

/** A body digest (R-L5) is 8 UTF-16 code units: 128 bits of the SHA-256 of the canonical body. */
const DIGEST_UNITS = 8;
const DIGEST_BYTES = 2 * DIGEST_UNITS;

/** Whether the platform lays a `Uint16Array` out little-endian, as the body does. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The applied ids: their count, each id's UTF-8 byte length, all the ids' bytes
 * one after another, then every body digest (16 bytes each) in the same order.
 * Written from the id table's columns (the lengths and digests as they are, the
 * ids rebuilt whole from their front-coded pages); no string is made per id.
 */
const writeIds = (w: ByteWriter, ids: IdHashMap): void => {
  const { table, rest } = idTableOf(ids);
  const { count, chars, digests, wide, lengthBytes } = table;
  w.uint(count + rest.length);
  const restBytes = rest.map(([id]) => encoder.encode(id));
  if (wide.size === 0 && chars.every((page) => belowAscii(page, 0, page.length))) {
    if (lengthBytes.every((page) => belowAscii(page, 0, page.length)))
      // Every id shorter than 128 bytes: each length is its own one-byte varint, the table's length bytes as they are.
      for (const page of lengthBytes) w.raw(page);
    else {
      const lengths = new Uint32Array(Math.min(count, LENGTHS_BLOCK));
      for (let from = 0; from < count; from += lengths.length) {
        const n = table.lengths(from, lengths);
        for (let k = 0; k < n; k++) w.uint(lengths[k] as number);
      }
    }
    for (const bytes of restBytes) w.uint(bytes.length);
    for (const page of chars) w.raw(page);
    for (const bytes of restBytes) w.raw(bytes);
  } else {
    // Some id outside ASCII: each one encoded as UTF-8 (Latin-1 code units above 0x7f take two bytes).
    const encoded: Uint8Array[] = [];
    for (let e = 0; e < count; e++) encoded.push(encoder.encode(table.idOf(e)));
    encoded.push(...restBytes);
    for (const bytes of encoded) w.uint(bytes.length);
    for (const bytes of encoded) w.raw(bytes);
  }
  for (const page of digests)
    if (LITTLE_ENDIAN) w.raw(new Uint8Array(page.buffer, page.byteOffset, page.byteLength));
    else w.u16s(page, 0, page.length);
  for (const [, digest] of rest) for (let k = 0; k < DIGEST_UNITS; k++) w.u16(digest.charCodeAt(k));
};

const encoder = new TextEncoder();
/** Lengths of ids written or read at a time. */
const LENGTHS_BLOCK = 4096;

const belowAscii = (bytes: Uint8Array, start: number, end: number): boolean => {
  let any = 0;
  for (let k = start; k < end; k++) any |= bytes[k] as number;
  return any < 0x80;
};

/**
 * The applied ids straight into the id table's pages: the ids' bytes are
 * front-coded into the table's characters in one pass when they are ASCII, the
 * digests copied one page at a time; a string is made only for an id outside ASCII.
 */
const readIds = (r: ByteReader, seed: HashSeed): IdHashMap => {
  const count = r.count();
  let builder = new IdTableBuilder(seed);
  let total = 0;
  const oneByte = r.ahead(count);
  let any = 0;
  for (let k = 0; k < oneByte.length; k++) {
    const length = oneByte[k] as number;
    any |= length;
    total += length;
  }
  if (oneByte.length === count && any < 0x80)
    // Every id shorter than 128 bytes: each length is one byte (its varint), given as they are.
    builder.lengths(r.take(count), count);
  else {
    total = 0;
    const lengths = new Uint32Array(Math.min(count, LENGTHS_BLOCK));
    for (let from = 0; from < count; from += lengths.length) {
      const n = Math.min(lengths.length, count - from);
      for (let k = 0; k < n; k++) {
        const length = r.uint();
        total += length;
        lengths[k] = length;
      }
      builder.lengths(lengths, n);
    }
  }
  const bytes = r.take(total);
  if (belowAscii(bytes, 0, total)) builder.chars(bytes);
  else {
    // Some id outside ASCII: decoded one by one (the lengths given so far were UTF-8 bytes); Latin-1 ones keep
    // one byte per code unit, others are kept as strings.
    const lengths = builder;
    builder = new IdTableBuilder(seed);
    let from = 0;
    for (let e = 0; e < count; e++) {
      const to = from + lengths.lengthOf(e);
      builder.id(r.decodeUtf8(bytes.subarray(from, to)));
      from = to;
    }
  }
  builder.digests(r.take(count * DIGEST_BYTES));
  try {
    return builder.build();
  } catch (error) {
    // An id written twice.
    throw new MalformedBody(error instanceof Error ? error.message : String(error));
  }
};

// ---- the whole state ---------------------------------------------------------

/**
 * The body's sections, in order (docs/snapshots.md). Each is its tag, its length
 * in bytes (u32) and, but for the first, the number of records it holds.
 * Machines come before licenses, which refer to them by place.
 */
export const SECTIONS = [
  'ledger',
  'pools',
  'machines',
  'licenses',
  'deletedAgents',
  'svms',
  'agenda',
  'appliedIds',
] as const;
const tag = (name: (typeof SECTIONS)[number]): number => SECTIONS.indexOf(name) + 1;

const section = (w: ByteWriter, name: (typeof SECTIONS)[number], write: () => void): void => {
  const mark = w.beginSection(tag(name));
  write();
  w.endSection(mark);
};

/*
 * Records are written in batches of BATCH, each batch read ahead first: short
 * loops that only load what the records point to, one level of pointers per
 * loop (the records, then what they point to, then what that points to), and
 * then the loop that writes them. The records and their strings lie anywhere in
 * a large heap; written one at a time, each miss waited for the one before it,
 * since a record's writing is too long for the processor to reach the next
 * record's loads meanwhile. A short loop issues a batch's misses together, and
 * the writing finds them in cache (twelfth session, one loop per batch of 32:
 * machines 120 → 71 ms, licenses 66 → 38, agenda 48 → 29 on the bench state, the
 * write 26 % less CPU; nineteenth session, a loop per level and 64 a batch: 3–9 %
 * less CPU again). The sum of what was read is kept (`TOUCHED`) only so that the
 * compiler keeps the loads. The batches are module-level and emptied after each
 * section: writing allocates nothing per batch and keeps no record alive.
 */
const BATCH = 64;
const MACHINE_BATCH = new Array<Machine | undefined>(BATCH).fill(undefined);
const LICENSE_BATCH = new Array<License | undefined>(BATCH).fill(undefined);
/** Where the read-ahead loops leave the sum of what they read, so that their loads are not optimized away. */
const TOUCHED = { sum: 0 };
/** A batch's install lists, then its installs (up to `2 × BATCH`: read ahead as far as they go), for the read-ahead's later levels. */
const INSTALL_LISTS = new Array<readonly Installation[] | undefined>(BATCH).fill(undefined);
const INSTALLS = new Array<Installation | undefined>(2 * BATCH).fill(undefined);

/**
 * Writes `n` machines of `batch`, after reading ahead what they point to, one
 * level at a time: the records, then their ids and install lists, then the
 * installs, then the installs' license ids and instants. Each level's loop is
 * short, so the processor has many of the batch's misses in flight at once; a
 * loop that followed one machine's pointers to their end took them a few at a time.
 */
const writeMachines = (w: ByteWriter, batch: (Machine | undefined)[], n: number): void => {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const machine = batch[k] as Machine;
    INSTALL_LISTS[k] = machine.installs;
    sum += machine.incarnation;
  }
  let installs = 0;
  for (let k = 0; k < n; k++) {
    sum += (batch[k] as Machine).machineId.length;
    const list = INSTALL_LISTS[k] as readonly Installation[];
    for (let i = 0; i < list.length && installs < INSTALLS.length; i++) INSTALLS[installs++] = list[i];
  }
  for (let k = 0; k < installs; k++) {
    const install = INSTALLS[k] as Installation;
    sum += install.licenseId.length + install.since;
  }
  TOUCHED.sum = sum;
  for (let k = 0; k < n; k++) writeMachine(w, batch[k] as Machine);
};
/** Writes `n` licenses of `batch`, after reading ahead what they point to: the records, then their ids and instants. */
const writeLicenses = (w: ByteWriter, batch: (License | undefined)[], n: number): void => {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (batch[k] as License).number;
  for (let k = 0; k < n; k++) {
    const license = batch[k] as License;
    sum += license.licenseId.length + (license.machineId?.length ?? 0) + (license.endAt ?? 0) + (license.startAt ?? 0);
  }
  TOUCHED.sum = sum;
  for (let k = 0; k < n; k++) writeLicense(w, batch[k] as License);
};

const DUE_BATCH = new Array<Due | undefined>(BATCH).fill(undefined);
/** The license of each license end of a batch (a key end's place left undefined). */
const DUE_LICENSES = new Array<License | undefined>(BATCH).fill(undefined);

/** Hands `write` the values `forEach` visits, `BATCH` at a time in `batch` (the last batch shorter), and empties `batch` after. */
const inBatches = <T>(
  batch: (T | undefined)[],
  forEach: (visit: (value: T) => void) => void,
  write: (batch: (T | undefined)[], n: number) => void,
): void => {
  let n = 0;
  forEach((value) => {
    batch[n++] = value;
    if (n === BATCH) {
      write(batch, n);
      n = 0;
    }
  });
  write(batch, n);
  batch.fill(undefined);
};

/** Writes the pending ones of `n` agenda entries of `batch`, after reading ahead their ids; returns how many. */
const writeDues = (w: ByteWriter, state: LedgerState, batch: (Due | undefined)[], n: number): number => {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (batch[k] as Due).at;
  for (let k = 0; k < n; k++) {
    const due = batch[k] as Due;
    if (due.kind === 'license-end') {
      sum += due.machineId.length;
      // One `Map` lookup: a state's licenses stand on a table (architecture.md, "Maps over tables").
      DUE_LICENSES[k] = getEntry(state.licenses, due.licenseId);
    } else sum += due.keyId.length;
  }
  for (let k = 0; k < n; k++) sum += DUE_LICENSES[k]?.endAt ?? 0;
  TOUCHED.sum = sum;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const due = batch[k] as Due;
    if (!pending(state, due, DUE_LICENSES[k])) continue;
    count += 1;
    w.sym(due.kind);
    w.int(due.at);
    if (due.kind === 'license-end') {
      w.sym(due.poolId);
      writeMachineRef(w, due.machineId);
      writeLicenseRef(w, due.poolId, due.licenseId);
    } else {
      w.sym(due.slotType);
      w.text(due.svmId);
      w.text(due.keyId);
    }
  }
  DUE_LICENSES.fill(undefined);
  return count;
};

/** Writes the body of a snapshot of `state` (format version 2). */
export const writeState = (w: ByteWriter, state: LedgerState): void => {
  section(w, 'ledger', () => {
    w.optInt(state.clock);
    w.uint(state.sequence);
  });
  section(w, 'pools', () => {
    w.uint(state.pools.size);
    for (const pool of mapValues(state.pools)) writePool(w, pool);
  });
  section(w, 'machines', () => {
    w.uint(state.machines.size);
    inBatches(
      MACHINE_BATCH,
      (visit) => forEachEntry(state.machines, visit),
      (batch, n) => writeMachines(w, batch, n),
    );
    INSTALL_LISTS.fill(undefined);
    INSTALLS.fill(undefined);
  });
  section(w, 'licenses', () => {
    w.uint(state.licenses.size);
    inBatches(
      LICENSE_BATCH,
      (visit) => forEachEntry(state.licenses, visit),
      (batch, n) => writeLicenses(w, batch, n),
    );
  });
  section(w, 'deletedAgents', () => {
    w.uint(state.deletedAgents.size);
    forEachEntry(state.deletedAgents, (agent, key) =>
      writeDeletedAgent(w, agent, getEntry(state.awaitingRecovery, key) !== undefined),
    );
  });
  section(w, 'svms', () => {
    w.uint(state.svms.size);
    forEachEntry(state.svms, (svm) => writeSvm(w, svm));
  });
  section(w, 'agenda', () => {
    // The entries straight from the heap (`forEachHeapValue`, the order `heapValues` lists them), in batches, and their count
    // put in front once known: no list of every entry nor of the pending ones (two arrays of ~32 000 entries were
    // ~230 fresh pages, a page fault each, on the bench state; twelfth session).
    const mark = w.countAhead();
    let count = 0;
    inBatches(
      DUE_BATCH,
      (visit) => forEachHeapValue(state.agenda, visit),
      (batch, n) => {
        count += writeDues(w, state, batch, n);
      },
    );
    w.countAt(mark, count);
  });
  section(w, 'appliedIds', () => writeIds(w, state.appliedIds));
};

/**
 * `renewingEnds` for `machines` (those with a renewing install), as the draft's
 * `setMachine` leaves it when it writes them one after the other onto a state
 * without machines: for each renewing install, the end of its license when that
 * license is applied with a term (`ends`, which `licenseEnds` holds), else no
 * entry for that license (a later machine's install replaces or removes an
 * earlier one's, as in the draft).
 */
const renewingEndsOf = (
  machines: readonly Machine[],
  ends: ReadonlyMap<string, LicenseEnd>,
): Map<string, RenewingEnd> => {
  const byLicense = new Map<string, RenewingEnd>();
  for (const machine of machines) {
    for (const install of machine.installs) {
      if (!renews(install)) continue;
      const due = ends.get(install.licenseId);
      if (due === undefined) byLicense.delete(install.licenseId);
      else byLicense.set(install.licenseId, Object.freeze({ due, install }));
    }
  }
  return byLicense;
};

/** Reads one section: its records, `count()` of them, each by `read`; returns the count. */
const readSection = (r: ByteReader, name: (typeof SECTIONS)[number], read: () => void, counted = true): number => {
  const end = r.beginSection(tag(name));
  const count = counted ? r.count() : 1;
  for (let n = count; n > 0; n--) read();
  r.endSection(end);
  return count;
};

/** Each section's size in bytes (with its tag and length) and its number of records, without reading the records. */
export const sectionSizes = (
  r: ByteReader,
): { readonly name: (typeof SECTIONS)[number]; readonly bytes: number; readonly records: number }[] =>
  SECTIONS.map((name) => {
    const start = r.offset;
    const end = r.beginSection(tag(name));
    const records = name === 'ledger' ? 1 : r.count();
    r.skipTo(end);
    return { name, bytes: end - start, records };
  });

/**
 * Small instances of the classes a snapshot's read and write go through besides
 * the reader and the writer (the id table's, a draft over an empty ledger), for
 * `snapshot.ts` to keep alive between two snapshots (see `KEPT` there).
 */
export const codecLayouts = (): readonly object[] => [...idTableLayouts(), new Draft(emptyLedger())];

/**
 * Reads a body written by {@link writeState} into a new state whose tables are
 * keyed by `hashSeed`; throws {@link MalformedBody} when it does not hold one.
 *
 * The records are read into plain maps that the state takes over as they are
 * (`adoptTable`), the agenda and the id table built in one pass
 * (`heapFromArray`, `IdTableBuilder`), the ends of applied
 * licenses too (`licenseEnds`, bucketed as the draft buckets them) and the
 * ends of renewing installs (`renewingEnds`, as `setMachine` keeps them); the
 * deleted agents (the recovery index) and SVMs go through the reducers' draft.
 */
export const readState = (r: ByteReader, hashSeed: HashSeed = DEFAULT_HASH_SEED): LedgerState =>
  readParts(r, hashSeed, false).state;

/**
 * A state read for a replay that goes on from it and owns its records: the
 * licenses and machines come unfrozen, in plain `Map`s (`licenses`,
 * `machines`), and the state holds none of them (its two maps are empty).
 * Nothing else may ever hold those records: the replay changes them in place.
 */
export const readOwnedState = (r: ByteReader, hashSeed: HashSeed = DEFAULT_HASH_SEED): OwnedParts =>
  readParts(r, hashSeed, true);

/** What {@link readOwnedState} gives: a state without licenses, machines and their indexes, and those as read. */
export interface OwnedParts {
  readonly state: LedgerState;
  readonly licenses: Map<string, License>;
  readonly machines: Map<string, Machine>;
  /** The end of every applied license with a term, by license id (what `licenseEnds` holds, not bucketed). */
  readonly ends: Map<string, LicenseEnd>;
  /** `renewingEnds`' entries. */
  readonly renewingEnds: Map<string, RenewingEnd>;
  /** The agenda's entries, in no order. */
  readonly dues: Due[];
}

const readParts = (r: ByteReader, hashSeed: HashSeed, owned: boolean): OwnedParts => {
  const i: In = { r, machineIds: [], licenseIds: new Map(), seal: owned ? leaveOpen : Object.freeze };
  let clock: Instant | null = null;
  let sequence = 0;
  readSection(
    r,
    'ledger',
    () => {
      clock = optInstant(r);
      sequence = r.uint();
    },
    false,
  );

  const poolTable = new Map<string, Pool>();
  const poolCount = readSection(r, 'pools', () => {
    const pool = readPool(i, hashSeed);
    poolTable.set(pool.poolId, pool);
  });
  if (poolTable.size !== poolCount) throw new MalformedBody('a pool written twice');
  const known = new Set(poolTable.keys());
  const pools = adoptTable(poolTable, hashSeed);

  const machinesEnd = r.beginSection(tag('machines'));
  const machineCount = r.count();
  const machineIds = new Array<string>(machineCount);
  // The records are read into a list, and their maps filled after the section, in a loop of their own: the same
  // `Map.set`s done as each record was read cost a read of the 90 % resume snapshot 4–6 % more (eleventh session).
  const machineList = new Array<Machine>(machineCount);
  const machineTable = new Map<string, Machine>();
  /** Machines with an install that renews: `renewingEnds` holds the ends of those installs' licenses. */
  const renewing: Machine[] = [];
  for (let k = 0; k < machineCount; k++) {
    const machine = readMachine(i);
    machineIds[k] = machine.machineId;
    machineList[k] = machine;
    if (machine.installs.some(renews)) renewing.push(machine);
  }
  r.endSection(machinesEnd);
  for (let k = 0; k < machineCount; k++) machineTable.set(machineIds[k] as string, machineList[k] as Machine);
  i.machineIds = machineIds;

  const licensesEnd = r.beginSection(tag('licenses'));
  const licenseCount = r.count();
  const licenseTable = new Map<string, License>();
  /** The licenses in section order; their map is filled after the section, as the machines' (above). */
  const licenseList = new Array<License>(licenseCount);
  /** The end of every applied license with a term (`licenseEnds`), by license id: the agenda's entries are these very objects. */
  const ends = new Map<string, LicenseEnd>();
  for (let k = 0; k < licenseCount; k++) {
    const license = readLicense(i);
    if (!known.has(license.poolId)) throw new MalformedBody(`license ${license.licenseId} of an unknown pool`);
    licenseList[k] = license;
    if (license.status === 'applied' && license.endAt !== null && license.machineId !== null) {
      ends.set(
        license.licenseId,
        Object.freeze({
          at: license.endAt,
          kind: 'license-end',
          poolId: license.poolId,
          machineId: license.machineId,
          licenseId: license.licenseId,
        }),
      );
    }
  }
  r.endSection(licensesEnd);
  for (let k = 0; k < licenseCount; k++) {
    const license = licenseList[k] as License;
    licenseTable.set(license.licenseId, license);
  }
  if (licenseTable.size !== licenseCount) throw new MalformedBody('a license written twice');
  const licenses = owned ? emptyMap<License>(hashSeed) : adoptTable(licenseTable, hashSeed);

  const agents: [DeletedAgent, boolean][] = [];
  const agentCount = readSection(r, 'deletedAgents', () => {
    const agent: DeletedAgent = {
      key: r.text(),
      machineId: readMachineRef(i),
      deletedAt: instant(r),
      installs: readInstalls(i, Object.freeze),
    };
    agents.push([agent, r.bool()]);
  });

  const svms: Svm[] = [];
  const svmCount = readSection(r, 'svms', () => svms.push(readSvm(i)));

  const dues: Due[] = [];
  readSection(r, 'agenda', () => {
    const kind = dueKind(r.sym());
    const at = instant(r);
    if (kind === 'key-end') {
      dues.push(Object.freeze({ at, kind, slotType: keyType(r.sym()), svmId: r.text(), keyId: r.text() }));
      return;
    }
    const poolId = r.sym();
    const machineId = readMachineRef(i);
    const licenseId = readLicenseRef(i, poolId);
    // A license end is the very object `licenseEnds` holds, as `scheduleLicenseEnd` leaves it.
    const same = ends.get(licenseId);
    dues.push(
      same !== undefined && same.at === at && same.poolId === poolId && same.machineId === machineId
        ? same
        : Object.freeze({ at, kind, poolId, machineId, licenseId }),
    );
  });

  const end = r.beginSection(tag('appliedIds'));
  const appliedIds = readIds(r, hashSeed);
  r.endSection(end);

  if (machineTable.size !== machineCount) throw new MalformedBody('a machine written twice');
  const machines = owned ? emptyMap<Machine>(hashSeed) : adoptTable(machineTable, hashSeed);

  const renewingEnds = renewingEndsOf(renewing, ends);
  const empty = emptyLedger({ hashSeed });
  // A replay that owns what is read is given the indexes as they are (its draft's own writes): no persistent
  // structure is built for it only to be written over or taken over.
  const base: LedgerState = Object.freeze({
    ...empty,
    clock,
    sequence,
    pools,
    licenses,
    machines,
    agenda: owned ? empty.agenda : heapFromArray(dues, compareDue),
    licenseEnds: owned ? empty.licenseEnds : licenseEndsOf(ends.values(), endBucketKeys(), hashSeed),
    renewingEnds: owned ? empty.renewingEnds : adoptTable(renewingEnds, hashSeed),
    appliedIds,
  });
  const draft = new Draft(base);
  for (const [agent, awaitsRecovery] of agents) draft.setDeletedAgent(agent, awaitsRecovery);
  for (const svm of svms) draft.setSvm(svm);
  const state = draft.snapshot();
  if (state.deletedAgents.size !== agentCount)
    throw new MalformedBody('a deleted agent written twice or holding nothing');
  if (state.svms.size !== svmCount) throw new MalformedBody('an SVM written twice');
  return { state, licenses: licenseTable, machines: machineTable, ends, renewingEnds, dues };
};
