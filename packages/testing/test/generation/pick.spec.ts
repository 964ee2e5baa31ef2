import { pick } from '../../src/generation/pick';

describe('pick', () => {
  test('wraps around the candidates, and finds nothing among none', () => {
    expect([pick(['a', 'b'], 0), pick(['a', 'b'], 3), pick([], 1)]).toEqual(['a', 'b', undefined]);
  });
});
