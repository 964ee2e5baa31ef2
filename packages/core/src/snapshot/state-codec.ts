import { DEFAULT_HASH_SEED, type HashSeed } from '../collections/hash-seed';
import { appendHistory, emptyHistory, historyToArray, type History } from '../collections/history';
import { forEachIdHash, setIdHash } from '../collections/id-hash-map';
import { emptyHeap, heapInsert, heapValues } from '../collections/leftist-heap';
import { emptyMap, forEachEntry, getEntry, mapValues, setEntry } from '../collections/persistent-map';
import type { LicenseKeySpec } from '../events/key-events';
import type { BodyDigest } from '../ledger/body-digest';
import { Draft, emptyLedger } from '../ledger/draft';
import { byNumber, comparePartial } from '../ledger/licenses';
import type { Due, LedgerState, LicenseEnd } from '../state/ledger-state';
import type { License, LicenseChange, LicenseStatus, PartialRank } from '../state/license';
import type { DeletedAgent, Installation, Machine, MachineChange } from '../state/machine';
import type { Pool, PoolCounts, Purchase } from '../state/pool';
import type { RuleId } from '../state/rules';
import type { ActiveKey, KeySlot, Svm, SvmChange, TaskError, TaskErrorReason } from '../state/svm';
import type { Instant } from '../time/instant';
import { type ByteReader, MalformedBody } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/*
 * The one module that knows both the snapshot body (docs/snapshots.md) and the
 * state's records. It writes what a state means, never how it is laid out in
 * memory: records read through their public fields, indexes left out, and reads
 * them back by rebuilding the state through the draft every reducer writes
 * with, so the agenda, `licenseEnds`, `renewingEnds` and the recovery index come
 * out as the reducers keep them.
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

/**
 * A license id `<poolId>#<n>` (R-P3) of a known pool as its number alone; any
 * other id as 0 and the id in full.
 */
const writeLicenseRef = (w: ByteWriter, poolId: string, licenseId: string): void => {
  const n = numberIn(poolId, licenseId);
  if (n > 0) w.uint(n);
  else {
    w.uint(0);
    w.text(licenseId);
  }
};
const readLicenseRef = (r: ByteReader, poolId: string): string => {
  const n = r.uint();
  return n === 0 ? r.text() : `${poolId}#${n}`;
};

/** `n` when `licenseId` is exactly `<poolId>#<n>` (n ≥ 1, no leading zero), else 0. */
const numberIn = (poolId: string, licenseId: string): number => {
  const p = poolId.length;
  const length = licenseId.length;
  if (
    length < p + 2 ||
    length > p + 16 ||
    licenseId.charCodeAt(p) !== 0x23 ||
    licenseId.charCodeAt(p + 1) === 0x30 ||
    !licenseId.startsWith(poolId)
  )
    return 0;
  let n = 0;
  for (let i = p + 1; i < length; i++) {
    const digit = licenseId.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return 0;
    n = n * 10 + digit;
  }
  return n;
};

// ---- histories -----------------------------------------------------------

const writeHistory = <T>(w: ByteWriter, history: History<T>, write: (w: ByteWriter, entry: T) => void): void => {
  w.uint(history.length);
  for (const entry of historyToArray(history)) write(w, entry);
};

const readHistory = <T>(r: ByteReader, read: (r: ByteReader) => T): History<T> => {
  let history = emptyHistory<T>();
  for (let n = r.count(); n > 0; n--) history = appendHistory(history, Object.freeze(read(r)));
  return history;
};

const writeLicenseChange = (w: ByteWriter, c: LicenseChange): void => {
  w.int(c.at);
  w.optText(c.eventId);
  w.sym(c.rule);
  w.sym(c.status);
  w.optText(c.machineId);
  w.optInt(c.daysLeft);
  w.optText(c.note);
};
const readLicenseChange = (r: ByteReader): LicenseChange => ({
  at: instant(r),
  eventId: r.optText(),
  rule: r.sym() as RuleId,
  status: licenseStatus(r.sym()),
  machineId: r.optText(),
  daysLeft: r.optInt(),
  note: r.optText(),
});

