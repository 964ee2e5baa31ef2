/**
 * The `--help` texts, one per command and one for the tool.
 *
 * @since 0.1.0
 */
import type { CommandName } from './args';

const GENERAL = `Usage: license-ledger <command> LOG [options]

Replays a license audit log (NDJSON, one event per line; plain or gzip; - for stdin)
and shows the license views it leads to.

Commands:
  report LOG      Install/Remove, License Manager and key status as of an instant
  explain LOG     the history of one machine, license or SVM, and why it counts where it does
  validate LOG    decode every line without replaying; list every problem
  timeline LOG    the counts over time as an SVG chart, per pool (--out FILE)
  import LOG      append the log's events to a ledger in an event store (--ledger ID)

Options:
  -h, --help      show help (also: license-ledger <command> --help)
  -V, --version   show the version

Exit status: 0 no problem, 1 the log has problems, 2 bad usage, 3 internal error.
`;

const TOPICS: { readonly [C in CommandName]: string } = {
  report: `Usage: license-ledger report LOG [--as-of INSTANT] [--json] [--strict] [--html FILE] [--max-line-bytes N] [--max-problems N]
                             [--from-snapshot FILE] [--save-snapshot FILE] [--worker on|off]
       license-ledger report [--store DIR|postgres://…] --ledger ID [--as-of INSTANT] [--json] [--strict]

Replays LOG and prints, per pool, the Install/Remove popup counts (R-V1) and the
License Manager Used/Max with machines per group (R-V2, R-V3); per SVM, the key
slots and failed activation tasks (R-K1..R-K5); and every problem of the log
(decode errors R-L2 and rejected events R-L3), in line order.

Options:
  --as-of INSTANT  an ISO-8601 UTC instant, e.g. 2025-06-01T00:00:00Z, or a date,
                   2025-06-01 meaning that day at 00:00 UTC. Later than the
                   last event: time runs forward to it (expiries, take-overs, R-T4).
                   Earlier: the log is read up to the first event after it, and
                   nothing from that line on is applied or reported.
                   Default: the instant of the last event.
  --json           one JSON object, keys in a fixed order, arrays sorted by id;
                   two runs over the same log print the same bytes (R-L6)
  --strict         stop at the first problem (R-L4) and report the ledger as it
                   stood just before it
  --html FILE      also write the report as one self-contained HTML page (no
                   script, no network): the counts charted over time, the tables,
                   the SVMs at risk (active key ending within 30 days, no reserve),
                   the problems with their lines, and behind every count the
                   license (or machine) ids it counts
  --max-line-bytes N  a longer line is a problem, skipped unread (default 1048576)
  --max-problems N    problems listed; the rest are counted (default 100000)
  --ledger ID      report on ledger ID of an event store instead of a LOG (see
                   import); problems then name versions instead of lines
  --store WHERE    the store: a PGlite directory, or postgres://user@host/db
                   (default: the directory license-ledger-store)
  --from-snapshot FILE  start from the ledger saved in FILE (--save-snapshot) instead
                   of an empty one; LOG's events already in it are recognised by
                   id and skipped as duplicates (R-L5), so LOG may be the whole log
                   or only what came after. A damaged, truncated or foreign FILE is
                   refused (exit 2), never half-loaded.
  --save-snapshot FILE  after reading LOG, save the ledger to FILE (docs/snapshots.md):
                   the state after the last event read, before --as-of runs time
  --worker on|off  read and decode LOG in a worker thread while this one replays
                   (default on; off saves memory; stdin is always read in one thread)
  -h, --help       show this help

Exit status: 0 no problem, 1 problems (or stopped at one), 2 bad usage (also: FILE
cannot be written), 3 internal error.
`,
  explain: `Usage: license-ledger explain LOG (--machine ID | --license ID | --svm ID) [--as-of INSTANT] [--json]
                              [--max-line-bytes N] [--max-problems N] [--worker on|off]

Replays LOG and tells the history of one subject:
  --machine ID   its incarnations (R-D5), installs, every note in its history
                 (auto-extend failures included) and each license it held
  --license ID   every status it passed through (R-P3: ids are <poolId>#<n>), when,
                 by which event (or time-driven, R-T4) and rule, and which
                 Install/Remove (R-V1) and License Manager (R-V2) count it is in now
  --svm ID       its key slots and history (reserve keys removed, take-overs, renewals)

Options:
  --as-of INSTANT  as for report
  --json           one JSON object instead of text
  --max-line-bytes N, --max-problems N, --worker on|off  as for report
  -h, --help       show this help

Exit status: 0 explained and the log has no problem, 1 explained but the log has
problems (run report to list them), 2 bad usage or an id the log does not know,
3 internal error.
`,
  timeline: `Usage: license-ledger timeline LOG [--from INSTANT] [--to INSTANT] [--pool ID …] [--as-of INSTANT] --out FILE
                                [--max-line-bytes N]

Replays LOG once and draws, per pool, the Install/Remove counts over time (Applied,
Expired, Partial, Pending Installs, Extended, Other and Unused stacked: their top is
Max) and the License Manager's Used against Max, as one SVG image. Counts are exact
step functions: every instant at which a count changes is a step, a one-day dip
included. Dates are UTC, on calendar ticks (days, weeks, months, quarters or years).

Options:
  --out FILE       where to write the SVG (- for stdout); required
  --from INSTANT   start of the chart (default: the first purchase)
  --to INSTANT     end of the chart (default: --as-of, else the last event). Later
                   than the last event: the expiries, take-overs and auto-extends
                   ahead are drawn (R-T4). Events after it are not read.
  --pool ID        only this pool (repeat for more; default: every pool)
  --as-of INSTANT  today: a line is drawn there
  --max-line-bytes N  as for report
  -h, --help       show this help

Exit status: 0 no problem, 1 the log has problems (the chart is written; report
lists them), 2 bad usage (also: FILE cannot be written, a pool the log does not
have by the end), 3 internal error.
`,
  validate: `Usage: license-ledger validate LOG [--max-line-bytes N] [--worker on|off]

Decodes every line of LOG without replaying it: each line that is not valid JSON
or not a known event is listed with its line number, field path and what was
expected (R-L2). Rejections need a replay: use report for those.

Options:
  --max-line-bytes N  a longer line is a problem, skipped unread (default 1048576)
  --worker on|off     decode in a worker thread (default off)
  -h, --help   show this help

Exit status: 0 every line decodes, 1 some do not, 2 bad usage, 3 internal error.
`,
  import: `Usage: license-ledger import LOG [--store DIR|postgres://…] --ledger ID [--progress]

Appends the events of LOG to ledger ID in an event store, a batch per transaction.
Each event is stored with what replay makes of it (applied, or rejected with its
rule, R-L3); an event already stored is skipped (R-L5), so importing a log again,
or a longer version of it, stores only what is new. Lines that do not decode are
listed and not stored (R-L2). A writer appending to the ledger at the same time
stops the import with a conflict: run it again.

Options:
  --ledger ID      the ledger (one per customer; created by its first import)
  --store WHERE    a PGlite directory (embedded PostgreSQL, created when missing)
                   or postgres://user@host:port/db (default: the directory
                   license-ledger-store in the current directory)
  --progress       draw the progress bar on stderr (bytes of LOG stored so far)
                   even when stderr is not a terminal; on a terminal it is drawn
                   for a log over 8 MiB anyway
  -h, --help       show this help

Exit status: 0 every line stored and applied, 1 lines not decoded or events
rejected by the rules (report --ledger lists them), 2 bad usage or a log or store
that cannot be opened, 3 internal error.
`,
};

/**
 * The help text for a command, or for the tool when `topic` is null.
 *
 * @since 0.1.0
 */
export const helpText = (topic: CommandName | null): string => (topic === null ? GENERAL : TOPICS[topic]);
