import * as E from 'fp-ts/Either';
import {
  applyEvent,
  emptyLedger,
  fromSnapshot,
  historyToArray,
  type LedgerEvent,
  replay,
  SNAPSHOT_FORMAT_VERSION,
  toSnapshot,
} from '../../src/index';
import { getIdHash, getLicense, getMachine } from '../../src/internal';
import { crc32 } from '../../src/snapshot/crc32';
import { countsOf } from '../support/state';
import { eventBuilder } from '@license-ledger/testing';

const events = (): LedgerEvent[] => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
    e('Uninstalled', '2025-03-08T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
  ];
};

const refused = (bytes: Uint8Array) => {
  const back = fromSnapshot(bytes);
  if (E.isRight(back)) throw new Error('expected a refusal');
  return back.left;
};

/** A copy of a snapshot with its header changed by `edit`, the checksum left as it was. */
const withHeader = (bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array => {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
};

describe('toSnapshot', () => {
  it('writes a 20-byte header: magic, format version, flags, body length, CRC-32 of the body', () => {
    const bytes = toSnapshot(replay()(events()).state);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('LLEDGER');
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(8, true)).toBe(SNAPSHOT_FORMAT_VERSION);
    expect(view.getUint16(10, true)).toBe(0);
    expect(view.getUint32(12, true)).toBe(bytes.length - 20);
    expect(view.getUint32(16, true)).toBe(crc32(bytes.subarray(20)));
  });

  it('writes the checksum the crc32 option gives, and the same bytes with any correct CRC-32', () => {
    const state = replay()(events()).state;
    const fixed = toSnapshot(state, { crc32: () => 0x12345678 });
    expect(new DataView(fixed.buffer).getUint32(16, true)).toBe(0x12345678);
    expect(fixed.subarray(20)).toEqual(toSnapshot(state).subarray(20));
    expect(toSnapshot(state, { crc32: (body) => crc32(body.slice()) })).toEqual(toSnapshot(state));
  });

  it('keeps histories when the state has them and writes less without them', () => {
    const full = toSnapshot(replay()(events()).state);
    const lean = toSnapshot(replay({ history: 'none' })(events()).state);
    expect(lean.length).toBeLessThan(full.length);
  });
});

