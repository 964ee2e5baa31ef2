import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  bodyDigest,
  bodyDigestInto,
  bodyDigestWords,
  canonicalBody,
  digestFromWords,
  digestShape,
} from '../../src/ledger/body-digest';
import { sha256OfBytes, sha256Words } from '../../src/ledger/sha256';

describe('bodyDigest', () => {
  test('R-L5: the same body has the same digest whatever the order its keys arrived in', () => {
    const a = { type: 'Returned', id: 'e9', at: 1_735_689_600_000, poolId: 'p', machineId: 'm' };
    const b = { machineId: 'm', poolId: 'p', at: 1_735_689_600_000, id: 'e9', type: 'Returned' };
    expect(bodyDigest(a)).toBe(bodyDigest(b));
  });

  test('R-L5 Decision: "v":1 and no v are the same body (the decoded event is in the current shape)', () => {
    const body = { type: 'RecoveryRun', id: 'e1', at: 1_735_689_600_000 };
    expect(bodyDigest({ ...body, v: 1 })).toBe(bodyDigest(body));
  });

  test('R-L5 Decision: "count": 1 and no count stay different bodies', () => {
    const body = { type: 'Extended', id: 'e1', at: 1_735_689_600_000, poolId: 'p', machineId: 'm' };
    expect(bodyDigest({ ...body, count: 1 })).not.toBe(bodyDigest(body));
  });

  test(`R-L5: bodies that differ in one field, a nested field or a value's type have different digests`, () => {
    const base = {
      type: 'KeyActivated',
      id: 'e1',
      at: 1_735_689_600_000,
      svmId: 's',
      key: { keyId: 'K', termDays: 365, trial: false },
    };
    expect(bodyDigest({ ...base, svmId: 't' })).not.toBe(bodyDigest(base));
    expect(bodyDigest({ ...base, at: base.at + 0x100000000 })).not.toBe(bodyDigest(base));
    expect(bodyDigest({ ...base, key: { ...base.key, trial: true } })).not.toBe(bodyDigest(base));
    expect(bodyDigest({ ...base, svmId: '1' })).not.toBe(bodyDigest({ ...base, svmId: 1 }));
    expect(bodyDigest({ a: 'xy', b: 'z' })).not.toBe(bodyDigest({ a: 'x', b: 'yz' }));
    expect(bodyDigest({ machineId: 'a', poolId: 'b' })).not.toBe(bodyDigest({ machineId: 'b', poolId: 'a' }));
    expect(bodyDigest({ a: 'x', key: { b: 'y' } })).not.toBe(bodyDigest({ b: 'y', key: { a: 'x' } }));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (x, y) => {
        fc.pre(x !== y);
        expect(bodyDigest({ ...base, machineId: x })).not.toBe(bodyDigest({ ...base, machineId: y }));
      }),
    );
  });

  test(`R-L5: any order of keys, at any depth, is the same body`, () => {
    const body = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.string())),
    );
    const reversed = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(o)
          .reverse()
          .map(([k, v]) => [k, typeof v === 'object' && v !== null ? reversed(v as Record<string, unknown>) : v]),
      );
    fc.assert(
      fc.property(body, (o) => {
        expect(bodyDigest(reversed(o))).toBe(bodyDigest(o));
      }),
    );
  });
});

describe('bodyDigest and canonicalBody', () => {
  test(`R-L5: the digest written byte by byte is the SHA-256 of the canonical body, for any body, escapes and lone surrogates included`, () => {
    const words = new Int32Array(8);
    const viaText = (o: object): string => {
      sha256Words(canonicalBody(o), words);
      return String.fromCharCode(...Array.from(words.subarray(0, 4), (w) => [w >>> 16, w & 0xffff]).flat());
    };
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const leaf = fc.oneof(
      text,
      fc.integer(),
      // Instants are safe integers of 13 digits; -0 and 2^53 take JSON.stringify's way.
      fc.maxSafeInteger(),
      fc.constantFrom(-0, 2 ** 53, -(2 ** 53), 1e21, 1735689600000),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.oneof(text, fc.integer()), { maxLength: 3 }),
    );
    const body = fc.dictionary(text, fc.oneof(leaf, fc.dictionary(text, leaf, { maxKeys: 4 })), { maxKeys: 8 });
    fc.assert(
      fc.property(body, fc.boolean(), (o, versioned) => {
        const withV = versioned ? { ...o, v: 1 } : o;
        expect(bodyDigest(withV)).toBe(viaText(withV));
      }),
    );
    const long = { type: 'LicenseMarkedOther', id: 'e1', reason: 'x'.repeat(5000), note: 'é🙂\u0000"\\' };
    expect(bodyDigest(long)).toBe(viaText(long));
    // Each character that needs an escape, alone and after characters already written.
    for (const tricky of ['\\', '"', '\t', '\u001f', '\u007f', 'ab\\', 'é"', '🙂', '\ud800', 'x\udfff'])
      expect(bodyDigest({ id: 'e1', [tricky]: tricky })).toBe(viaText({ id: 'e1', [tricky]: tricky }));
  });
});

