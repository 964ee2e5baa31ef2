const { PGlite } = require('@electric-sql/pglite');
(async () => {
  let t=Date.now();
  const db = await PGlite.create('/tmp/pgl-test-dir');
  console.log('reopen', Date.now()-t); await db.close();
  t=Date.now();
  const m = await PGlite.create();
  console.log('memory', Date.now()-t);
  t=Date.now();
  const d = await m.dumpDataDir('none'); console.log('dump', Date.now()-t, d.size);
  t=Date.now();
  const m2 = await PGlite.create({loadDataDir: d}); console.log('fromdump', Date.now()-t);
})();
