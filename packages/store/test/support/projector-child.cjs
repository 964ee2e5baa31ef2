/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by node directly */
// A projector in a process of its own, for the crash test: node --conditions=source projector-child.cjs URL PAUSE_AT_BATCH
// Compiles the TypeScript sources on the fly with @swc/core. At batch PAUSE_AT_BATCH it
// prints "paused FROM TO" from inside the batch's transaction and waits there, to be killed.
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { postgresBackend } = require('../../src/backend/postgres-backend.ts');
const { createProjector } = require('../../src/projector.ts');

const [url, pauseAt] = process.argv.slice(2);
(async () => {
  const backend = await postgresBackend(url);
  let batches = 0;
  const projector = createProjector(backend, {
    batchSize: Number(process.env.BATCH_SIZE ?? 500),
    async beforeCommit(batch) {
      batches += 1;
      if (batches === Number(pauseAt)) {
        process.stdout.write(`paused ${batch.ledgerId} ${batch.fromVersion} ${batch.toVersion}\n`);
        await new Promise(() => undefined);
      }
    },
  });
  await projector.catchUp();
  process.stdout.write('caught up\n');
  await backend.close();
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
