import { escapeMarkup } from '../src/markup';

describe('escapeMarkup', () => {
  it('the five markup characters become references', () => {
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('a control character or a lone surrogate, which XML cannot carry, becomes U+FFFD; tabs, newlines and astral characters stay', () => {
    expect(escapeMarkup('a\u0001b\uD800c\uFFFEd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeMarkup('t\tn\n😀é')).toBe('t\tn\n😀é');
  });
});
