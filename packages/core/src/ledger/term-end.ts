import { addExactDays, type Instant } from '../time/instant';
import type { LicenseEnd } from '../state/ledger-state';
import type { Installation } from '../state/machine';
import { installWithLicense } from './install-records';

/**
 * What follows when the applied license of an install reaches its end (R-T2),
 * decided once for `advanceTo` (which writes it to a draft) and `forecastPools`
 * (which moves pool counters by it):
 * - `taken-over`: the next queued extension takes over (R-X2), else, with
 *   auto-extend on, the lowest-numbered never-used license does (R-X4, never a
 *   partial); `from` is the status the license leaves, `install` the install after;
 * - `auto-extend-failed`: auto-extend is on and no license is unused (R-X4);
 * - `expired`: nothing takes over.
 * In every case the ended license becomes Expired.
 *
 * @since 0.1.0
 */
export type TermEnd =
  | {
      readonly kind: 'taken-over';
      readonly rule: 'R-X2' | 'R-X4';
      readonly from: 'extended' | 'unused';
      readonly licenseId: string;
      readonly install: Installation;
    }
  | { readonly kind: 'auto-extend-failed'; readonly rule: 'R-X4' }
  | { readonly kind: 'expired'; readonly rule: 'R-T2' };

/**
 * The one implementation of R-X2 and R-X4: what takes over at the end of
 * `install`'s license. `takeUnused` takes the lowest-numbered never-used license
 * of the install's pool out of Unused and returns its id (undefined: none left);
 * it is called only when auto-extend needs one.
 *
 * @since 0.1.0
 */
export const termEnd = (install: Installation, takeUnused: () => string | undefined): TermEnd => {
  const [next, ...queue] = install.queue;
  if (next !== undefined)
    return {
      kind: 'taken-over',
      rule: 'R-X2',
      from: 'extended',
      licenseId: next,
      install: installWithLicense(install, next, queue),
    };
  if (!install.autoExtend) return { kind: 'expired', rule: 'R-T2' };
  const fresh = takeUnused();
  if (fresh === undefined) return { kind: 'auto-extend-failed', rule: 'R-X4' };
  return {
    kind: 'taken-over',
    rule: 'R-X4',
    from: 'unused',
    licenseId: fresh,
    install: installWithLicense(install, fresh, install.queue),
  };
};

/**
 * The end of a license applied on a machine at `startAt` with `days` left (R-T2, R-X2):
 * `days` exact days later; none for a seat without a term.
 *
 * @since 0.1.0
 */
export const licenseEndOf = (
  poolId: string,
  machineId: string,
  licenseId: string,
  startAt: Instant,
  days: number | null,
): LicenseEnd | undefined =>
  days === null ? undefined : { at: addExactDays(startAt, days), kind: 'license-end', poolId, machineId, licenseId };
