import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { decodeEvent } from '@license-ledger/core';
import { openDecodedAuditLog } from '@license-ledger/core/node';
import { decodeStored, validateEvents } from '../src/stored-events';
import { install, purchase } from './support/events';

describe('validateEvents', () => {
  it('R-L2: keeps the body as received and names every invalid event by index, id and field', () => {
    const { valid, invalid } = validateEvents([purchase('p1', 0), { ...purchase('p2', 0), extra: 1 }, 7]);
    expect(valid.map((v) => v.body)).toEqual([JSON.stringify(purchase('p1', 0))]);
    expect(invalid).toEqual([
      { index: 1, eventId: 'p2', message: 'extra: unknown field' },
      { index: 2, eventId: null, message: 'line: expected a JSON object (one event per line), got 7' },
    ]);
  });
});

describe('validateEvents (decoded lines)', () => {
  it('a line decoded by core with its text (openDecodedAuditLog, texts) is taken as decoded and stored as written; any other { event, text } is decoded from its text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-decoded-lines-'));
    try {
      const lines = [JSON.stringify(purchase('p1', 0)), ` ${JSON.stringify(install('i1', 1, 'ws-1'))} `];
      const file = path.join(dir, 'log.ndjson');
      fs.writeFileSync(file, lines.join('\n'));
      const opened = await openDecodedAuditLog(file, { texts: true, worker: true });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const entries: unknown[] = [];
      for await (const batch of opened.right.entries) entries.push(...batch);
      const { valid, invalid } = validateEvents(entries);
      expect(invalid).toEqual([]);
      expect(valid.map((v) => v.body)).toEqual(lines);
      expect(valid.map((v) => v.event.id)).toEqual(['p1', 'i1']);
      // Decoded in the worker: the very events, not decoded again.
      expect(opened.right.inWorker()).toBe(true);
      expect(valid.map((v) => v.event)).toEqual(entries.map((e) => (e as { event: unknown }).event));
      expect(valid.every((v, i) => v.event === (entries[i] as { event: unknown }).event)).toBe(true);

      // Not decoded by core here: its text decides (the event given is not trusted), and a bad text is named.
      const forged = decodeEvent(purchase('p9', 0));
      if (E.isLeft(forged)) throw new Error('purchase does not decode');
      const other = validateEvents([
        { event: forged.right, text: lines[0] },
        { event: forged.right, text: '{oops' },
      ]);
      expect(other.valid.map((v) => [v.event.id, v.body])).toEqual([['p1', lines[0]]]);
      expect(other.invalid).toEqual([
        { index: 1, eventId: null, message: expect.stringMatching(/not valid JSON/) as unknown },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeStored', () => {
  it('a stored event comes back as a replay input whose line is its version', () => {
    expect(decodeStored(12, JSON.stringify(purchase('p1', 0)))).toEqual({
      line: 12,
      event: expect.objectContaining({ id: 'p1', at: Date.UTC(2025, 0, 1) }) as unknown,
    });
  });

  it('a body that no longer decodes (an upcaster removed) is a decode problem naming the version, not a crash', () => {
    expect(decodeStored(3, '{"type":"RecoveryRun","id":"e3","at":"2025-01-01T00:00:00Z","v":2}')).toEqual({
      line: 3,
      problem: 'v: expected a known schema version (1), got 2',
      eventId: 'e3',
    });
    expect(decodeStored(4, '{oops')).toEqual({ line: 4, problem: 'stored body is not valid JSON', eventId: null });
  });
});
