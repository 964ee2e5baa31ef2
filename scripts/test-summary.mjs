// Prints jest's totals as one plain closing line ("N passed, N failed, N skipped").
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync('.jest-results.json', 'utf8'));
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
process.exit(results.success ? 0 : 1);