describe('bodyDigestInto', () => {
  test('R-L5: the four words are the digest bodyDigest gives, for any body, nested or not', () => {
    const out = new Int32Array(4);
    const body = fc.dictionary(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), fc.string()),
      ),
    );
    fc.assert(
      fc.property(body, (o) => {
        bodyDigestInto(o, out);
        expect(digestFromWords(out[0] ?? 0, out[1] ?? 0, out[2] ?? 0, out[3] ?? 0)).toBe(bodyDigest(o));
      }),
    );
  });
});

describe('bodyDigestWords', () => {
  test('R-L5: given the shape of its keys, the four words are the digest bodyDigest gives, for any flat event, v or not', () => {
    const out = new Int32Array(4);
    const viaWords = (o: object): string => {
      bodyDigestWords(o, digestShape(Object.keys(o)), out);
      return digestFromWords(out[0] ?? 0, out[1] ?? 0, out[2] ?? 0, out[3] ?? 0);
    };
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const value = fc.oneof(
      text,
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(
        -0,
        99_999_999,
        1e8,
        1e8 + 1,
        2 ** 31 - 1,
        2 ** 31,
        1735689600000,
        Number.MAX_SAFE_INTEGER,
        2 ** 53,
      ),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 12 }), fc.boolean(), (o, versioned) => {
        const event = versioned ? { ...o, v: 1 } : o;
        expect(viaWords(event)).toBe(bodyDigest(event));
      }),
    );
    // Words left over from a longer body before are overwritten.
    const short = { id: 'e1' };
    viaWords({ id: 'e2', type: 'Returned', note: 'x'.repeat(300) });
    expect(viaWords(short)).toBe(bodyDigest(short));
  });
});

describe('digestShape', () => {
  test('R-L5 Decision: the keys in canonical order (UTF-16 code units), the top-level v left out, each head its JSON key and a colon', () => {
    const shape = digestShape(['type', 'v', 'id', 'é', 'Z', 'a"b']);
    expect(shape.keys).toEqual(['Z', 'a"b', 'id', 'type', 'é']);
    expect(shape.heads.map((head) => Buffer.from(head).toString('utf8'))).toEqual([
      '"Z":',
      '"a\\"b":',
      '"id":',
      '"type":',
      '"é":',
    ]);
  });
});

describe('canonicalBody', () => {
  test('R-L5: keys sorted at every depth, the top-level v left out', () => {
    expect(canonicalBody({ v: 1, type: 'T', key: { z: 1, a: 'x' } })).toBe('{"key":{"a":"x","z":1,},"type":"T",}');
  });

  test('R-L5: keys come in the order Object.keys(…).sort() gives (UTF-16 code units), for few keys and for many', () => {
    const reference = (o: Record<string, unknown>): string =>
      `{${Object.keys(o)
        .sort()
        .filter((k) => k !== 'v')
        .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])},`)
        .join('')}}`;
    const key = fc.string({ unit: 'binary', maxLength: 4 });
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 12 }), (o) => {
        expect(canonicalBody(o)).toBe(reference(o));
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer(), { minKeys: 33, maxKeys: 60 }), (o) => {
        expect(canonicalBody(o)).toBe(reference(o));
      }),
    );
  });
});

describe('sha256Words', () => {
  test(`gives the SHA-256 of node:crypto for any text, lone surrogates included`, () => {
    const words = new Int32Array(8);
    const hex = () => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
    // Lone surrogates are encoded as three bytes (WTF-8), which Buffer replaces: compare well-formed text only.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        sha256Words(text, words);
        expect(hex()).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
    sha256Words('abc', words);
    expect(hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('sha256OfBytes', () => {
  test('gives the SHA-256 of node:crypto for any bytes, padded in place when there is room past them and copied when not', () => {
    const words = new Int32Array(8);
    const hex = () => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 80 }), (data, spare) => {
        const expected = createHash('sha256').update(data).digest('hex');
        const room = new Uint8Array(data.length + spare).fill(0xa5);
        room.set(data);
        sha256OfBytes(room, data.length, words);
        expect(hex()).toBe(expected);
        // Only what lies past the data may have been written over.
        expect(Buffer.from(room.subarray(0, data.length)).equals(Buffer.from(data))).toBe(true);
      }),
    );
  });
});