const writeMachineChange = (w: ByteWriter, c: MachineChange): void => {
  w.int(c.at);
  w.optText(c.eventId);
  w.sym(c.rule);
  w.text(c.what);
  w.optText(c.poolId);
  w.optText(c.licenseId);
};
const readMachineChange = (r: ByteReader): MachineChange => ({
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
const readSvmChange = (r: ByteReader): SvmChange => ({
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
const readTaskError = (r: ByteReader): TaskError => ({
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

const writePartialRank = (w: ByteWriter, rank: PartialRank): void => {
  w.int(rank.since);
  w.uint(rank.batch);
  w.int(rank.deletedAt);
  w.uint(rank.seq);
  w.text(rank.licenseId);
};
const readPartialRank = (r: ByteReader): PartialRank =>
  Object.freeze({ since: instant(r), batch: r.uint(), deletedAt: instant(r), seq: r.uint(), licenseId: r.text() });

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
  for (const rank of partials) writePartialRank(w, rank);
  w.uint(pool.groups.size);
  forEachEntry(pool.groups, (machines, groupId) => {
    w.sym(groupId);
    w.uint(machines);
  });
};

const readPool = (r: ByteReader, draft: Draft): Pool => {
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
  const counts = {} as Record<keyof PoolCounts, number>;
  for (const counter of COUNTERS) counts[counter] = r.uint();
  let returned = emptyHeap<number>();
  for (let n = r.count(); n > 0; n--) returned = heapInsert(returned, r.uint(), byNumber);
  let partials = emptyHeap<PartialRank>();
  for (let n = r.count(); n > 0; n--) partials = heapInsert(partials, readPartialRank(r), comparePartial);
  let groups = emptyMap<number>(draft.hashSeed);
  for (let n = r.count(); n > 0; n--) groups = setEntry(groups, r.sym(), r.uint(), draft.edit);
  return {
    poolId,
    module,
    purchases: Object.freeze(purchases),
    max,
    nextFresh,
    returned,
    partials,
    counts: Object.freeze(counts),
    groups,
  };
};

// ---- licenses ------------------------------------------------------------

const writeLicense = (w: ByteWriter, license: License): void => {
  w.sym(license.poolId);
  w.uint(license.number);
  writeLicenseRef(w, license.poolId, license.licenseId);
  w.optInt(license.termDays);
  w.sym(license.status);
  w.optText(license.machineId);
  w.optInt(license.daysLeft);
  w.optInt(license.startAt);
  w.optInt(license.endAt);
  w.optSym(license.reservedFrom);
  w.bool(license.partialRank !== null);
  if (license.partialRank !== null) writePartialRank(w, license.partialRank);
  writeHistory(w, license.history, writeLicenseChange);
};

const readLicense = (r: ByteReader): License => {
  const poolId = r.sym();
  const number = r.uint();
  const licenseId = readLicenseRef(r, poolId);
  const termDays = r.optInt();
  const status = licenseStatus(r.sym());
  const machineId = r.optText();
  const daysLeft = r.optInt();
  const startAt = optInstant(r);
  const endAt = optInstant(r);
  const from = r.optSym();
  const partialRank = r.bool() ? readPartialRank(r) : null;
  const history = readHistory(r, readLicenseChange);
  return {
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
  };
};

// ---- machines and deleted agents -------------------------------------------

const writeInstall = (w: ByteWriter, install: Installation): void => {
  w.sym(install.poolId);
  w.sym(install.status);
  writeLicenseRef(w, install.poolId, install.licenseId);
  w.uint(install.queue.length);
  for (const id of install.queue) writeLicenseRef(w, install.poolId, id);
  w.bool(install.autoExtend);
  w.int(install.since);
  w.bool(install.replaces !== null);
  if (install.replaces !== null) writeInstall(w, install.replaces);
};

const readInstall = (r: ByteReader): Installation => {
  const poolId = r.sym();
  const status = installStatus(r.sym());
  const licenseId = readLicenseRef(r, poolId);
  const queue: string[] = [];
  for (let n = r.count(); n > 0; n--) queue.push(readLicenseRef(r, poolId));
  const autoExtend = r.bool();
  const since = instant(r);
  const replaces = r.bool() ? readInstall(r) : null;
  return Object.freeze({ poolId, status, licenseId, queue: Object.freeze(queue), autoExtend, since, replaces });
};

const writeInstalls = (w: ByteWriter, installs: readonly Installation[]): void => {
  w.uint(installs.length);
  for (const install of installs) writeInstall(w, install);
};
const readInstalls = (r: ByteReader): readonly Installation[] => {
  const installs: Installation[] = [];
  for (let n = r.count(); n > 0; n--) installs.push(readInstall(r));
  return Object.freeze(installs);
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
const readMachine = (r: ByteReader): Machine => ({
  machineId: r.text(),
  incarnation: r.uint(),
  groupId: r.sym(),
  deletedAt: optInstant(r),
  avRemovedAt: optInstant(r),
  installs: readInstalls(r),
  history: readHistory(r, readMachineChange),
});

const writeDeletedAgent = (w: ByteWriter, agent: DeletedAgent, awaitsRecovery: boolean): void => {
  w.text(agent.key);
  w.text(agent.machineId);
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
const readSvm = (r: ByteReader): Svm => {
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
    taskErrors: readHistory(r, readTaskError),
    history: readHistory(r, readSvmChange),
  });
};

// ---- the agenda --------------------------------------------------------------

/**
 * Whether an agenda entry can still change anything: its license is applied and
 * ends then, or its key is the slot's active one and ends then. An entry that is
 * not can never become so again (applying a license or activating a key
 * schedules a new entry), so a snapshot leaves it out.
 */
const pending = (state: LedgerState, due: Due): boolean => {
  if (due.kind === 'license-end') {
    const license = getEntry(state.licenses, due.licenseId);
    return (
      license !== undefined && license.status === 'applied' && license.endAt === due.at && license.poolId === due.poolId
    );
  }
  const active = getEntry(state.svms, due.svmId)?.slots.find((s) => s.type === due.slotType)?.active;
  return active !== undefined && active !== null && active.key.keyId === due.keyId && active.endsAt === due.at;
};

/** A body digest (R-L5) is 8 UTF-16 code units: 128 bits of the SHA-256 of the canonical body. */
const DIGEST_UNITS = 8;

// ---- the whole state ---------------------------------------------------------

/**
 * The body's sections, in order (docs/snapshots.md). Each is its tag, its length
 * in bytes (u32) and, but for the first, the number of records it holds.
 */
export const SECTIONS = [
  'ledger',
  'pools',
  'licenses',
  'machines',
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

/** Writes the body of a snapshot of `state` (format version 1). */
export const writeState = (w: ByteWriter, state: LedgerState): void => {
  section(w, 'ledger', () => {
    w.optInt(state.clock);
    w.uint(state.sequence);
  });
  section(w, 'pools', () => {
    w.uint(state.pools.size);
    for (const pool of mapValues(state.pools)) writePool(w, pool);
  });
  section(w, 'licenses', () => {
    w.uint(state.licenses.size);
    forEachEntry(state.licenses, (license) => writeLicense(w, license));
  });
  section(w, 'machines', () => {
    w.uint(state.machines.size);
    forEachEntry(state.machines, (machine) => writeMachine(w, machine));
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
    const agenda = heapValues(state.agenda).filter((due) => pending(state, due));
    w.uint(agenda.length);
    for (const due of agenda) {
      w.sym(due.kind);
      w.int(due.at);
      if (due.kind === 'license-end') {
        w.sym(due.poolId);
        w.text(due.machineId);
        writeLicenseRef(w, due.poolId, due.licenseId);
      } else {
        w.sym(due.slotType);
        w.text(due.svmId);
        w.text(due.keyId);
      }
    }
  });
  section(w, 'appliedIds', () => {
    w.uint(state.appliedIds.size);
    forEachIdHash(state.appliedIds, (id, digest) => {
      w.text(id);
      for (let i = 0; i < DIGEST_UNITS; i++) w.u16(digest.charCodeAt(i));
    });
  });
};

/** Reads one section: its records, `count()` of them, each by `read`. */
const readSection = (r: ByteReader, name: (typeof SECTIONS)[number], read: () => void, counted = true): void => {
  const end = r.beginSection(tag(name));
  for (let n = counted ? r.count() : 1; n > 0; n--) read();
  r.endSection(end);
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

/** Reads a body written by {@link writeState} into a new state whose tables are keyed by `hashSeed`; throws {@link MalformedBody} when it does not hold one. */
export const readState = (r: ByteReader, hashSeed: HashSeed = DEFAULT_HASH_SEED): LedgerState => {
  const draft = new Draft(emptyLedger({ hashSeed }));
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
  readSection(r, 'pools', () => draft.setPool(readPool(r, draft)));
  readSection(r, 'licenses', () => {
    const license = readLicense(r);
    if (draft.pool(license.poolId) === undefined)
      throw new MalformedBody(`license ${license.licenseId} of an unknown pool`);
    draft.setLicense(license);
    // `licenseEnds` holds the end of every applied license with a term, exactly.
    if (license.status === 'applied' && license.endAt !== null && license.machineId !== null) {
      draft.addLicenseEnd({
        at: license.endAt,
        kind: 'license-end',
        poolId: license.poolId,
        machineId: license.machineId,
        licenseId: license.licenseId,
      });
    }
  });
  // After the licenses: writing a machine looks up the ends of its renewing installs (`renewingEnds`).
  readSection(r, 'machines', () => draft.setMachine(readMachine(r)));
  readSection(r, 'deletedAgents', () => {
    const agent: DeletedAgent = {
      key: r.text(),
      machineId: r.text(),
      deletedAt: instant(r),
      installs: readInstalls(r),
    };
    draft.setDeletedAgent(agent, r.bool());
  });
  readSection(r, 'svms', () => draft.setSvm(readSvm(r)));
  readSection(r, 'agenda', () => {
    const kind = dueKind(r.sym());
    const at = instant(r);
    if (kind === 'key-end') {
      draft.schedule({ at, kind, slotType: keyType(r.sym()), svmId: r.text(), keyId: r.text() });
      return;
    }
    const poolId = r.sym();
    const due: LicenseEnd = { at, kind, poolId, machineId: r.text(), licenseId: readLicenseRef(r, poolId) };
    // A license end is the very object `licenseEnds` holds, as `scheduleLicenseEnd` leaves it.
    const same = draft.findLicenseEnd(at, poolId, due.licenseId);
    draft.schedule(same !== undefined && same.at === at && same.machineId === due.machineId ? same : due);
  });
  readSection(r, 'appliedIds', () => {
    const id = r.text();
    let digest = '';
    for (let i = 0; i < DIGEST_UNITS; i++) digest += String.fromCharCode(r.u16());
    draft.appliedIds = setIdHash(draft.appliedIds, id, digest as BodyDigest, draft.edit);
  });
  draft.clock = clock;
  draft.sequence = sequence;
  return draft.snapshot();
};
