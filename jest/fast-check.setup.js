// Runs before every test file (jest.config.js setupFiles): every fc.assert and
// fc.check takes its seed and number of runs from here unless it says otherwise.
require('fast-check').configureGlobal(require('./fast-check-settings'));