describe('fromSnapshot', () => {
  it('gives back the state: counts, licenses with their histories, machines, applied ids with their body hashes', () => {
    const state = replay()(events()).state;
    const back = fromSnapshot(toSnapshot(state));
    if (E.isLeft(back)) throw new Error(back.left.message);
    expect(countsOf(back.right, 'kes')).toEqual(countsOf(state, 'kes'));
    expect(getLicense(back.right, 'kes#2')).toEqual(getLicense(state, 'kes#2'));
    expect(historyToArray(getLicense(back.right, 'kes#2')!.history).map((c) => c.rule)).toEqual(['R-I3', 'R-U1']);
    expect(getMachine(back.right, 'a')).toEqual(getMachine(state, 'a'));
    expect(back.right.clock).toBe(state.clock);
    for (const id of ['e1', 'e2', 'e3', 'e4'])
      expect(getIdHash(back.right.appliedIds, id)).toBe(getIdHash(state.appliedIds, id));
  });

  it('R-L5: an event the snapshot holds is a duplicate on the restored state; the same id with another body is refused', () => {
    const log = events();
    const back = fromSnapshot(toSnapshot(replay()(log).state));
    if (E.isLeft(back)) throw new Error(back.left.message);
    const again = replay({ from: back.right })(log);
    expect(again.stats).toMatchObject({ applied: 0, skippedDuplicates: 4 });
    const other = replay({ from: back.right })([{ ...log[1], machineId: 'z' } as LedgerEvent]);
    expect(other.problems[0]).toMatchObject({ kind: 'rejected', rule: 'R-L5' });
  });

  it('R-L5: gives back every applied id of a state branched off another (its newest ids its own, not the shared table’s)', () => {
    const log = events();
    const base = replay()(log.slice(0, 3)).state;
    // The first branch appends to the table the states share; the second keeps its own id apart.
    const trunk = applyEvent(log[3] as LedgerEvent)(base).state;
    const branch = applyEvent({ ...(log[3] as LedgerEvent), id: 'branch-only' })(base).state;
    for (const state of [trunk, branch]) {
      const back = fromSnapshot(toSnapshot(state));
      if (E.isLeft(back)) throw new Error(back.left.message);
      expect(back.right.appliedIds.size).toBe(4);
      for (const id of ['e1', 'e2', 'e3', 'e4', 'branch-only'])
        expect(getIdHash(back.right.appliedIds, id)).toBe(getIdHash(state.appliedIds, id));
    }
  });

  it(`checks the body with the crc32 option: refuses what the core's CRC-32 accepts and the reverse`, () => {
    const state = replay()(events()).state;
    const fixed = toSnapshot(state, { crc32: () => 0x12345678 });
    expect(refused(fixed).kind).toBe('checksum');
    const back = fromSnapshot(fixed, { crc32: () => 0x12345678 });
    if (E.isLeft(back)) throw new Error(back.left.message);
    expect(countsOf(back.right, 'kes')).toEqual(countsOf(state, 'kes'));
    const other = fromSnapshot(toSnapshot(state), { crc32: () => 0x12345678 });
    expect(E.isLeft(other) && other.left.kind).toBe('checksum');
  });

  it('restores an empty ledger', () => {
    expect(fromSnapshot(toSnapshot(emptyLedger()))).toEqual(E.right(expect.objectContaining({ clock: null })));
  });

  it('refuses bytes that are not a snapshot', () => {
    expect(refused(new Uint8Array(0)).kind).toBe('not-a-snapshot');
    expect(refused(new TextEncoder().encode('{"type":"LicensePurchased","id":"e1"}')).kind).toBe('not-a-snapshot');
  });

  it('refuses a snapshot of another format version, naming both versions', () => {
    const bytes = withHeader(toSnapshot(emptyLedger()), (view) => view.setUint16(8, 3, true));
    expect(refused(bytes)).toEqual({
      kind: 'unsupported-version',
      message: 'snapshot format version 3; this library reads version 2 only (make the snapshot again from its log)',
    });
  });

  it('refuses a snapshot in format version 1 (the first format), whose checksum holds', () => {
    // toSnapshot(emptyLedger()) as the first format wrote it.
    const v1 = Uint8Array.from(
      Buffer.from(
        '4c4c45444745521a0100000031000000a8abee7001020000000000020100000000030100000000040100000000050100000000060100000000070100000000080100000000',
        'hex',
      ),
    );
    expect(refused(v1)).toEqual({
      kind: 'unsupported-version',
      message: 'snapshot format version 1; this library reads version 2 only (make the snapshot again from its log)',
    });
  });

  it('refuses a truncated snapshot, saying how much is missing', () => {
    const bytes = toSnapshot(replay()(events()).state);
    expect(refused(bytes.subarray(0, bytes.length - 1))).toEqual({
      kind: 'truncated',
      message: `the snapshot is cut short: ${bytes.length - 1} of ${bytes.length} bytes`,
    });
  });

  it('refuses a snapshot with a flipped bit or bytes after the body', () => {
    const bytes = toSnapshot(replay()(events()).state);
    const flipped = bytes.slice();
    flipped[bytes.length - 3] = (flipped[bytes.length - 3] as number) ^ 0x10;
    expect(refused(flipped).kind).toBe('checksum');
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(refused(longer).kind).toBe('checksum');
  });

  it('refuses a body whose checksum holds but which is not a ledger state (malformed), without throwing', () => {
    const body = Uint8Array.of(0, 0, 1, 2 * 3, 0x6b, 0x65, 0x73);
    const bytes = new Uint8Array(20 + body.length);
    bytes.set(toSnapshot(emptyLedger()).subarray(0, 20));
    bytes.set(body, 20);
    const view = new DataView(bytes.buffer);
    view.setUint32(12, body.length, true);
    view.setUint32(16, crc32(body), true);
    expect(refused(bytes).kind).toBe('malformed');
  });

  it('refuses a body whose checksum holds but which lists an applied id twice (malformed), before handing out a state', () => {
    // A lazily built id table would find the repeat only on its first lookup, after the state was handed out.
    const bytes = toSnapshot(replay()(events()).state);
    const ids = new TextEncoder().encode('e1e2e3e4');
    const body = bytes.subarray(20);
    const at = body.findIndex((_, k) => ids.every((byte, j) => body[k + j] === byte));
    expect(at).toBeGreaterThan(0);
    body.set(new TextEncoder().encode('e1'), at + 2);
    new DataView(bytes.buffer).setUint32(16, crc32(body), true);
    const refusal = refused(bytes);
    expect(refusal.kind).toBe('malformed');
    expect(refusal.message).toContain('e1');
  });
});
