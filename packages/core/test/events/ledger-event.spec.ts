import { eventCodecs, LedgerEventCodec } from '../../src/index';

describe('eventCodecs', () => {
  test('R-L2: holds every codec of the union, each under its own type tag, and nothing else', () => {
    expect([...eventCodecs.values()]).toEqual(LedgerEventCodec.types);
    for (const [type, codec] of eventCodecs) expect(codec.name).toBe(type);
    expect(eventCodecs.size).toBe(19);
  });

  test('R-L2: a type named like an Object.prototype member finds no codec', () => {
    expect(eventCodecs.get('constructor')).toBeUndefined();
    expect(eventCodecs.get('__proto__')).toBeUndefined();
  });
});

describe('LedgerEventCodec', () => {
  test('R-L2: a key event and a license event are both members of the one union', () => {
    expect(LedgerEventCodec.types.map((codec) => codec.name)).toEqual(
      expect.arrayContaining(['LicensePurchased', 'OtherResolved', 'SvmRegistered', 'ActivationCodeRenewal']),
    );
  });
});
