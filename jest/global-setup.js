// Prints, once per jest run, the fast-check settings every property test uses.
module.exports = () => {
  const { seed, numRuns, path } = require('./fast-check-settings');
  const replay = path === undefined ? '' : `, path ${path}`;
  process.stdout.write(
    `\nfast-check: seed ${seed}, ${numRuns} runs per property${replay} (LEDGER_SEED, LEDGER_NUM_RUNS, LEDGER_PATH)\n`,
  );
};
