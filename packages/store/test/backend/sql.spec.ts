import { copyField } from '../../src/backend/sql';

describe('copyField', () => {
  it('escapes what COPY text format reads specially, and writes null as \\N', () => {
    expect(copyField('plain {"a":1}')).toBe('plain {"a":1}');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(42)).toBe('42');
  });
});
