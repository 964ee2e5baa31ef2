/**
 * docs/events.md against the io-ts codecs: the reference of every event type stays
 * true. For each documented type, its example line decodes; every field listed as
 * required is needed, every optional one may be left out, a field not listed is
 * refused; and every codec of the union has a section.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { decodeEvent, LedgerEventCodec } from '../../src/index';

interface Section {
  readonly type: string;
  readonly fields: ReadonlyMap<string, boolean>;
  readonly example: Record<string, unknown>;
}

const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'events.md'), 'utf8');

const fieldsOf = (text: string): Map<string, boolean> => {
  const fields = new Map<string, boolean>();
  for (const [, name, required] of text.matchAll(/^\| `([A-Za-z]+)` \|[^|\n]*\| (yes|no) \|/gm))
    fields.set(name as string, required === 'yes');
  return fields;
};

const [preamble = '', ...parts] = doc.split(/^### /m);
const common = fieldsOf(preamble.split(/^## /m)[0] ?? '');
const sections: Section[] = parts.map((part) => {
  const type = part.slice(0, part.indexOf('\n')).trim();
  const json = /```json\n(.*)\n```/.exec(part);
  if (json === null) throw new Error(`docs/events.md: ${type} has no example line`);
  return {
    type,
    fields: new Map([...common, ...fieldsOf(part)]),
    example: JSON.parse(json[1] as string) as Record<string, unknown>,
  };
});

const without = (example: Record<string, unknown>, field: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(example).filter(([key]) => key !== field));

describe('docs/events.md', () => {
  test('has a section for every event type the codecs decode, and for no other', () => {
    const codecTypes = LedgerEventCodec.types.map((codec) => codec.name).sort();
    expect(sections.map((section) => section.type).sort()).toEqual(codecTypes);
    expect(common).toEqual(
      new Map([
        ['type', true],
        ['id', true],
        ['at', true],
        ['v', false],
      ]),
    );
  });

  test.each(sections.map((section) => [section.type, section] as const))(
    '%s: the example line decodes, and its fields are the documented ones',
    (type, section) => {
      expect(section.example.type).toBe(type);
      expect(E.isRight(decodeEvent(section.example))).toBe(true);
      for (const field of Object.keys(section.example))
        expect({ type, field, documented: section.fields.has(field) }).toEqual({ type, field, documented: true });
      for (const [field, required] of section.fields) {
        if (required)
          expect({ type, field, inExample: field in section.example }).toEqual({ type, field, inExample: true });
      }
    },
  );

  test.each(sections.map((section) => [section.type, section] as const))(
    '%s: a required field is needed, an optional one is not, an unlisted one is refused',
    (type, section) => {
      for (const [field, required] of section.fields) {
        if (field === 'type' || !(field in section.example)) continue;
        expect({ type, field, decodesWithout: E.isRight(decodeEvent(without(section.example, field))) }).toEqual({
          type,
          field,
          decodesWithout: !required,
        });
      }
      expect(E.isLeft(decodeEvent({ ...section.example, notAField: 1 }))).toBe(true);
    },
  );
});
