/**
 * The package's own model of the whole ledger: the license rules
 * ({@link LicenseModel}) and the key rules ({@link KeyModel}) behind one
 * `apply(event)` that says whether the event applies and, if it does, applies
 * it. Written from docs/rules.md, sharing no code with core (only the event
 * types, as data): the generators build histories from it, so a test that
 * replays them through core catches a rule core gets wrong instead of the
 * generator quietly leaving the event out.
 */
import type { LedgerEvent } from '@license-ledger/core';
import { KeyModel } from './key-model';
import { LicenseModel } from './license-model';

/** What replay must make of one event (R-L3, R-L5). */
export type ModelOutcome = 'applied' | 'duplicate' | 'rejected';

/** R-L5: bodies compare as JSON with the keys of every object sorted and the wire version left out. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== 'v')
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );

export class LedgerModel {
  readonly licenses: LicenseModel;
  readonly keys: KeyModel;
  /** The canonical body of every applied event, by id (R-L5). */
  private readonly ids = new Map<string, string>();
  private clock: number | null = null;

  constructor(start: number) {
    this.licenses = new LicenseModel(start);
    this.keys = new KeyModel(start);
  }

  /** The instant of the last applied event, or null before the first. */
  get lastApplied(): number | null {
    return this.clock;
  }

  /** R-T4: every time-driven change due by `to`. Time never goes back. */
  advance(to: number): void {
    this.licenses.advance(to);
    this.keys.advance(to);
  }

  /**
   * Whether the ledger must apply `event` after the events applied so far, and
   * if so applies it. Time moves to the event's instant either way (R-T4); an
   * id seen before or an instant before the last applied event is refused (R-L5, R-T1).
   */
  apply(event: LedgerEvent): boolean {
    return this.outcome(event) === 'applied';
  }

  /**
   * What replay must make of `event` after the events so far, applying it if it
   * applies: an id applied before is a repeat with the same body (skipped) and
   * rejected with another (R-L5), even with an old instant (R-T1 decision); an
   * earlier instant than the last applied event is rejected (R-T1); otherwise the
   * rules decide, after every change due by its instant (R-T4).
   */
  outcome(event: LedgerEvent): ModelOutcome {
    const seen = this.ids.get(event.id);
    if (seen !== undefined) return seen === canonical(event) ? 'duplicate' : 'rejected';
    if (this.clock !== null && event.at < this.clock) return 'rejected';
    this.advance(event.at);
    if (!this.decide(event)) return 'rejected';
    this.ids.set(event.id, canonical(event));
    this.clock = event.at;
    return 'applied';
  }

  private decide(event: LedgerEvent): boolean {
    const l = this.licenses;
    switch (event.type) {
      case 'LicensePurchased':
        return l.purchase(event);
      case 'InstallRequested':
        return l.request(event);
      case 'KesInstalled':
        return l.checkIn(event, 'kes', event.installedAt ?? event.at);
      case 'ModuleInstalled':
        return l.checkIn(event, 'seat', event.at);
      case 'InstallFailed':
        return l.fail(event);
      case 'Uninstalled':
        return l.uninstall(event);
      case 'AvUninstalledByUser':
        return l.avRemoved(event);
      case 'AgentDeleted':
        return l.agentDeleted(event);
      case 'RecoveryRun':
        return l.recovery();
      case 'CleanDatabaseRun':
        return l.cleanDatabase();
      case 'Extended':
        return l.extend(event);
      case 'Returned':
        return l.giveBack(event);
      case 'AutoExtendSet':
        return l.setAutoExtend(event);
      case 'LicenseMarkedOther':
        return l.markOther(event);
      case 'OtherResolved':
        return l.resolveOther(event);
      case 'SvmRegistered':
        return this.keys.registerSvm(event);
      case 'KeyActivated':
        return this.keys.activate(event);
      case 'ReserveKeyAdded':
        return this.keys.addReserve(event);
      case 'ActivationCodeRenewal':
        return this.keys.renew(event);
    }
  }
}
