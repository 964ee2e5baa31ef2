import * as E from 'fp-ts/Either';
import { openStore } from '../src/store';

// The database drivers are loaded when a store of their kind is opened: a program that
// keeps its ledgers in PGlite never loads pg. Loading it here fails the test that did.
jest.mock('pg', () => {
  throw new Error('pg was loaded');
});
jest.mock('pg-copy-streams', () => {
  throw new Error('pg-copy-streams was loaded');
});

describe('openStore', () => {
  test('an embedded store (PGlite) opens, migrates and closes without loading pg', async () => {
    const opened = await openStore('memory:')();
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    expect(await opened.right.ledgers()()).toEqual(E.right([]));
    await opened.right.close();
    // PGlite starts Postgres in WebAssembly: seconds on a busy machine (CI failed at jest's default 5 s under load 9).
  }, 60_000);
});
