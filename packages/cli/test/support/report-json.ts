import type { Report } from '../../src/views/report-view';

/** The text of `report --json` (docs/report-json.md), parsed and typed as the report it is. */
export const reportJson = (text: string): Report => JSON.parse(text) as Report;
