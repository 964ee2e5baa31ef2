import { getLicense, getPool } from '@license-ledger/core/internal';
import { eventBuilder, ledgerSpec } from '../../src/index';

const history = () => {
  const e = eventBuilder();
  return {
    e,
    given: [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    ],
  };
};

describe('ledgerSpec', () => {
  test('R-U1: given an install, when it is uninstalled after 65 days, then the license is Partial with 300 days', () => {
    const { e, given } = history();
    ledgerSpec
      .given(given)
      .when(e('Uninstalled', '2025-03-08T05:00:00Z', { poolId: 'kes', machineId: 'ws-1' }))
      .then('applied', {
        'R-U1: kes#1 is Partial with 300 days left': (after) =>
          getLicense(after, 'kes#1')?.status === 'partial' && getLicense(after, 'kes#1')?.daysLeft === 300,
        'R-U2: the queued extension is Unused again': (after) => {
          expect(getLicense(after, 'kes#2')?.status).toBe('unused');
        },
        'the state before is untouched': (_after, before) => getLicense(before, 'kes#1')?.status === 'applied',
      });
  });

  test('R-X3: names the rule a rejection was expected by and the one it got', () => {
    const { e, given } = history();
    const spec = ledgerSpec
      .given(given)
      .when(e('Returned', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 3 }));
    expect(() =>
      spec.then({ rejectedBy: 'R-X3' }, { 'R-L3: nothing changed': (after, before) => after === before }),
    ).not.toThrow();
    expect(() => spec.then({ rejectedBy: 'R-X1' })).toThrow(
      /^ledgerSpec when Returned e4 \(after 3 given events\):\n {2}✗ outcome: expected rejected by R-X1, got rejected by R-X3 \(.+\)$/,
    );
    expect(() => spec.then('applied')).toThrow(/expected applied, got rejected by R-X3/);
  });

  test('every failed expectation is listed by its name, with what it said', () => {
    const { e, given } = history();
    let message = '';
    try {
      ledgerSpec
        .given(given)
        .when(e('Returned', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }))
        .then('applied', {
          'R-X3: the extension is Unused again': (after) => getLicense(after, 'kes#2')?.status === 'unused',
          'R-V1: returns false': () => false,
          'R-V4: lists violations': () => ['kes#9 is nowhere'],
          'R-P1: throws': (after) => {
            expect(getPool(after, 'kes')?.max).toBe(5);
          },
        });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('✗ R-V1: returns false\n      it returned false');
    expect(message).toContain('✗ R-V4: lists violations\n      kes#9 is nowhere');
    expect(message).toContain('✗ R-P1: throws');
    expect(message).not.toContain('R-X3');
  });

  test('R-L5: an exact repeat is a duplicate, and a given history that does not apply in full fails before the event', () => {
    const { given } = history();
    ledgerSpec
      .given(given)
      .when(given[2]!)
      .then('duplicate', { 'R-L5: nothing changed': (after, before) => after === before });
    const e = eventBuilder('x');
    const broken = [e('Returned', '2025-01-01T00:00:00Z', { poolId: 'none', machineId: 'ws-1', count: 1 })];
    expect(() => ledgerSpec.given(broken).when(given[0]!).then('applied')).toThrow(
      /^ledgerSpec given: the history should apply in full:\n {2}x1 R-P1: /,
    );
  });
});
