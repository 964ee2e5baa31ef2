/**
 * A fresh in-memory PGlite per test. A new PGlite runs initdb (seconds, in
 * WebAssembly), so the first one is dumped to the temp dir and later ones load
 * that dump (well under a second).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const version = (
  JSON.parse(
    fs.readFileSync(path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8'),
  ) as { version: string }
).version;
const DUMP = path.join(os.tmpdir(), `license-ledger-pglite-${version}.tar.gz`);

export const freshPglite = async (): Promise<PGlite> => {
  if (fs.existsSync(DUMP)) {
    const dump = new Blob([fs.readFileSync(DUMP)]);
    return PGlite.create({ loadDataDir: dump });
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('gzip');
  const temp = `${DUMP}.${process.pid}`;
  fs.writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(temp, DUMP);
  return db;
};
